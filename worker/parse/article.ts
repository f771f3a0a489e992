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
  const publishedAt = parseSiteDateTime(snap.publishedAt, profile.dates.timeZone);
  const modifiedAt = parseSiteDateTime(snap.modifiedAt, profile.dates.timeZone);
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
