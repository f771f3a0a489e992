// One field of an item as a profile describes it: where it is (a selector inside the item, or the item
// itself), what of it is read (an attribute, or the text), an optional regular expression whose group
// is the value (`id="c-7309123"` with `^c-(\d+)$`), and what the value is (a parser: an id, a number
// with Korean units, a date, a boolean, a text). The browser reads the raw string; everything here is
// pure. A field that does not read says what was found and what was expected, so the task can name
// the field, its selector and the text in its reason.
import { parseSearchDate, type DateRules, type SiteDate } from './dates.js';
import { parseSiteNumber, type SiteNumber } from './numbers.js';
import { cleanMultiline, cleanText } from './text.js';

export interface FieldSpec {
  /** CSS selector inside the item; empty: the item itself. */
  selector: string;
  /** The attribute read; empty: the element's text. */
  attribute: string;
  /** A regular expression searched in what was read: its group `value`, else group 1, else the match. */
  pattern: string;
}

/** Whether the profile describes the field at all (any of its parts set). */
export const fieldSet = (f: FieldSpec | undefined): f is FieldSpec => !!f && !!(f.selector || f.attribute || f.pattern);

/** Where a field is, in words for a reason: `attribute data-count of span.like (pattern ...)`. */
export function describeField(f: FieldSpec, item = 'the item'): string {
  const el = f.selector || item;
  const what = f.attribute ? `attribute ${f.attribute} of ${el}` : `the text of ${el}`;
  return f.pattern ? `${what} (pattern ${f.pattern})` : what;
}

export type FieldResult<T> = { ok: true; value: T } | { ok: false; found: string; expected: string };

const found = (raw: string | null) => (raw === null ? 'nothing (no element, or no such attribute)' : JSON.stringify(cleanText(raw).slice(0, 40)));

/**
 * The part of the raw text the pattern captures: its group `value`, else group 1, else the whole match.
 * Null when nothing was read or the pattern does not match (a pattern that does not compile is refused
 * before the task, lib/sources/check.ts).
 */
export function capture(raw: string | null, pattern: string): string | null {
  if (raw === null) return null;
  if (!pattern) return raw;
  const m = new RegExp(pattern).exec(raw);
  if (!m) return null;
  return m.groups?.value ?? m[1] ?? m[0];
}

function captured<T>(raw: string | null, f: FieldSpec, expected: string, parse: (s: string) => T | null): FieldResult<T> {
  const c = capture(raw, f.pattern);
  const v = c === null ? null : parse(c);
  if (v === null)
    return { ok: false, found: found(raw), expected: f.pattern && raw !== null && c === null ? `a text matching ${f.pattern}` : expected };
  return { ok: true, value: v };
}

/** A positive whole number that names something (a comment number): "7309123" after the capture. */
export function readId(raw: string | null, f: FieldSpec): FieldResult<number> {
  return captured(raw, f, 'a positive whole number', (s) => {
    const t = s.trim();
    if (!/^\d+$/.test(t)) return null;
    const n = Number(t);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  });
}

/** A count: "1,234", "1.4천", "3만" (exact false when the site abbreviated it). */
export function readNumber(raw: string | null, f: FieldSpec): FieldResult<SiteNumber> {
  return captured(raw, f, 'a number such as 1,234 or 1.4천', parseSiteNumber);
}

/** A date in any form the site's date rules read, with its precision. */
export function readDate(raw: string | null, f: FieldSpec, rules: DateRules, now: Date, day?: string): FieldResult<SiteDate> {
  return captured(raw, f, 'a date such as 2024.03.05. 오후 7:08, 2024-03-05T19:08:00+09:00, 3분 전 or 어제', (s) =>
    parseSearchDate(cleanText(s), rules, now, day),
  );
}

/** A text (one line), or with line breaks kept. */
export function readText(raw: string | null, f: FieldSpec, multiline = false): FieldResult<string> {
  return captured(raw, f, 'a text', (s) => (multiline ? cleanMultiline(s) : cleanText(s)));
}

/**
 * A boolean: true when the element exists and (with a pattern) what was read matches it, e.g. a class
 * (`attribute: class`, `pattern: "(^|\\s)is-deleted(\\s|$)"`) or a text (`selector: .msg`, `pattern:
 * 삭제된 댓글`). Never fails: an absent element is false.
 */
export function readBoolean(raw: string | null, f: FieldSpec): boolean {
  if (raw === null) return false;
  return f.pattern ? new RegExp(f.pattern).test(raw) : true;
}
