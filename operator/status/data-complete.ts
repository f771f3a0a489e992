// Whether a finished job stored everything the sites showed it: the DataComplete condition beside
// Complete (or Failed). A job with any shortfall (failed tasks, even within the tolerance; search
// results, comments or article pages shown but not read) says so with the counts, so it never reads as
// a plain success. Pure.
import type { TaskCounts } from './status.js';

export interface DataCompleteCondition {
  status: 'True' | 'False';
  reason: 'AllShownItemsStored' | 'TasksFailed' | 'ItemsNotRead' | 'CommentsNotStored';
  message: string;
}

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * DataComplete from a finished job's counts. The reason names the first kind of shortfall of: failed
 * tasks, items not read (search results, article pages), comments not stored; the message gives every
 * count, e.g. "6 of 93 search results could not be read; 1,980 of 2,013 comments stored".
 */
export function dataComplete(c: TaskCounts): DataCompleteCondition {
  const resultsUnread = c.resultsUnread ?? 0;
  const pagesUnread = c.pagesUnread ?? 0;
  const commentsUnread = c.commentsUnread ?? 0;
  const parts: string[] = [];
  if (c.failed) parts.push(`${n(c.failed)} of ${n(c.total)} tasks failed`);
  if (resultsUnread) parts.push(`${n(resultsUnread)} of ${n(c.resultsShown ?? resultsUnread)} search results could not be read`);
  if (pagesUnread) parts.push(`${n(pagesUnread)} article ${pagesUnread === 1 ? 'page' : 'pages'} could not be read (stored from the search results)`);
  if (commentsUnread) parts.push(`${n(c.comments)} of ${n(c.comments + commentsUnread)} comments stored`);
  if (!parts.length) return { status: 'True', reason: 'AllShownItemsStored', message: 'every item the sites showed was stored' };
  const reason = c.failed ? 'TasksFailed' : resultsUnread || pagesUnread ? 'ItemsNotRead' : 'CommentsNotStored';
  return { status: 'False', reason, message: parts.join('; ') };
}
