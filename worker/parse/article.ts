// An article page -> the fields the search page does not have (section, byline, exact and modified
// time, the body text).
import type { Profile } from '../../lib/sources/profile.js';
import { layoutChanged } from '../errors.js';
import { parseSiteDateTime } from './dates.js';
import type { ArticleRecord } from './records.js';
import type { PageStatus } from './search.js';
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
}

/** Merges what the article page shows into the record found on the search page. */
export function mergeArticlePage(rec: ArticleRecord, snap: ArticleSnapshot, profile: Profile): ArticleRecord {
  const sel = profile.article.selectors;
  if (snap.title === null) throw layoutChanged(`the site's layout changed: no element matches ${sel.title} on the article page ${snap.url}`);
  const publishedAt = readTime(snap.publishedAt, sel.publishedAt, sel.publishedAtAttribute, profile, snap.url);
  const modifiedAt = readTime(snap.modifiedAt, sel.modifiedAt, sel.modifiedAtAttribute, profile, snap.url);
  return {
    ...rec,
    body: bodyText(snap.body) ?? rec.body ?? null,
    modifiedAt: modifiedAt ?? rec.modifiedAt ?? null,
    title: rec.title || cleanText(snap.title),
    section: cleanText(snap.section) || rec.section,
    byline: cleanText(snap.byline) || rec.byline,
    publisher: rec.publisher ?? (cleanText(snap.publisher) || null),
    publishedAt: publishedAt ?? rec.publishedAt,
    raw: {
      ...rec.raw,
      article: {
        title: snap.title,
        section: snap.section,
        byline: snap.byline,
        publisher: snap.publisher,
        publishedAt: snap.publishedAt,
        modifiedAt: snap.modifiedAt ?? null,
        bodyLength: snap.bodyLength,
      },
      ...(publishedAt ? { datePrecision: 'exact' } : {}),
    },
  };
}

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
