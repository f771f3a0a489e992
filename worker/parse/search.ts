// Search result pages -> article records. The browser returns a snapshot (the raw strings the
// profile's selectors point at, see worker/browser/scripts.ts); everything here is pure.
import { articleIdentity, articleIdOf, canonicalUrl, type Profile } from '../../lib/sources/profile.js';
import { layoutChanged } from '../errors.js';
import { parseSearchDate, parseSiteDateTime, type SiteDate } from './dates.js';
import { storedPrecision } from './precision.js';
import type { ArticleRecord } from './records.js';
import { cleanText } from './text.js';
import { foundText, type UnreadItem } from './unread.js';

export interface SearchItemSnapshot {
  titleText: string | null;
  titleAttr: string | null;
  titleHref: string | null;
  summary: string | null;
  publisher: string | null;
  publisherHref: string | null;
  dates: string[];
  /** The date elements' dateAttribute values, when the profile names one. */
  dateValues?: (string | null)[];
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
  /** The absolute href of the "next" control, when there is one. */
  nextHref?: string | null;
}

export interface SearchPageResult {
  articles: ArticleRecord[];
  /** The results the page showed (the items its item selector matched). */
  shown: number;
  /** The results that did not read and were not stored, each with the field, where it was read and what was found. */
  unread: UnreadItem[];
  hasNext: boolean;
  nextHref: string | null;
}

/**
 * Parses one result page of a keyword-day. An empty page with the "no results" marker is a normal end;
 * an empty page without it means the layout changed (the item selector matches nothing). An item
 * without a title, a link or a date is not stored and is reported in `unread` (the field, its selector,
 * what was found), while the items beside it are kept; when no item of the page reads, the layout
 * changed and the page fails with a reason naming the field and its selector.
 */
export function parseSearchSnapshot(
  snap: SearchSnapshot,
  profile: Profile,
  ctx: { day: string; now: Date; isTest: boolean; keyword: string },
): SearchPageResult {
  const sel = profile.search.selectors;
  if (snap.items.length === 0) {
    if (snap.noResults || !sel.noResults) return { articles: [], shown: 0, unread: [], hasNext: false, nextHref: null };
    throw layoutChanged(`the site's layout changed: no element matches ${sel.item} on the search page (and no "no results" marker ${sel.noResults})`);
  }
  const articles: ArticleRecord[] = [];
  const missing = { title: 0, link: 0, date: 0 };
  const badDates: string[] = [];
  const unread: UnreadItem[] = [];
  const where = unreadWhere(profile);
  snap.items.forEach((it, i) => {
    const title = cleanText(sel.titleAttribute ? it.titleAttr || it.titleText : it.titleText);
    const date = pickDate(it, profile, ctx.now, ctx.day);
    const originalUrl = it.titleHref ? canonicalUrl(it.titleHref) : null;
    const id = articleIdOf(it.portalHref, profile);
    const identity = articleIdentity(id, originalUrl);
    const dateTexts = (sel.dateAttribute ? (it.dateValues ?? []).map((v) => v ?? '') : it.dates).map((t) => cleanText(t));
    if (!title) missing.title++;
    if (!identity) missing.link++;
    if (!date) {
      missing.date++;
      badDates.push(...dateTexts);
    }
    const item = (field: keyof typeof where, found: string): UnreadItem => ({
      kind: 'search-result',
      page: snap.url,
      position: i + 1,
      field,
      ...where[field],
      found,
      ref: it.portalHref ?? it.titleHref,
    });
    if (!title) unread.push(item('title', foundText(sel.titleAttribute ? it.titleAttr || it.titleText : it.titleText)));
    else if (!identity) unread.push(item('link', foundText(it.titleHref ?? it.portalHref)));
    else if (!date)
      unread.push(
        item(
          'date',
          dateTexts
            .filter(Boolean)
            .map((t) => foundText(t))
            .join(', ') || 'nothing',
        ),
      );
    if (!title || !identity || !date) return;
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
      // The publisher's own link names its site; the article link may be served from elsewhere.
      publisherDomain: hostOf(it.publisherHref) ?? hostOf(originalUrl),
      section: null,
      byline: null,
      publishedAt: date.at,
      publishedPrecision: storedPrecision(date.precision),
      isTest: ctx.isTest,
      raw: {
        via: 'search',
        keyword: ctx.keyword,
        day: ctx.day,
        dateText: date.text,
        datePrecision: date.precision,
        title: it.titleAttr ?? it.titleText,
        summary: it.summary,
        publisher: it.publisher,
        titleHref: it.titleHref,
        portalHref: it.portalHref,
      },
    });
  });
  // Some items read: keep them and report the rest. None read: the layout changed.
  if (articles.length > 0)
    return { articles, shown: snap.items.length, unread, hasNext: snap.hasNext, nextHref: snap.hasNext ? (snap.nextHref ?? null) : null };
  const n = snap.items.length;
  const of = (k: number) => `${k} of ${n} results matched by ${sel.item}`;
  if (missing.title) {
    const where = sel.titleAttribute ? `attribute ${sel.titleAttribute} or the text of ${sel.title}` : `the text of ${sel.title}`;
    throw layoutChanged(
      `the site's layout changed: ${of(missing.title)} have no title (read from ${where}); expected a non-empty title in every result`,
    );
  }
  if (missing.link) {
    throw layoutChanged(
      `the site's layout changed: ${of(missing.link)} have no link to the article (href of ${sel.title}${sel.portalLink ? `, or ${sel.portalLink} matching articleIdPattern` : ''})`,
    );
  }
  if (missing.date) {
    const found = [...new Set(badDates.filter(Boolean))].slice(0, 3).map((t) => JSON.stringify(t.slice(0, 40)));
    const where = sel.dateAttribute ? `attribute ${sel.dateAttribute} of ${sel.date}` : `the text of ${sel.date}`;
    const expected = sel.dateAttribute
      ? 'an ISO-like time such as 2024-12-02T09:15:00+09:00'
      : `a relative date such as "3${profile.dates.relativeUnits.hour}" or a text matching dates.absolutePattern ${profile.dates.absolutePattern} as a whole`;
    throw layoutChanged(
      `the site's layout changed: ${of(missing.date)} have no date that reads (${where}: found ${found.length ? found.join(', ') : 'nothing'}; expected ${expected})`,
    );
  }
  return { articles, shown: n, unread, hasNext: snap.hasNext, nextHref: snap.hasNext ? (snap.nextHref ?? null) : null };
}

/** Where each field of a result is read from and what would read, as an unread item reports it. */
function unreadWhere(profile: Profile): Record<'title' | 'link' | 'date', { selector: string; expected: string }> {
  const sel = profile.search.selectors;
  return {
    title: {
      selector: sel.titleAttribute ? `attribute ${sel.titleAttribute} or the text of ${sel.title}` : `the text of ${sel.title}`,
      expected: 'a non-empty title',
    },
    link: {
      selector: `href of ${sel.title}${sel.portalLink ? `, or ${sel.portalLink} matching articleIdPattern` : ''}`,
      expected: 'a link to the article',
    },
    date: {
      selector: sel.dateAttribute ? `attribute ${sel.dateAttribute} of ${sel.date}` : `the text of ${sel.date}`,
      expected: sel.dateAttribute
        ? 'an ISO-like time such as 2024-12-02T09:15:00+09:00'
        : `a relative date such as "3${profile.dates.relativeUnits.hour}" or a text matching dates.absolutePattern ${profile.dates.absolutePattern} as a whole`,
    },
  };
}

/**
 * The date of a result: with dateAttribute, the first date element whose attribute is an exact time;
 * otherwise the one text among the date candidates that reads as a date (others are e.g. a print
 * position).
 */
export function pickDate(it: Pick<SearchItemSnapshot, 'dates' | 'dateValues'>, profile: Profile, now: Date, day: string): SiteDate | null {
  if (profile.search.selectors.dateAttribute) {
    for (const v of it.dateValues ?? []) {
      const at = parseSiteDateTime(v, profile.dates.timeZone);
      if (at) return { at, precision: 'exact', text: v! };
    }
    return null;
  }
  for (const t of it.dates) {
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
