// Schemas of the probes (api/routes/health.ts).
export const text = { 200: { type: 'string' }, 503: { type: 'string' } } as const;
export const health = { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, time: { type: 'string' } } } as const;
