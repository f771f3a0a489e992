// The ground truth searched by stated criteria over the whole corpus: the keyword-days and the articles
// that suites and benchmarks pick their inputs from. `GET /__truth/keyword-days?...` and
// `GET /__truth/articles?...`; an unknown or malformed criterion is refused with a message naming it.
import { countComments } from './comments.js';
import type { Article } from './corpus.js';
import { keywordDays } from './keyword-days.js';
import { kstDay, parseDay } from './kst.js';
import { matches } from './search.js';
import { truthArticle, type TruthArticle, type TruthContext } from './truth.js';

type Parsed<T> = { ok: T } | { error: string };

interface Criterion {
  name: string;
  kind: 'count' | 'day' | 'text' | 'dates' | 'bool';
}

const DAY_CRITERIA: Criterion[] = [
  { name: 'query', kind: 'text' },
  { name: 'from', kind: 'day' },
  { name: 'to', kind: 'day' },
  { name: 'min_articles', kind: 'count' },
  { name: 'max_articles', kind: 'count' },
  { name: 'min_portal_articles', kind: 'count' },
  { name: 'max_portal_articles', kind: 'count' },
  { name: 'min_comments', kind: 'count' },
  { name: 'max_comments', kind: 'count' },
  { name: 'min_replies', kind: 'count' },
  { name: 'min_deleted', kind: 'count' },
  { name: 'dates', kind: 'dates' },
];

const ARTICLE_CRITERIA: Criterion[] = [
  { name: 'query', kind: 'text' },
  { name: 'from', kind: 'day' },
  { name: 'to', kind: 'day' },
  { name: 'min_comments', kind: 'count' },
  { name: 'max_comments', kind: 'count' },
  { name: 'min_top_level', kind: 'count' },
  { name: 'min_replies', kind: 'count' },
  { name: 'min_deleted', kind: 'count' },
  { name: 'limit', kind: 'count' },
];

function parseCriteria(params: URLSearchParams, allowed: Criterion[]): Parsed<Map<string, string | number>> {
  const out = new Map<string, string | number>();
  for (const [name, raw] of params) {
    if (name === 'skin') continue;
    const c = allowed.find((x) => x.name === name);
    if (!c) return { error: `unknown criterion ${name}; expected one of ${allowed.map((x) => x.name).join(', ')}` };
    if (c.kind === 'count') {
      if (!/^\d+$/.test(raw)) return { error: `${name}=${JSON.stringify(raw)} must be a whole number` };
      out.set(name, Number(raw));
    } else if (c.kind === 'day') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !parseDay(raw)) return { error: `${name}=${JSON.stringify(raw)} must be a day written YYYY-MM-DD` };
      out.set(name, raw);
    } else if (c.kind === 'dates') {
      if (!['relative', 'absolute', 'mixed'].includes(raw)) return { error: `${name}=${JSON.stringify(raw)} must be relative, absolute or mixed` };
      out.set(name, raw);
    } else {
      out.set(name, raw);
    }
  }
  return { ok: out };
}

const within = (v: number, min: unknown, max: unknown): boolean => (typeof min !== 'number' || v >= min) && (typeof max !== 'number' || v <= max);
const inDays = (date: string, c: Map<string, string | number>): boolean => {
  const from = c.get('from');
  const to = c.get('to');
  return (typeof from !== 'string' || date >= from) && (typeof to !== 'string' || date <= to);
};

/** `GET /__truth/keyword-days`: every keyword-day meeting all the criteria given. */
export function truthKeywordDays(ctx: TruthContext, params: URLSearchParams): Record<string, unknown> | { error: string } {
  const parsed = parseCriteria(params, DAY_CRITERIA);
  if ('error' in parsed) return parsed;
  const c = parsed.ok;
  const days = keywordDays(ctx).filter(
    (d) =>
      (!c.has('query') || d.query === c.get('query')) &&
      inDays(d.date, c) &&
      within(d.articles, c.get('min_articles'), c.get('max_articles')) &&
      within(d.portal_articles, c.get('min_portal_articles'), c.get('max_portal_articles')) &&
      within(d.comments, c.get('min_comments'), c.get('max_comments')) &&
      within(d.replies, c.get('min_replies'), undefined) &&
      within(d.deleted, c.get('min_deleted'), undefined) &&
      (!c.has('dates') || d.dates === c.get('dates')),
  );
  return { criteria: Object.fromEntries(c), count: days.length, days };
}

export interface PickedArticle extends TruthArticle {
  date: string;
  /** The corpus keywords whose search finds the article. */
  keywords: string[];
  top_level: number;
  replies: number;
  deleted: number;
}

/** `GET /__truth/articles`: portal articles (the ones with comments) meeting all the criteria, latest first. */
export function truthArticles(ctx: TruthContext, params: URLSearchParams): Record<string, unknown> | { error: string } {
  const parsed = parseCriteria(params, ARTICLE_CRITERIA);
  if ('error' in parsed) return parsed;
  const c = parsed.ok;
  const limit = (c.get('limit') as number | undefined) ?? 100;
  const picked: PickedArticle[] = [];
  let count = 0;
  const published: Article[] = ctx.corpus.articles.filter((a) => a.portal && a.publishedAt <= ctx.now);
  for (let i = published.length - 1; i >= 0; i--) {
    const a = published[i]!;
    const date = kstDay(a.publishedAt);
    if (!inDays(date, c)) continue;
    const query = c.get('query');
    if (typeof query === 'string' && !matches(a, [query])) continue;
    const counts = countComments(ctx.store.visible(a, ctx.now));
    if (!within(counts.total, c.get('min_comments'), c.get('max_comments'))) continue;
    if (!within(counts.comments, c.get('min_top_level'), undefined)) continue;
    if (!within(counts.replies, c.get('min_replies'), undefined)) continue;
    if (!within(counts.deleted, c.get('min_deleted'), undefined)) continue;
    count++;
    if (picked.length < limit) {
      const keywords = ctx.corpus.keywords.filter((k) => matches(a, [k]));
      picked.push({ ...truthArticle(ctx, a), date, keywords, top_level: counts.comments, replies: counts.replies, deleted: counts.deleted });
    }
  }
  return { criteria: Object.fromEntries(c), count, articles: picked };
}
