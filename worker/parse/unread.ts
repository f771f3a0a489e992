// Items a page showed that could not be read. A page where some items read and some do not keeps the
// readable ones and reports the rest (which field, read from where, what was there, what was expected),
// so a date the profile cannot read or a selector that misses on one item never drops the items beside
// it, and never passes in silence: the task records them as its shortfall and the job says so
// (DataComplete=False). Pure.

/** What kind of item could not be read. */
export type UnreadKind = 'search-result' | 'comment' | 'article-page';

export interface UnreadItem {
  kind: UnreadKind;
  /** The page it was on (the search page, comment page or article page). */
  page: string;
  /** Its place on that page, 1 for the first item the item selector matched. */
  position: number;
  /** The field that did not read: title, link, date, commentNo, parent, writtenAt, or the page function's output path. */
  field: string;
  /** Where the field was read from: the selector (and attribute), or the page function. */
  selector: string;
  /** What was there, quoted and cut to 40 characters, or "nothing". */
  found: string;
  /** What would have read. */
  expected: string;
  /** The item's link when it had one (the article a result pointed to), so a person can open it. */
  ref?: string | null;
}

/** How many unread items a task keeps in detail (the counts are always complete). */
export const UNREAD_DETAIL_LIMIT = 20;

/** What was found, as a log and a person read it: quoted and short, or "nothing". */
export function foundText(v: string | null | undefined): string {
  if (v === null || v === undefined) return 'nothing';
  const t = v.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
}

/** One unread item in plain words: `#3 date (the text of span.info): found "어제"; expected a date such as ...`. */
export function describeUnreadItem(u: UnreadItem): string {
  return `#${u.position} ${u.field} (${u.selector}): found ${u.found}; expected ${u.expected}`;
}

/**
 * The job log line of a page with unread items: "search page 2: 1 of 10 results could not be read and
 * were not stored: #3 date (...): found "어제"; expected ...". At most three items are spelled out.
 */
export function describeUnread(what: string, shown: number, unread: readonly UnreadItem[], noun: string): string {
  const listed = unread.slice(0, 3).map(describeUnreadItem);
  const more = unread.length > 3 ? `; and ${unread.length - 3} more` : '';
  return `${what}: ${unread.length} of ${shown} ${noun} could not be read and were not stored: ${listed.join('; ')}${more}`;
}
