// Schemas of the predecessor's collection endpoints (api/routes/collectors.ts). Body schemas refuse
// unknown fields; the handlers' types are inferred from them.
import type { FromSchema } from 'json-schema-to-ts';
import { COLLECTION_METHODS, MAX_KEYWORDS, MAX_URLS } from '../../lib/crd/collectionjob.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';
import { COMPAT_STATUSES, day, department, keyword, nullableString, pageQuery, shared, statusEntrySchema } from './common.js';

/** A pattern matching the word in any case ("api" -> "[Aa][Pp][Ii]"): the predecessor accepted "API". */
const anyCase = (word: string): string =>
  [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join('');

export const metadataStartBody = {
  type: 'object',
  additionalProperties: false,
  description: 'A metadata collection: articles found by keywords over a date range.',
  properties: {
    keyword,
    keywords: { type: 'array', items: keyword, minItems: 1, maxItems: MAX_KEYWORDS, description: `Several keywords (at most ${MAX_KEYWORDS}).` },
    method: {
      type: 'string',
      pattern: `^(?:${COLLECTION_METHODS.map(anyCase).join('|')})$`,
      description: `${COLLECTION_METHODS.join(' or ')} (case-insensitive); default ${JOB_DEFAULTS.method}.`,
    },
    start_date: day('The first day, YYYY-MM-DD (Asia/Seoul).'),
    end_date: day('The last day, inclusive.'),
    max_articles: { type: 'integer', minimum: 1, maximum: 100000, description: 'At most this many articles per keyword and day.' },
    include_comments: { type: 'boolean', description: 'Also collect the comments of the articles found.' },
    ...shared,
  },
  required: ['start_date', 'end_date'],
} as const;

export const commentsStartBody = {
  type: 'object',
  additionalProperties: false,
  description:
    'A comments collection: from article URLs, from the articles of a metadata request, or from stored articles matching keywords and dates.',
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
    shared: {
      type: 'boolean',
      description:
        "Admin tokens: select among every department's stored articles; without it a keyword query selects only the articles the department's own jobs found.",
    },
    ...shared,
  },
} as const;

export const stopBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    request_id: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9-]+$',
      description: "The request to stop; when absent, every running job of this type of the caller's department.",
    },
    department,
  },
} as const;

export const pauseBody = {
  type: 'object',
  additionalProperties: false,
  properties: { department: { ...department, description: 'Admins: pause this department instead of the whole fleet.' } },
} as const;

export const startReply = {
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
} as const;

export const statusListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQuery,
    status: { type: 'string', enum: COMPAT_STATUSES },
    department: { type: 'string', maxLength: 63, description: 'Admins: only this department.' },
  },
} as const;

export const statusListReply = {
  type: 'object',
  properties: { collectors: { type: 'array', items: statusEntrySchema }, next_cursor: nullableString, count: { type: 'integer' } },
} as const;

export const requestIdParams = {
  type: 'object',
  properties: { request_id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['request_id'],
} as const;

/** Body of POST /collectors/metadata/start after the route schema accepted it. */
export type MetadataStartBody = FromSchema<typeof metadataStartBody>;
/** Body of POST /collectors/comments/start. */
export type CommentsStartBody = FromSchema<typeof commentsStartBody>;
export type StatusListQuery = FromSchema<typeof statusListQuery>;
