// The search Open API's answers -> article records. Pure.
import { articleIdentity, articleIdOf, canonicalUrl, type Profile } from '../../lib/sources/profile.js';
import { layoutChanged, permanent } from '../errors.js';
import { dayIn, parseRfc822 } from './dates.js';
import type { ArticleRecord } from './records.js';
import { hostOf } from './search.js';
import { stripTags } from './text.js';

export interface OpenApiItem {
  title: string;
  originallink: string;
  link: string;
  description: string;
  pubDate: string;
}

export interface OpenApiPage {
  total: number;
  start: number;
  display: number;
  items: OpenApiItem[];
}

export function parseOpenApiBody(body: string): OpenApiPage {
  let j: Partial<OpenApiPage> & { errorMessage?: string };
  try {
    j = JSON.parse(body) as typeof j;
  } catch {
    throw permanent('bad-answer', 'the search API answered something that is not JSON');
  }
  if (!Array.isArray(j.items)) throw permanent('bad-answer', `the search API answer has no items${j.errorMessage ? `: ${j.errorMessage}` : ''}`);
  return { total: Number(j.total ?? 0), start: Number(j.start ?? 1), display: Number(j.display ?? j.items.length), items: j.items };
}

export interface DayFilterResult {
  articles: ArticleRecord[];
  /** The page (sorted newest first) reached items older than the day: stop paging. */
  passedDay: boolean;
}

/** Keeps the items published on the day (in the profile's zone); notes when paging went past it. */
export function openApiItemsForDay(page: OpenApiPage, profile: Profile, ctx: { day: string; keyword: string; isTest: boolean }): DayFilterResult {
  const tz = profile.dates.timeZone;
  const articles: ArticleRecord[] = [];
  let passedDay = false;
  const unreadable = { date: [] as string[], link: 0 };
  for (const it of page.items) {
    const at = parseRfc822(it.pubDate);
    if (!at) {
      unreadable.date.push(JSON.stringify(String(it.pubDate ?? '').slice(0, 40)));
      continue;
    }
    const d = dayIn(at, tz);
    if (d < ctx.day) {
      passedDay = true;
      continue;
    }
    if (d > ctx.day) continue;
    const originalUrl = it.originallink ? canonicalUrl(it.originallink) : null;
    const id = articleIdOf(it.link, profile);
    const identity = articleIdentity(id, originalUrl ?? (it.link ? canonicalUrl(it.link) : null));
    if (!identity) {
      unreadable.link++;
      continue;
    }
    articles.push({
      source: profile.name,
      identity,
      oid: id?.oid ?? null,
      aid: id?.aid ?? null,
      portalUrl: id ? it.link : null,
      originalUrl,
      title: stripTags(it.title),
      description: stripTags(it.description) || null,
      publisher: null,
      publisherDomain: hostOf(originalUrl),
      section: null,
      byline: null,
      publishedAt: at,
      publishedPrecision: 'second',
      isTest: ctx.isTest,
      raw: { via: 'api', keyword: ctx.keyword, day: ctx.day, datePrecision: 'exact', ...it },
    });
  }
  const n = page.items.length;
  if (unreadable.date.length) {
    throw layoutChanged(
      `the search API's answer changed: ${unreadable.date.length} of ${n} items have no pubDate that reads (found ${[...new Set(unreadable.date)].slice(0, 3).join(', ')}; expected RFC 822 such as "Mon, 02 Dec 2024 09:15:00 +0900")`,
    );
  }
  if (unreadable.link) throw layoutChanged(`the search API's answer changed: ${unreadable.link} of ${n} items have neither originallink nor link`);
  return { articles, passedDay };
}
