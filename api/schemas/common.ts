// Shared pieces of the route schemas. Every schema is a plain JSON schema declared `as const`: the
// OpenAPI document is generated from it and the handlers' types are inferred from it
// (json-schema-to-ts through Fastify's type provider, see ./provider.ts).
import { problemSchema } from '../domain/problem.js';
import { HIGHEST_PRIORITY, LOWEST_PRIORITY } from '../../lib/priority.js';

export const day = <D extends string>(description: D) => ({ type: 'string', format: 'date', description, examples: ['2024-11-20'] }) as const;
export const keyword = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: 'A search keyword.' } as const;
export const priority = {
  description: `high (8), medium (5), low (2), or ${LOWEST_PRIORITY} (lowest) to ${HIGHEST_PRIORITY} (highest); capped at the department's maximum.`,
  anyOf: [
    { type: 'integer', minimum: LOWEST_PRIORITY, maximum: HIGHEST_PRIORITY },
    // One digit: the levels are single digits.
    { type: 'string', pattern: `^(?:[${LOWEST_PRIORITY}-${HIGHEST_PRIORITY}]|[Hh][Ii][Gg][Hh]|[Mm][Ee][Dd][Ii][Uu][Mm]|[Ll][Oo][Ww])$` },
  ],
} as const;
const delay = <W extends string>(what: W) =>
  ({ type: 'number', minimum: 0, maximum: 600, description: `${what} pause between page requests, in seconds.` }) as const;
export const department = {
  type: 'string',
  minLength: 1,
  maxLength: 63,
  description: "The department; must be the caller's own (admins name any).",
} as const;
export const shared = {
  min_delay: delay('The shortest'),
  max_delay: delay('The longest'),
  batch_size: { type: 'integer', minimum: 1, maximum: 10000, description: 'Rows written to the database per batch.' },
  priority,
  department,
  is_test: { type: 'boolean', description: 'A test run: results are marked as test data.' },
  parallelism: { type: 'integer', minimum: 1, maximum: 1000, description: 'The most tasks of this job in flight at once.' },
  title: { type: 'string', maxLength: 120, description: 'A name to tell the job apart by in lists (free text; the request id stays its key).' },
  note: { type: 'string', maxLength: 1000, description: 'A note on what the job is for.' },
} as const;

/** The metadata a create request may carry: a DNS label name and a few labels. */
export const createMetadataProperties = {
  name: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
  labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 }, maxProperties: 20 },
} as const;

export const nullableString = { type: ['string', 'null'] } as const;
export const nullableInt = { type: ['integer', 'null'] } as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50, description: 'Rows per page.' },
  cursor: { type: 'string', maxLength: 400, description: 'The next_cursor of the previous page.' },
} as const;

export const actionReply = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    message: { type: 'string' },
    status: { type: 'string' },
    request_ids: { type: 'array', items: { type: 'string' } },
    scope: { type: 'string' },
    department: { type: 'string' },
    paused: { type: 'boolean' },
  },
} as const;

export const COMPAT_STATUSES = ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUSPENDED', 'CANCELLED'] as const;
const TASK_COUNTS = ['total', 'pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

export const statusEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    request_id: nullableString,
    name: { type: 'string' },
    namespace: { type: 'string' },
    type: { type: 'string', enum: ['metadata', 'comments'] },
    status: { type: 'string', enum: COMPAT_STATUSES },
    phase: { type: 'string' },
    keyword: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
    method: nullableString,
    department: nullableString,
    priority: nullableInt,
    progress: { type: 'string', examples: ['60%'] },
    progress_percent: { type: 'integer' },
    total_collected: { type: 'integer' },
    articles: { type: 'integer' },
    comments: { type: 'integer' },
    comments_new: { ...nullableInt, description: 'Of the comments collected, those not stored before.' },
    comments_changed: { ...nullableInt, description: 'Of the comments collected, stored ones whose counts, deleted state or text changed.' },
    schedule: { ...nullableString, description: 'The CollectionSchedule that created the job, if any.' },
    tasks: {
      type: 'object',
      properties: Object.fromEntries(TASK_COUNTS.map((k) => [k, { type: 'integer' }])) as Record<(typeof TASK_COUNTS)[number], { type: 'integer' }>,
    },
    is_test: { type: 'boolean' },
    queued_at: nullableString,
    created_at: nullableString,
    admitted_at: nullableString,
    started_at: nullableString,
    completed_at: nullableString,
    message: nullableString,
    error_message: nullableString,
    data_complete: {
      type: ['boolean', 'null'],
      description:
        'Set when the job finishes: false when the sites showed items that were not stored (its DataComplete condition); null while it runs.',
    },
    data_shortfall: { ...nullableString, description: 'What was shown and not stored, e.g. "6 of 93 search results could not be read".' },
    title: { ...nullableString, description: 'The name given at submission, if any.' },
    note: { ...nullableString, description: 'The note given at submission, if any.' },
    requested_by: { ...nullableString, description: 'The token name that submitted the job (null for a job applied with kubectl).' },
    date_range: {
      type: ['object', 'null'],
      properties: { from: { type: 'string' }, to: { type: 'string' } },
      description: 'The days a metadata job covers, or those of a comments query; null for URLs or another job.',
    },
    include_comments: { type: 'boolean', description: 'A metadata job that collects the comments of its articles too.' },
  },
} as const;

/** Problems are declared on every route, so the document shows the error shape. */
export const withProblems = <R extends Record<number, unknown>>(ok: R) =>
  ({
    ...ok,
    '4xx': { $ref: 'Problem#' },
    '5xx': { $ref: 'Problem#' },
  }) as const;

export { problemSchema };
