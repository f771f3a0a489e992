// Schemas of the job-scoped log lines (api/routes/logs.ts).
import { pageQuery } from './common.js';

export const logLine = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    time: { type: 'string', format: 'date-time' },
    level: { type: 'string' },
    component: { type: 'string' },
    message: { type: 'string' },
    fields: { type: ['object', 'null'], additionalProperties: true },
    job: { type: ['string', 'null'] },
    request_id: { type: ['string', 'null'] },
    task_id: { type: ['string', 'null'] },
  },
} as const;

export const logsQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    job: { type: 'string', minLength: 1, maxLength: 253, description: 'A request id or job name.' },
    level: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], description: 'This level and above.' },
    component: { type: 'string', enum: ['operator', 'worker', 'api'] },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    q: { type: 'string', minLength: 1, maxLength: 200, description: 'Text contained in the message.' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: pageQuery.cursor,
    follow: { type: 'boolean', default: false },
    department: { type: 'string', maxLength: 63, description: "Admins: only this department's jobs." },
  },
} as const;

export const logsReply = {
  type: 'object',
  description: 'A page; with follow=true a text/event-stream of `log` events instead.',
  properties: {
    logs: { type: 'array', items: logLine },
    next_cursor: { type: ['string', 'null'] },
    count: { type: 'integer' },
    has_more: { type: 'boolean' },
  },
} as const;
