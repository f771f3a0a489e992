// Schemas of the fleet's capacity (api/routes/resources.ts).
const anyObject = { type: ['object', 'null'], additionalProperties: true } as const;

export const usageReply = {
  type: 'object',
  properties: {
    recorded: { type: 'boolean', description: 'False until the operator has recorded a snapshot.' },
    taken_at: { type: ['string', 'null'], format: 'date-time' },
    selenium: anyObject,
    queues: anyObject,
    workers: anyObject,
    pools: {
      type: 'array',
      items: {
        type: 'object',
        properties: { pool: { type: 'string' }, taken_at: { type: 'string' }, data: { type: 'object', additionalProperties: true } },
      },
    },
  },
} as const;
