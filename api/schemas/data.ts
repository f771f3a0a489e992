// Schemas of the collected data (api/routes/data.ts): pages of articles and comments, and downloads.
import type { Dataset } from '../plugins/services/data.js';
import { pageQuery } from './common.js';

export const filters = <D extends Dataset>(set: D) =>
  ({
    job: { type: 'string', minLength: 1, maxLength: 253, description: 'A request id or job name.' },
    keyword: { type: 'string', minLength: 1, maxLength: 100, description: 'Articles found by this keyword.' },
    publisher: { type: 'string', minLength: 1, maxLength: 100 },
    from: { type: 'string', format: 'date', description: `${set === 'metadata' ? 'Published' : 'Written'} on or after this day (Asia/Seoul).` },
    to: { type: 'string', format: 'date', description: 'On or before this day, inclusive.' },
    article: { type: 'integer', minimum: 1, description: "One article's id." },
    q: { type: 'string', minLength: 1, maxLength: 200, description: `Text contained in the ${set === 'metadata' ? 'title' : 'comment'}.` },
    department: { type: 'string', maxLength: 63, description: "Admins: only this department's data." },
    first_seen_after: {
      type: 'string',
      format: 'date-time',
      description: `Only ${set === 'metadata' ? 'articles' : 'comments'} first stored at or after this instant (what a run added: its start time).`,
    },
    changed_after: {
      type: 'string',
      format: 'date-time',
      description:
        'Comments only: those stored or changed (likes, dislikes, replies, deleted state or text) at or after this instant: what a refresh run added or updated.',
    },
  }) as const;

const sorts = {
  metadata: ['-published_at', 'published_at', '-id', 'id', '-comments', 'comments'],
  comments: ['-written_at', 'written_at', '-id', 'id'],
} as const;

export const article = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    source: { type: 'string' },
    oid: { type: ['string', 'null'] },
    aid: { type: ['string', 'null'] },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    publisher: { type: ['string', 'null'] },
    publisher_domain: { type: ['string', 'null'] },
    section: { type: ['string', 'null'] },
    byline: { type: ['string', 'null'] },
    published_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'The start of the interval the site gave, in Asia/Seoul at published_precision (midnight for a day).',
    },
    published_precision: {
      type: ['string', 'null'],
      enum: ['second', 'minute', 'hour', 'day', 'week', 'month', null],
      description:
        'How exact published_at is: second and minute are exact times; hour, day, week or month say only that interval (null when published_at is).',
    },
    portal_url: { type: ['string', 'null'] },
    original_url: { type: ['string', 'null'] },
    first_collected_at: { type: 'string', format: 'date-time' },
    last_collected_at: { type: 'string', format: 'date-time' },
    is_test: { type: 'boolean' },
    identity: {
      type: 'string',
      description: 'The identity the article is stored under on its source (e.g. oid/aid, a one-part id, or the canonical URL).',
    },
    modified_at: { type: ['string', 'null'], format: 'date-time', description: 'When the site says the article was last modified.' },
    body: { type: ['string', 'null'], description: 'The body text as the article page shows it, paragraphs joined by a blank line.' },
    comment_stats: {
      type: ['object', 'null'],
      additionalProperties: { type: 'number' },
      description:
        'The comment statistics the site shows for the article, by the names its NewsSource gives them (e.g. current, deletedByAuthor, deletedByModerator, male, female, age20), as last read.',
    },
    comment_count: { type: 'integer', description: 'The comments stored for the article (sort by it with sort=-comments).' },
    comments_read_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: "When the article's comments were last read; null when they were never collected (so 0 comments means not collected).",
    },
  },
} as const;
export const comment = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    article_id: { type: 'integer' },
    article_url: { type: ['string', 'null'] },
    article_title: { type: ['string', 'null'] },
    comment_no: { type: 'integer' },
    parent_comment_no: { type: ['integer', 'null'] },
    author: { type: ['string', 'null'] },
    text: { type: ['string', 'null'] },
    written_at: { type: ['string', 'null'], format: 'date-time' },
    modified_at: { type: ['string', 'null'], format: 'date-time' },
    likes: { type: 'integer' },
    dislikes: { type: 'integer' },
    reply_count: { type: 'integer' },
    is_reply: { type: 'boolean' },
    is_deleted: { type: 'boolean' },
    collected_at: { type: 'string', format: 'date-time', description: 'When the comment was last seen (collected).' },
    first_seen_at: { type: 'string', format: 'date-time', description: 'When the comment was first stored.' },
    changed_at: {
      type: 'string',
      format: 'date-time',
      description: 'When it was stored or last found changed (likes, dislikes, replies, deleted state or text).',
    },
  },
} as const;

/** GET /data/{set}: one page. */
export const pageQuerystring = <D extends Dataset>(set: D) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: {
      ...filters(set),
      sort: { type: 'string', enum: sorts[set], description: '"-" first means newest first.' },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      cursor: pageQuery.cursor,
      count: { type: 'boolean', default: false, description: 'Also count every matching row (slower).' },
    },
  }) as const;

export const pageReply = <D extends Dataset>(set: D) =>
  ({
    type: 'object',
    properties: {
      data: { type: 'array', items: set === 'metadata' ? article : comment },
      next_cursor: { type: ['string', 'null'] },
      count: { type: 'integer' },
      total: { type: 'integer' },
    },
  }) as const;

/** GET /data/{set}/download. */
export const downloadQuerystring = <D extends Dataset>(set: D) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: {
      ...filters(set),
      format: { type: 'string', enum: ['csv', 'ndjson', 'json', 'xlsx'], default: 'csv', description: 'xlsx: an Excel workbook, one sheet.' },
      headers: {
        type: 'string',
        enum: ['en', 'ko'],
        default: 'en',
        description:
          'CSV and xlsx: en (default, for programs) heads columns with their names and writes times as ISO 8601 with +09:00; ko heads them in Korean, writes times as "YYYY-MM-DD HH:MM:SS" (KST) that spreadsheets read as dates, and yes/no as 예/아니오.',
      },
    },
  }) as const;

export const downloadReply = {
  description: 'The file, streamed.',
  content: {
    'text/csv': { schema: { type: 'string' } },
    'application/x-ndjson': { schema: { type: 'string' } },
    'application/json': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  },
} as const;
