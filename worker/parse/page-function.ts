// What a profile's page functions return (NewsSource pageFunctions: scripts the browser runs in the page),
// checked against the documented shapes with ajv and turned into records. A wrong top-level shape fails
// the page naming the path and what was expected; an item that does not fit is not stored and is
// reported as not read, beside the items that do; what the function says the page shows (`shown`) is
// compared with what it returned, so a function that drops items never passes as a complete read. Pure.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { articleIdentity, articleIdOf, canonicalUrl, type Profile } from '../../lib/sources/profile.js';
import { layoutChanged } from '../errors.js';
import type { ArticleSnapshot } from './article.js';
import { commentNumber, withReplyCounts, type CommentsRead } from './comments.js';
import { parseSearchDate, parseSiteDateTime, type SiteDate } from './dates.js';
import { storedPrecision } from './precision.js';
import type { ArticleRecord, CommentRecord } from './records.js';
import type { PageStatus, SearchPageResult } from './search.js';
import { hostOf } from './search.js';
import { cleanMultiline, cleanText } from './text.js';
import { foundText, type UnreadItem, type UnreadKind } from './unread.js';

const text = { type: ['string', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;
const notRead = {
  type: 'array',
  items: {
    type: 'object',
    required: ['position', 'field'],
    properties: { position: { type: 'integer', minimum: 1 }, field: { type: 'string', minLength: 1 }, found: text },
  },
} as const;

/** The shapes, as docs/sources.md documents them. Items are checked one by one (an item that does not fit is not read). */
export const PAGE_FUNCTION_SHAPES = {
  search: {
    type: 'object',
    required: ['shown', 'articles'],
    properties: {
      shown: count,
      articles: { type: 'array' },
      notRead,
      hasNext: { type: 'boolean' },
      nextUrl: text,
      noResults: { type: 'boolean' },
    },
  },
  searchItem: {
    type: 'object',
    required: ['url', 'title'],
    properties: {
      url: { type: 'string', pattern: '^https?://' },
      title: { type: 'string', minLength: 1 },
      date: { type: 'string' },
      publishedAt: { type: 'string' },
      portalUrl: { type: ['string', 'null'], pattern: '^https?://' },
      summary: text,
      publisher: text,
      position: { type: 'integer', minimum: 1 },
    },
  },
  article: {
    type: 'object',
    required: ['title'],
    properties: {
      title: { type: 'string', minLength: 1 },
      publishedAt: text,
      modifiedAt: text,
      section: text,
      byline: text,
      publisher: text,
      body: text,
    },
  },
  comments: {
    type: 'object',
    required: ['shown', 'comments'],
    properties: { shown: { type: ['integer', 'null'], minimum: 0 }, comments: { type: 'array' }, notRead },
  },
  comment: {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: ['integer', 'string'] },
      parent: { type: ['integer', 'string', 'null'] },
      author: text,
      text,
      writtenAt: text,
      modifiedAt: text,
      likes: count,
      dislikes: count,
      deleted: { type: 'boolean' },
      position: { type: 'integer', minimum: 1 },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = Object.fromEntries(Object.entries(PAGE_FUNCTION_SHAPES).map(([k, s]) => [k, ajv.compile(s)])) as Record<
  keyof typeof PAGE_FUNCTION_SHAPES,
  ValidateFunction
>;

export type PageFunctionName = 'search' | 'article' | 'comments';

/** What the in-page wrapper hands back: the page's status, then the function's value or what it threw. */
export interface PageFunctionResult {
  page: PageStatus;
  ok: boolean;
  value?: unknown;
  error?: string;
}

const EXACT = 'an exact time such as 2024-12-02T09:15:00+09:00 or 2024-12-02 09:15:00';

/** The first problems ajv found, as "/articles must be array". */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, prefix = ''): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : '';
      return `${prefix}${e.instancePath || '/'} ${e.message ?? 'is not valid'}${extra}`;
    })
    .join('; ');
}

/**
 * The function's value, checked against its top-level shape: a script that threw or returned something
 * else fails the page with what was found and what is expected.
 */
export function checkedValue(name: PageFunctionName, r: PageFunctionResult): Record<string, unknown> {
  const where = `pageFunctions.${name} on ${r.page.url}`;
  if (!r.ok) throw layoutChanged(`${where} threw: ${(r.error ?? 'an unknown error').split('\n')[0]!.slice(0, 300)}`);
  const v = validators[name];
  if (!v(r.value)) {
    throw layoutChanged(
      `${where} returned what its shape does not allow: ${describeAjvErrors(v.errors)} (expected ${SHAPE_HINTS[name]}; see docs/sources.md, "Page functions")`,
    );
  }
  return r.value as Record<string, unknown>;
}

const SHAPE_HINTS: Record<PageFunctionName, string> = {
  search: '{ shown, articles: [...], notRead, hasNext, nextUrl, noResults }',
  article: '{ title, publishedAt, modifiedAt, section, byline, publisher, body }',
  comments: '{ shown, comments: [...], notRead }',
};

/** An item that did not fit: the path inside the output, what was there, what the shape expects. */
function itemProblem(
  kind: UnreadKind,
  name: PageFunctionName,
  page: string,
  position: number,
  list: string,
  index: number,
  v: ValidateFunction,
  item: unknown,
): UnreadItem {
  const e = v.errors?.[0];
  const path = `/${list}/${index}${e?.instancePath ?? ''}`;
  const found = e?.instancePath ? valueAt(item, e.instancePath) : item;
  return {
    kind,
    page,
    position,
    field: path,
    selector: `pageFunctions.${name}`,
    found: found === undefined ? 'nothing' : foundText(typeof found === 'string' ? found : JSON.stringify(found)),
    expected: describeAjvErrors(v.errors).replace(/^\/\S* /, '') || 'the documented shape',
  };
}

function valueAt(v: unknown, pointer: string): unknown {
  let cur = v;
  for (const part of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** The items the function said it could not read, as unread items of the page. */
function reportedNotRead(kind: UnreadKind, name: PageFunctionName, page: string, list: unknown): UnreadItem[] {
  return ((list ?? []) as { position: number; field: string; found?: string | null }[]).map((n) => ({
    kind,
    page,
    position: n.position,
    field: n.field,
    selector: `pageFunctions.${name}`,
    found: foundText(n.found),
    expected: `what pageFunctions.${name} reads`,
  }));
}

/** Shown but neither returned nor reported: one unread item says how many. */
function missingItems(kind: UnreadKind, name: PageFunctionName, page: string, shown: number, accounted: number, noun: string): UnreadItem[] {
  if (shown <= accounted) return [];
  return Array.from({ length: shown - accounted }, (_, i) => ({
    kind,
    page,
    position: accounted + i + 1,
    field: noun,
    selector: `pageFunctions.${name}`,
    found: `not returned (the page shows ${shown}, the function returned ${accounted})`,
    expected: `every ${noun} the page shows, returned or listed in notRead`,
  }));
}

/**
 * A search result page read by pageFunctions.search. Each returned article needs a title, its link
 * and a date: `publishedAt` (an exact time) or `date` (as the page shows it, read by the profile's
 * dates rules, e.g. "3시간 전" or "2024.12.02."). A page whose results all fail to read means the
 * function no longer reads the site.
 */
export function readSearchOutput(
  r: PageFunctionResult,
  profile: Profile,
  ctx: { day: string; now: Date; isTest: boolean; keyword: string },
): SearchPageResult {
  const out = checkedValue('search', r);
  const page = r.page.url;
  const items = out['articles'] as unknown[];
  const shown = out['shown'] as number;
  if (items.length > shown) {
    throw layoutChanged(
      `pageFunctions.search on ${page} returned ${items.length} articles but says the page shows ${shown} (/shown must count every result the page shows)`,
    );
  }
  const unread: UnreadItem[] = [];
  const articles: ArticleRecord[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const v = validators.searchItem;
    const position = (item as { position?: number })?.position ?? i + 1;
    if (!v(item)) {
      unread.push(itemProblem('search-result', 'search', page, position, 'articles', i, v, item));
      return;
    }
    const it = item as {
      url: string;
      title: string;
      date?: string;
      publishedAt?: string;
      portalUrl?: string | null;
      summary?: string | null;
      publisher?: string | null;
    };
    const date = readDate(it, profile, ctx);
    if (!date) {
      const field = it.publishedAt !== undefined ? 'publishedAt' : 'date';
      unread.push({
        kind: 'search-result',
        page,
        position,
        field: `/articles/${i}/${field}`,
        selector: 'pageFunctions.search',
        found: foundText(it.publishedAt ?? it.date ?? null),
        expected:
          field === 'publishedAt'
            ? EXACT
            : `publishedAt (${EXACT}) or date as the page shows it: a relative date such as "3${profile.dates.relativeUnits.hour}" or a text matching dates.absolutePattern`,
        ref: it.portalUrl ?? it.url,
      });
      return;
    }
    const originalUrl = canonicalUrl(it.url);
    const id = articleIdOf(it.portalUrl || it.url, profile);
    const identity = articleIdentity(id, originalUrl)!;
    if (seen.has(identity)) return;
    seen.add(identity);
    articles.push({
      source: profile.name,
      identity,
      oid: id?.oid ?? null,
      aid: id?.aid ?? null,
      portalUrl: id ? (it.portalUrl ?? it.url) : null,
      originalUrl,
      title: cleanText(it.title),
      description: cleanText(it.summary) || null,
      publisher: cleanText(it.publisher) || null,
      publisherDomain: hostOf(originalUrl),
      section: null,
      byline: null,
      publishedAt: date.at,
      publishedPrecision: storedPrecision(date.precision),
      isTest: ctx.isTest,
      raw: { via: 'page-function', keyword: ctx.keyword, day: ctx.day, dateText: date.text, datePrecision: date.precision, item },
    });
  });
  unread.push(...reportedNotRead('search-result', 'search', page, out['notRead']));
  unread.push(
    ...missingItems('search-result', 'search', page, shown, items.length + ((out['notRead'] as unknown[] | undefined)?.length ?? 0), 'result'),
  );
  if (shown > 0 && articles.length === 0) {
    throw layoutChanged(
      `pageFunctions.search read none of the ${shown} results on ${page}: ${unread
        .slice(0, 2)
        .map((u) => `${u.field}: found ${u.found}; expected ${u.expected}`)
        .join('; ')}`,
    );
  }
  const hasNext = out['hasNext'] === true;
  return { articles, shown, unread, hasNext, nextHref: hasNext ? ((out['nextUrl'] as string | null | undefined) ?? null) : null };
}

function readDate(it: { date?: string; publishedAt?: string }, profile: Profile, ctx: { day: string; now: Date }): SiteDate | null {
  if (it.publishedAt !== undefined) {
    const at = parseSiteDateTime(it.publishedAt, profile.dates.timeZone);
    return at ? { at, precision: 'exact', text: it.publishedAt } : null;
  }
  if (it.date === undefined) return null;
  return parseSearchDate(cleanText(it.date), profile.dates, ctx.now, ctx.day);
}

/**
 * An article page read by pageFunctions.article, as the snapshot the article merge reads. A time that
 * is there but does not read fails the page (the search result's day would stand in silently).
 */
export function readArticleOutput(r: PageFunctionResult, profile: Profile): ArticleSnapshot {
  const out = checkedValue('article', r) as { title: string } & Record<string, string | null | undefined>;
  for (const k of ['publishedAt', 'modifiedAt'] as const) {
    const v = out[k];
    if (v !== null && v !== undefined && !parseSiteDateTime(v, profile.dates.timeZone)) {
      throw layoutChanged(`pageFunctions.article on ${r.page.url} returned /${k} ${foundText(v)}; expected ${EXACT} or null`);
    }
  }
  return {
    ...r.page,
    title: out.title,
    byline: out['byline'] ?? null,
    publisher: out['publisher'] ?? null,
    publishedAt: out['publishedAt'] ?? null,
    modifiedAt: out['modifiedAt'] ?? null,
    section: out['section'] ?? null,
    body: out['body'] ?? null,
    bodyLength: (out['body'] ?? '').length,
  };
}

/**
 * A comment page read by pageFunctions.comments: every comment needs a positive whole number as its id
 * ("c-7309123" does not read: strip the prefix in the function); a parent of 0 or null is top level; a
 * time that is there must read. `total` is what the function says the page shows.
 */
export function readCommentsOutput(r: PageFunctionResult, profile: Profile): CommentsRead & { total: number | null } {
  const out = checkedValue('comments', r);
  const page = r.page.url;
  const items = out['comments'] as unknown[];
  const unread: UnreadItem[] = [];
  const byNo = new Map<number, CommentRecord>();
  const tz = profile.dates.timeZone;
  items.forEach((item, i) => {
    const v = validators.comment;
    const position = (item as { position?: number })?.position ?? i + 1;
    if (!v(item)) {
      unread.push(itemProblem('comment', 'comments', page, position, 'comments', i, v, item));
      return;
    }
    const c = item as {
      id: number | string;
      parent?: number | string | null;
      author?: string | null;
      text?: string | null;
      writtenAt?: string | null;
      modifiedAt?: string | null;
      likes?: number;
      dislikes?: number;
      deleted?: boolean;
    };
    const bad = (field: string, found: unknown, expected: string) =>
      unread.push({
        kind: 'comment',
        page,
        position,
        field: `/comments/${i}/${field}`,
        selector: 'pageFunctions.comments',
        found: foundText(found === null || found === undefined ? null : typeof found === 'string' ? found : JSON.stringify(found)),
        expected,
      });
    const no = commentNumber(String(c.id));
    if (no === null) return bad('id', c.id, 'a positive whole number');
    const parentText = c.parent === null || c.parent === undefined ? '' : String(c.parent);
    const parent = parentText === '' || parentText === '0' ? null : commentNumber(parentText);
    if (parentText !== '' && parentText !== '0' && parent === null)
      return bad('parent', c.parent, 'the number of the comment it replies to, or 0 or null');
    const writtenAt = c.writtenAt ? parseSiteDateTime(c.writtenAt, tz) : null;
    if (c.writtenAt && !writtenAt) return bad('writtenAt', c.writtenAt, EXACT);
    const modifiedAt = c.modifiedAt ? parseSiteDateTime(c.modifiedAt, tz) : null;
    if (c.modifiedAt && !modifiedAt) return bad('modifiedAt', c.modifiedAt, EXACT);
    if (byNo.has(no)) return;
    const deleted = c.deleted === true;
    byNo.set(no, {
      commentNo: no,
      parentCommentNo: parent === no ? null : parent,
      author: cleanText(c.author) || null,
      text: deleted ? null : cleanMultiline(c.text) || null,
      writtenAt,
      modifiedAt,
      likes: c.likes ?? 0,
      dislikes: c.dislikes ?? 0,
      replyCount: 0,
      isReply: parent !== null && parent !== no,
      isDeleted: deleted,
      raw: { via: 'page-function', ...(item as Record<string, unknown>) },
    });
  });
  unread.push(...reportedNotRead('comment', 'comments', page, out['notRead']));
  const total = out['shown'] as number | null;
  if (items.length > 0 && byNo.size === 0) {
    throw layoutChanged(
      `pageFunctions.comments read none of the ${items.length} comments it returned on ${page}: ${unread
        .slice(0, 2)
        .map((u) => `${u.field}: found ${u.found}; expected ${u.expected}`)
        .join('; ')}`,
    );
  }
  return { comments: withReplyCounts([...byNo.values()]), unread, total };
}
