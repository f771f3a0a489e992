// The route schemas: the contract of every route, from which requests are validated, replies are
// serialised and the OpenAPI document is generated. Body schemas refuse unknown fields.
import { collectionJobSpec, MAX_KEYWORDS, MAX_URLS } from '../lib/crd/collectionjob.js';
import { problemSchema } from './domain/problem.js';

type S = Record<string, unknown>;

const day = (description: string): S => ({ type: 'string', format: 'date', description, examples: ['2024-11-20'] });
const keyword: S = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: 'A search keyword.' };
const priority: S = {
  description: 'high (8), medium (5), low (2), or 1 (lowest) to 9 (highest); capped at the department\'s maximum.',
  anyOf: [
    { type: 'integer', minimum: 1, maximum: 9 },
    { type: 'string', pattern: '^(?:[1-9]|[Hh][Ii][Gg][Hh]|[Mm][Ee][Dd][Ii][Uu][Mm]|[Ll][Oo][Ww])$' },
  ],
};
const delay = (what: string): S => ({ type: 'number', minimum: 0, maximum: 600, description: `${what} pause between page requests, in seconds.` });
const department: S = { type: 'string', minLength: 1, maxLength: 63, description: 'The department; must be the caller\'s own (admins name any).' };
const shared = {
  min_delay: delay('The shortest'),
  max_delay: delay('The longest'),
  batch_size: { type: 'integer', minimum: 1, maximum: 10000, description: 'Rows written to the database per batch.' },
  priority,
  department,
  is_test: { type: 'boolean', description: 'A test run: results are marked as test data.' },
  parallelism: { type: 'integer', minimum: 1, maximum: 1000, description: 'The most tasks of this job in flight at once.' },
};

export const metadataStartBody: S = {
  type: 'object',
  additionalProperties: false,
  description: 'A metadata collection: articles found by keywords over a date range.',
  properties: {
    keyword,
    keywords: { type: 'array', items: keyword, minItems: 1, maxItems: MAX_KEYWORDS, description: `Several keywords (at most ${MAX_KEYWORDS}).` },
    method: { type: 'string', pattern: '^(?:[Aa][Pp][Ii]|[Ss][Ee][Aa][Rr][Cc][Hh])$', description: 'api or search (case-insensitive); default search.' },
    start_date: day('The first day, YYYY-MM-DD (Asia/Seoul).'),
    end_date: day('The last day, inclusive.'),
    max_articles: { type: 'integer', minimum: 1, maximum: 100000, description: 'At most this many articles per keyword and day.' },
    include_comments: { type: 'boolean', description: 'Also collect the comments of the articles found.' },
    ...shared,
  },
  required: ['start_date', 'end_date'],
};

export const commentsStartBody: S = {
  type: 'object',
  additionalProperties: false,
  description: 'A comments collection: from article URLs, from the articles of a metadata request, or from stored articles matching keywords and dates.',
  properties: {
    article_urls: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_URLS,
      items: { type: 'string', minLength: 1, maxLength: 2048 },
      description: `Article URLs, http or https (at most ${MAX_URLS}).`,
    },
    request_id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'A metadata request whose articles to use.' },
    keyword,
    keywords: { type: 'array', items: keyword, minItems: 1, maxItems: MAX_KEYWORDS },
    start_date: day('Articles published from this day.'),
    end_date: day('Articles published until this day, inclusive.'),
    publishers: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 100 },
    max_articles: { type: 'integer', minimum: 1, maximum: 100000, description: 'At most this many stored articles, newest first.' },
    ...shared,
  },
};

export const stopBody: S = {
  type: 'object',
  additionalProperties: false,
  properties: {
    request_id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'The request to stop; when absent, every running job of this type of the caller\'s department.' },
    department,
  },
};

export const pauseBody: S = {
  type: 'object',
  additionalProperties: false,
  properties: { department: { ...department, description: 'Admins: pause this department instead of the whole fleet.' } },
};

export const startReply: S = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    request_id: { type: 'string' },
    message: { type: 'string' },
    status: { type: 'string' },
    queued_at: { type: 'string', format: 'date-time' },
    job: { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' }, uid: { type: 'string' } } },
    department: { type: 'string' },
    priority: { type: 'integer' },
    priority_capped: { type: 'boolean' },
    notes: { type: 'array', items: { type: 'string' } },
    total_collected: { type: 'integer' },
  },
};

export const actionReply: S = {
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
};

const nullableString = { type: ['string', 'null'] };
const nullableInt = { type: ['integer', 'null'] };

export const statusEntrySchema: S = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    request_id: nullableString,
    name: { type: 'string' },
    namespace: { type: 'string' },
    type: { type: 'string', enum: ['metadata', 'comments'] },
    status: { type: 'string', enum: ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUSPENDED', 'CANCELLED'] },
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
    tasks: {
      type: 'object',
      properties: Object.fromEntries(['total', 'pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled'].map((k) => [k, { type: 'integer' }])),
    },
    is_test: { type: 'boolean' },
    queued_at: nullableString,
    created_at: nullableString,
    admitted_at: nullableString,
    started_at: nullableString,
    completed_at: nullableString,
    message: nullableString,
    error_message: nullableString,
  },
};

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50, description: 'Rows per page.' },
  cursor: { type: 'string', maxLength: 400, description: 'The next_cursor of the previous page.' },
};

export const statusListQuery: S = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    status: { type: 'string', enum: ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUSPENDED', 'CANCELLED'] },
    department: { type: 'string', maxLength: 63, description: 'Admins: only this department.' },
  },
};

export const statusListReply: S = {
  type: 'object',
  properties: { collectors: { type: 'array', items: statusEntrySchema }, next_cursor: nullableString, count: { type: 'integer' } },
};

export const requestIdParams: S = {
  type: 'object',
  properties: { request_id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['request_id'],
};

/** A CollectionJob as the resource-style API shows it (from the mirror). */
export const collectionJobView: S = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        uid: { type: 'string' },
        creationTimestamp: { type: 'string' },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: { type: 'object', additionalProperties: true },
    status: { type: 'object', additionalProperties: true },
    summary: statusEntrySchema,
  },
};

export const jobCreateBody: S = {
  type: 'object',
  additionalProperties: false,
  description: 'A CollectionJob; the namespace is the caller\'s department\'s.',
  properties: {
    apiVersion: { type: 'string', enum: ['collection.newsroom.dev/v1alpha1'] },
    kind: { type: 'string', enum: ['CollectionJob'] },
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 }, maxProperties: 20 },
      },
    },
    department,
    // The CRD's own schema is applied by validateSpec in the handler (unknown fields refused there).
    spec: { type: 'object', description: collectionJobSpec.description },
  },
  required: ['spec'],
};

export const jobNameParams: S = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } },
  required: ['name'],
};

export const jobListQuery: S = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    type: { type: 'string', enum: ['Metadata', 'Comments'] },
    phase: { type: 'string', enum: ['Pending', 'Admitted', 'Running', 'Suspended', 'Complete', 'Failed'] },
    department: { type: 'string', maxLength: 63, description: 'Admins: only this department.' },
  },
};

export const jobNameQuery: S = {
  type: 'object',
  additionalProperties: false,
  properties: { namespace: { type: 'string', maxLength: 63, description: 'Admins: the job\'s namespace when the name is not unique.' } },
};

/** Problems are declared on every route, so the document shows the error shape. */
export const withProblems = (ok: Record<number, S>): Record<string, S> => ({
  ...ok,
  '4xx': { $ref: 'Problem#' },
  '5xx': { $ref: 'Problem#' },
});

export { problemSchema };
