// One answer of a site's search JSON endpoint (the one its search page's script calls to fill the
// results and its "more" control) -> article records, by the profile's JMESPath mapping (search.api).
// Pure. Every item must read: an item without a title, a link or a date fails the page naming the
// field and its expression, so a renamed field never passes as fewer results.
import { articleIdentity, articleIdOf, canonicalUrl, type Profile } from '../../lib/sources/profile.js';
import { layoutChanged, permanent } from '../errors.js';
import { apiTime, parseJsonOrJsonp, query } from './comments.js';
import { parseSearchDate, type SiteDate } from './dates.js';
import { storedPrecision } from './precision.js';
import type { ArticleRecord } from './records.js';
import { hostOf } from './search.js';
import { cleanText } from './text.js';

export interface SearchApiPage {
  articles: ArticleRecord[];
  /** Items in the answer, for paging by size. */
  items: number;
  /** What search.api.next reads; null at the end or when it is not set. */
  next: string | null;
  /** What search.api.total reads, when set. */
  total: number | null;
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '';
const truthy = (v: unknown) => present(v) && v !== false && v !== 0 && v !== 'false';
const str = (v: unknown) => (present(v) ? String(v) : '');

/** A date of the JSON: an instant in any form apiTime reads, else a text in the site's date forms. */
export function apiDate(v: unknown, profile: Profile, now: Date, day: string): SiteDate | null {
  const at = apiTime(v, profile.dates.timeZone);
  if (at) return { at, precision: 'exact', text: str(v) };
  return typeof v === 'string' ? parseSearchDate(cleanText(v), profile.dates, now, day) : null;
}

export function parseSearchApiPage(body: string, profile: Profile, ctx: { day: string; now: Date; isTest: boolean; keyword: string }): SearchApiPage {
  const api = profile.search.api;
  let j: unknown;
  try {
    j = parseJsonOrJsonp(body);
  } catch {
    throw permanent('bad-answer', 'the search JSON endpoint answered something that is not JSON (did its format change?)');
  }
  const refusal = query(j, api.error, 'search.api.error');
  if (truthy(refusal)) throw permanent('rejected', `the search JSON endpoint refused the request: ${cleanText(str(refusal))}`);
  const list = query(j, api.items, 'search.api.items');
  if (!Array.isArray(list)) throw layoutChanged(`the search JSON endpoint's answer changed: no list at ${api.items} (search.api.items)`);
  const f = api.fields;
  const missing: Record<'title' | 'url' | 'publishedAt', string[]> = { title: [], url: [], publishedAt: [] };
  const articles: ArticleRecord[] = [];
  for (const raw of list as unknown[]) {
    const v = (k: keyof typeof f) => query(raw, f[k], `search.api.fields.${k}`);
    const title = cleanText(str(v('title')));
    const urlValue = str(v('url'));
    const portalValue = str(v('portalUrl'));
    const originalUrl = urlValue ? canonicalUrl(urlValue) : null;
    const id = articleIdOf(portalValue || urlValue || null, profile);
    const identity = articleIdentity(id, originalUrl);
    const dateValue = v('publishedAt');
    const date = apiDate(dateValue, profile, ctx.now, ctx.day);
    if (!title) missing.title.push(JSON.stringify(str(v('title')).slice(0, 40)));
    if (!identity) missing.url.push(JSON.stringify(urlValue.slice(0, 60)));
    if (!date) missing.publishedAt.push(present(dateValue) ? JSON.stringify(str(dateValue).slice(0, 40)) : 'nothing');
    if (!title || !identity || !date) continue;
    const portalUrl = id ? portalValue || urlValue : null;
    articles.push({
      source: profile.name,
      identity,
      oid: id?.oid ?? null,
      aid: id?.aid ?? null,
      portalUrl,
      originalUrl,
      title,
      description: cleanText(str(v('summary'))) || null,
      publisher: cleanText(str(v('publisher'))) || null,
      publisherDomain: hostOf(originalUrl),
      section: null,
      byline: null,
      publishedAt: date.at,
      publishedPrecision: storedPrecision(date.precision),
      isTest: ctx.isTest,
      raw: {
        via: 'search-api',
        keyword: ctx.keyword,
        day: ctx.day,
        dateText: date.text,
        datePrecision: date.precision,
        item: raw && typeof raw === 'object' ? raw : { value: raw },
      },
    });
  }
  for (const k of ['title', 'url', 'publishedAt'] as const) {
    const bad = missing[k];
    if (bad.length) {
      const expected =
        k === 'publishedAt'
          ? 'a time such as 2024-12-02T09:15:00+09:00, epoch seconds or milliseconds, 20241202091500, or a date in the forms of spec.dates'
          : k === 'url'
            ? 'an absolute URL'
            : 'a non-empty title';
      throw layoutChanged(
        `the search JSON endpoint's answer changed: ${bad.length} of ${list.length} results have no readable ${k} at ${f[k]} (search.api.fields.${k}; found ${[...new Set(bad)].slice(0, 3).join(', ')}; expected ${expected})`,
      );
    }
  }
  const next = query(j, api.next, 'search.api.next');
  const total = query(j, api.total, 'search.api.total');
  return {
    articles,
    items: list.length,
    next: truthy(next) ? str(next) : null,
    total: present(total) && Number.isFinite(Number(total)) ? Number(total) : null,
  };
}
