// Search result pages -> article records. The browser returns a snapshot (the raw strings the
// profile's selectors point at, see worker/browser/scripts.ts); everything here is pure.
import { articleIdentity, articleIdOf, canonicalUrl, type Profile } from '../../lib/sources/profile.js';
import { permanent } from '../errors.js';
import { parseSearchDate, type SiteDate } from './dates.js';
import type { ArticleRecord } from './records.js';
import { cleanText } from './text.js';

export interface SearchItemSnapshot {
  titleText: string | null;
  titleAttr: string | null;
  titleHref: string | null;
  summary: string | null;
  publisher: string | null;
  publisherHref: string | null;
  dates: string[];
  portalHref: string | null;
}

export interface PageStatus {
  url: string;
  /** HTTP status of the document (0 when the browser could not load it). */
  status: number;
  /** A block-page selector or text matched. */
  blocked: boolean;
  documentTitle: string;
}

export interface SearchSnapshot extends PageStatus {
  items: SearchItemSnapshot[];
  noResults: boolean;
  hasNext: boolean;
}

export interface SearchPageResult {
  articles: ArticleRecord[];
  /** Items whose title was missing (layout drift inside an item); reported, not stored. */
  skipped: number;
  hasNext: boolean;
}

/**
 * Parses one result page of a keyword-day. An empty page with the "no results" marker is a normal end;
 * an empty page without it means the layout changed (the item selector matches nothing).
 */
export function parseSearchSnapshot(snap: SearchSnapshot, profile: Profile, ctx: { day: string; now: Date; isTest: boolean; keyword: string }): SearchPageResult {
  const sel = profile.search.selectors;
  if (snap.items.length === 0) {
    if (snap.noResults || !sel.noResults) return { articles: [], skipped: 0, hasNext: false };
    throw permanent(`the site's layout changed: no element matches ${sel.item} on the search page (and no "no results" marker ${sel.noResults})`);
  }
  const articles: ArticleRecord[] = [];
  let skipped = 0;
  let withTitle = 0;
  for (const it of snap.items) {
    const title = cleanText(sel.titleAttribute ? it.titleAttr || it.titleText : it.titleText);
    if (!title) {
      skipped++;
      continue;
    }
    withTitle++;
    const date = pickDate(it.dates, profile, ctx.now, ctx.day);
    const originalUrl = it.titleHref ? canonicalUrl(it.titleHref) : null;
    const id = articleIdOf(it.portalHref, profile);
    const identity = articleIdentity(id, originalUrl);
    if (!identity) {
      skipped++;
      continue;
    }
    articles.push({
      source: profile.name,
      identity,
      oid: id?.oid ?? null,
      aid: id?.aid ?? null,
      portalUrl: id && it.portalHref ? it.portalHref : null,
      originalUrl,
      title,
      description: cleanText(it.summary) || null,
      publisher: cleanText(it.publisher) || null,
      publisherDomain: hostOf(originalUrl) ?? hostOf(it.publisherHref),
      section: null,
      byline: null,
      publishedAt: date?.at ?? null,
      isTest: ctx.isTest,
      raw: {
        via: 'search',
        keyword: ctx.keyword,
        day: ctx.day,
        dateText: date?.text ?? it.dates.join(' | '),
        datePrecision: date?.precision ?? null,
        title: it.titleAttr ?? it.titleText,
        summary: it.summary,
        publisher: it.publisher,
        titleHref: it.titleHref,
        portalHref: it.portalHref,
      },
    });
  }
  if (withTitle === 0) throw permanent(`the site's layout changed: no element matches ${sel.title} inside the search results`);
  return { articles, skipped, hasNext: snap.hasNext };
}

/** The one text among the date candidates that reads as a date (others are e.g. a print position). */
export function pickDate(texts: string[], profile: Profile, now: Date, day: string): SiteDate | null {
  for (const t of texts) {
    const d = parseSearchDate(cleanText(t), profile.dates, now, day);
    if (d) return d;
  }
  return null;
}

export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
