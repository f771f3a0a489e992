// An article page -> the fields the search page does not have (headline, section, byline, exact and
// modified time, the body text). The web's standards are read first (standards.ts: JSON-LD, meta,
// <time>, Readability); the profile's selectors, where it has them and they match, override field by
// field. Every field's source is kept in raw.article.sources so that a wrong value can be traced.
import type { Profile } from '../../lib/sources/profile.js';
import { layoutChanged } from '../errors.js';
import { parseSiteDateTime } from './dates.js';
import { atLeastAsExact, type StoredPrecision } from './precision.js';
import type { ArticleRecord } from './records.js';
import type { PageStatus } from './search.js';
import { readStandards, type FieldSource, type Sourced, type StandardsReading } from './standards.js';
import { bodyText, cleanText } from './text.js';

export interface ArticleSnapshot extends PageStatus {
  title: string | null;
  byline: string | null;
  publisher: string | null;
  publishedAt: string | null;
  section: string | null;
  bodyLength: number;
  /** The body's text with line breaks (absent in older snapshots). */
  body?: string | null;
  modifiedAt?: string | null;
  /** The whole document as the browser has it, for the standards reader (absent: profile only). */
  html?: string | null;
}

/** An outlet's own page: only its status and document (no profile selector applies to another site). */
export interface OutletSnapshot extends PageStatus {
  html: string;
}

/** Merges what the portal's article page shows into the record found on the search page. */
export function mergeArticlePage(rec: ArticleRecord, snap: ArticleSnapshot, profile: Profile): ArticleRecord {
  const sel = profile.article.selectors;
  if (snap.title === null) throw layoutChanged(`the site's layout changed: no element matches ${sel.title} on the article page ${snap.url}`);
  const std = snap.html ? readStandards(snap.html, snap.url, profile.dates.timeZone) : null;
  const profiled = (v: string | null | undefined): Sourced<string> | null => (cleanText(v) ? { value: cleanText(v), source: 'profile' } : null);
  const publishedAt = readTime(snap.publishedAt, sel.publishedAt, sel.publishedAtAttribute, profile, snap.url);
  const modifiedAt = readTime(snap.modifiedAt, sel.modifiedAt, sel.modifiedAtAttribute, profile, snap.url);
  const profileBody = bodyText(snap.body);
  return applyReading(rec, std, {
    headline: profiled(snap.title),
    author: profiled(snap.byline),
    publisher: profiled(snap.publisher),
    section: profiled(snap.section),
    publishedAt: publishedAt
      ? { value: { at: publishedAt, precision: clockPrecision(snap.publishedAt), text: snap.publishedAt ?? '' }, source: 'profile' }
      : null,
    modifiedAt: modifiedAt
      ? { value: { at: modifiedAt, precision: clockPrecision(snap.modifiedAt), text: snap.modifiedAt ?? '' }, source: 'profile' }
      : null,
    body: profileBody ? { value: profileBody, source: 'profile' } : null,
    raw: {
      title: snap.title,
      section: snap.section,
      byline: snap.byline,
      publisher: snap.publisher,
      publishedAt: snap.publishedAt,
      modifiedAt: snap.modifiedAt ?? null,
      bodyLength: snap.bodyLength,
    },
  });
}

/**
 * Merges an outlet's own page (a result that links out of the portal) into its record, by the standards
 * alone. What the page did not give is listed in raw.outlet.missing, so the shortfall shows.
 */
export function mergeOutletPage(rec: ArticleRecord, snap: OutletSnapshot, profile: Profile): { rec: ArticleRecord; missing: string[] } {
  const std = readStandards(snap.html, snap.url, profile.dates.timeZone);
  const merged = applyReading(rec, std, { raw: {} }, 'outlet');
  const missing = [
    ...(std.body ? [] : ['body']),
    ...(std.publishedAt && atLeastAsExact(std.publishedAt.value.precision, 'minute') ? [] : ['exact published time']),
  ];
  const outlet = { ...(merged.raw.outlet as Record<string, unknown>), url: snap.url, missing };
  return { rec: { ...merged, raw: { ...merged.raw, outlet } }, missing };
}

interface Overrides {
  headline?: Sourced<string> | null;
  author?: Sourced<string> | null;
  publisher?: Sourced<string> | null;
  section?: Sourced<string> | null;
  publishedAt?: StandardsReading['publishedAt'];
  modifiedAt?: StandardsReading['modifiedAt'];
  body?: Sourced<string> | null;
  raw: Record<string, unknown>;
}

/**
 * One field at a time: the profile's value where it has one, else the standards'. The headline is the
 * exception: the canonical one (JSON-LD, og:title) wins over the visible title, which carries prefixes
 * such as "[속보]". A published time replaces the record's only when it is at least as exact.
 */
function applyReading(rec: ArticleRecord, std: StandardsReading | null, o: Overrides, key: 'article' | 'outlet' = 'article'): ArticleRecord {
  const pick = <T>(p: Sourced<T> | null | undefined, s: Sourced<T> | null | undefined): Sourced<T> | null => p ?? s ?? null;
  const sources: Record<string, FieldSource> = {};
  const note = <T>(field: string, v: Sourced<T> | null): T | null => {
    if (v) sources[field] = v.source;
    return v ? v.value : null;
  };
  const canonical = std?.headline ?? null;
  const title = note('title', canonical ?? (rec.title ? { value: rec.title, source: 'search' } : (o.headline ?? null))) ?? rec.title;
  const published = pick(o.publishedAt, std?.publishedAt);
  const current: StoredPrecision | null = rec.publishedAt ? rec.publishedPrecision : null;
  const better = published && (!current || atLeastAsExact(published.value.precision, current));
  if (better) sources.publishedAt = published.source;
  const modified = note('modifiedAt', pick(o.modifiedAt, std?.modifiedAt));
  const body = note('body', pick(o.body, std?.body));
  const byline = note('byline', pick(o.author, std?.author));
  const section = note('section', pick(o.section, std?.section));
  const publisher = rec.publisher ?? note('publisher', pick(o.publisher, std?.publisher));
  const canonicalUrl = std?.canonicalUrl?.value ?? null;
  return {
    ...rec,
    title,
    body: body ?? rec.body ?? null,
    modifiedAt: modified?.at ?? rec.modifiedAt ?? null,
    section: section ?? rec.section,
    byline: byline ?? rec.byline,
    publisher,
    publishedAt: better ? published.value.at : rec.publishedAt,
    publishedPrecision: better ? published.value.precision : rec.publishedPrecision,
    raw: {
      ...rec.raw,
      [key]: {
        ...o.raw,
        sources,
        ...(canonicalUrl ? { canonicalUrl } : {}),
        ...(std?.problems.length ? { problems: std.problems } : {}),
        ...(better ? { publishedAtText: published.value.text } : {}),
      },
      ...(better ? { datePrecision: published.value.precision === 'second' ? 'exact' : published.value.precision } : {}),
    },
  };
}

/** A clock time read by parseSiteDateTime is exact to the second when it shows seconds, else to the minute. */
const clockPrecision = (text: string | null | undefined): StoredPrecision => (/\d:\d{2}:\d{2}/.test(text ?? '') ? 'second' : 'minute');

/**
 * A time element's value (null: the page has no such element). An element that is there but does not
 * read as a time is a layout change, not a missing field: the search page's day would stand in silently.
 */
function readTime(value: string | null | undefined, selector: string | undefined, attribute: string, profile: Profile, url: string): Date | null {
  if (value === null || value === undefined) return null;
  const at = parseSiteDateTime(value, profile.dates.timeZone);
  if (at) return at;
  const from = attribute ? `attribute ${attribute} of ${selector}` : `the text of ${selector}`;
  throw layoutChanged(
    `the site's layout changed: the article page ${url} has no readable time in ${from} (found ${JSON.stringify(value.slice(0, 40))}; expected "YYYY-MM-DD HH:MM:SS" or an ISO time)`,
  );
}
