// A task's shortfall: what the site showed that the task did not store. Kept beside the task's counts
// and written with its outcome (tasks.results_shown, results_unread, comments_unread, pages_unread,
// unread), so the operator can tell a job that stored everything it was shown from one that did not.
// Pure.
import { UNREAD_DETAIL_LIMIT, type UnreadItem, type UnreadKind } from './parse/unread.js';

export interface Shortfall {
  /** Search results the pages showed (the items their item selector matched). */
  resultsShown: number;
  /** Of those, the ones that did not read and were not stored. */
  resultsUnread: number;
  /** Comments the page showed (or counted) that were not stored. */
  commentsUnread: number;
  /** Article pages that could not be read: their articles are stored with what the search result showed. */
  pagesUnread: number;
  /** The first unread items in detail (UNREAD_DETAIL_LIMIT). */
  unread: UnreadItem[];
}

export const noShortfall = (): Shortfall => ({ resultsShown: 0, resultsUnread: 0, commentsUnread: 0, pagesUnread: 0, unread: [] });

const FIELD: Record<UnreadKind, 'resultsUnread' | 'commentsUnread' | 'pagesUnread'> = {
  'search-result': 'resultsUnread',
  comment: 'commentsUnread',
  'article-page': 'pagesUnread',
};

/** Adds the items of one page: `shown` counts search results only (comments are counted by what the site shows). */
export function addUnread(s: Shortfall, kind: UnreadKind, shown: number, unread: readonly UnreadItem[]): Shortfall {
  return {
    ...s,
    resultsShown: s.resultsShown + (kind === 'search-result' ? shown : 0),
    [FIELD[kind]]: s[FIELD[kind]] + unread.length,
    unread: [...s.unread, ...unread].slice(0, UNREAD_DETAIL_LIMIT),
  };
}

/**
 * The comments of an article the task did not store: the site's count less what was stored, or the
 * unreadable items when that is more (a site may count deleted comments it does not show), never
 * counting beyond the profile's comments.maxComments (a limit asked for is not a shortfall).
 */
export function commentsNotStored(o: { shown: number | null; stored: number; unreadable: number; maxComments: number }): number {
  const expected = o.shown === null ? null : Math.min(o.shown, o.maxComments);
  const missing = expected === null ? 0 : Math.max(0, expected - o.stored);
  return Math.max(missing, o.unreadable);
}

/** True when the task stored everything it was shown. */
export const isComplete = (s: Shortfall): boolean => s.resultsUnread + s.commentsUnread + s.pagesUnread === 0;
