// Dates as the site writes them -> instants. Pure: the collection time is an argument, the time zone
// comes from the profile (Asia/Seoul for the portal), and nothing depends on the machine's zone.
import { narrowToDay, relativeInterval, storedPrecision } from './precision.js';

export interface RelativeUnits {
  second: string;
  minute: string;
  hour: string;
  day: string;
  week: string;
  month: string;
}

/** Words that are a date on their own ("방금", "어제", "그제"), and the word that says "ago". */
export interface RelativeWords {
  /** Written after a relative date ("5분 전"); optional in the text and in the unit words alike. */
  ago: string;
  now: string[];
  yesterday: string[];
  dayBeforeYesterday: string[];
}

export const DEFAULT_RELATIVE_UNITS: RelativeUnits = {
  second: '초 전',
  minute: '분 전',
  hour: '시간 전',
  day: '일 전',
  week: '주 전',
  month: '개월 전',
};
export const DEFAULT_RELATIVE_WORDS: RelativeWords = {
  ago: '전',
  now: ['방금', '방금 전'],
  yesterday: ['어제'],
  dayBeforeYesterday: ['그제', '그저께'],
};
/**
 * How precise a date is. 'exact' is good to the second; the others are the unit the site wrote: a
 * relative "3시간 전" is good to the hour (`at` is the latest time it can be), a calendar day ("어제",
 * "2024.03.05.") is its midnight in the site's zone. Never a made-up time of day.
 */
export type DatePrecision = 'exact' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month';

export interface SiteDate {
  at: Date;
  /**
   * How precise `at` is: a relative "3시간 전" is good to the hour, an absolute "2024.12.02." to the day;
   * `at` is then the start of that interval (see precision.ts), never a made-up time inside it.
   */
  precision: DatePrecision;
  text: string;
}

export interface DateRules {
  timeZone: string;
  absolutePattern: string;
  relativeUnits: RelativeUnits;
  /** Absent: DEFAULT_RELATIVE_WORDS. */
  relativeWords?: RelativeWords;
}

const offsetCache = new Map<string, Intl.DateTimeFormat>();

/** The offset of a time zone from UTC at an instant, in ms. */
export function zoneOffsetMs(timeZone: string, at: number): number {
  let f = offsetCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetCache.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time in a zone stands for. */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let at = wall - zoneOffsetMs(timeZone, wall);
  at = wall - zoneOffsetMs(timeZone, at);
  return new Date(at);
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(at: Date, timeZone: string): string {
  const d = new Date(at.getTime() + zoneOffsetMs(timeZone, at.getTime()));
  return d.toISOString().slice(0, 10);
}

/** The first instant of a day (YYYY-MM-DD) in a zone. */
export function dayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return zonedInstant(y, m, d, 0, 0, 0, timeZone);
}

/**
 * A date as a site writes it, against the collection time `now`:
 * - a word that is a date on its own: "방금" (now, to the minute), "어제", "그제" (that day);
 * - relative: a number and a unit word ("5분 전", "3시간 전", "2일 전", "1주 전", "2개월 전"), the ago
 *   word ("전") optional in the text and in the unit words; counted back from now (months by the
 *   calendar), with the unit as the precision: "2일 전" is between 2 and 3 days ago, and `at` is the
 *   start of that interval (the site rounds down);
 * - absolute by the profile's pattern, which must match the whole text ("2024.12.02."; named groups
 *   year, month, day, hour, minute, second and ampm read a time too, e.g. "2024.12.02. 오후 3:15");
 * - an ISO-like time ("2024-12-02T09:15:00+09:00", "2024-12-02 09:15:00") or the common Korean
 *   "2024.03.05. 오후 7:08" form when the profile's pattern does not read it.
 * When the day searched is known, a relative interval that reaches outside it is only known to be on
 * that day: the day's start with precision day (narrowToDay; no time of day is made up). Null when the
 * text is no date.
 */
export function parseSearchDate(text: string, rules: DateRules, now: Date, day?: string): SiteDate | null {
  const t = text.replace(/[\s\u00a0]+/g, ' ').trim();
  const d = relativeDate(t, rules, now);
  if (!d) return absoluteDate(t, rules);
  return { ...narrowToDay({ at: d.at, precision: storedPrecision(d.precision) }, day, rules.timeZone), text: t };
}

/** A relative date or a date word; null when the text is neither. */
export function relativeDate(t: string, rules: DateRules, now: Date): SiteDate | null {
  const words = rules.relativeWords ?? DEFAULT_RELATIVE_WORDS;
  const ago = words.ago.trim();
  const bare = (w: string) => {
    const x = w.trim();
    return ago && x.endsWith(ago) ? x.slice(0, -ago.length).trim() : x;
  };
  const same = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
  const tz = rules.timeZone;
  if (words.now.some((w) => w && same(w, t))) return { at: new Date(Math.floor(now.getTime() / 60_000) * 60_000), precision: 'minute', text: t };
  const today = dayIn(now, tz);
  if (words.yesterday.some((w) => w && same(w, t))) return { at: dayStart(addDays(today, -1), tz), precision: 'day', text: t };
  if (words.dayBeforeYesterday.some((w) => w && same(w, t))) return { at: dayStart(addDays(today, -2), tz), precision: 'day', text: t };
  const agoPart = ago ? `(?:\\s*${escapeRegExp(ago)})?` : '';
  for (const unit of ['second', 'minute', 'hour', 'day', 'week', 'month'] as const) {
    const word = bare(rules.relativeUnits[unit] ?? '');
    if (!word) continue;
    const m = new RegExp(`^(\\d+)\\s*${escapeRegExp(word).replace(/\s+/g, '\\s*')}${agoPart}$`).exec(t);
    if (!m) continue;
    const n = Number(m[1]);
    if (unit !== 'month') return { ...relativeInterval(now, n, unit), text: t };
    // Calendar months back, at the same time of day: "3개월 전" lies in the month before that, known to the month.
    const [y, mo, d] = addMonths(today, -(n + 1))
      .split('-')
      .map(Number) as [number, number, number];
    const wall = new Date(now.getTime() + zoneOffsetMs(tz, now.getTime()));
    return { at: zonedInstant(y, mo, d, wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), tz), precision: unit, text: t };
  }
  return null;
}

/** An absolute date by the profile's pattern (whole text), else ISO-like or "2024.03.05. 오후 7:08". */
export function absoluteDate(t: string, rules: Pick<DateRules, 'absolutePattern' | 'timeZone'>): SiteDate | null {
  const byPattern = patternDate(t, rules.absolutePattern, rules.timeZone);
  if (byPattern !== undefined) return byPattern;
  const exact = parseSiteDateTime(t, rules.timeZone);
  if (exact) return { at: exact, precision: /:\d{2}:\d{2}/.test(t) ? 'exact' : 'minute', text: t };
  return patternDate(t, KOREAN_DATE, rules.timeZone) ?? null;
}

/** "2024.03.05. 오후 7:08", "2024-03-05 오전 9:15", "2024.3.5" (then the day alone). */
const KOREAN_DATE =
  '(?<year>\\d{4})[.\\-/]\\s*(?<month>\\d{1,2})[.\\-/]\\s*(?<day>\\d{1,2})\\.?(?:\\s*(?<ampm>오전|오후|AM|PM|am|pm)?\\s*(?<hour>\\d{1,2}):(?<minute>\\d{2})(?::(?<second>\\d{2}))?)?';

/** undefined: the pattern does not match; null: it matches but is no real date. */
function patternDate(t: string, pattern: string, timeZone: string): SiteDate | null | undefined {
  let a: RegExpExecArray | null;
  try {
    a = new RegExp(`^(?:${pattern})$`).exec(t);
  } catch {
    return undefined;
  }
  if (!a) return undefined;
  const g = a.groups ?? {};
  const named = g.year !== undefined;
  const [y, mo, d] = named ? [Number(g.year), Number(g.month), Number(g.day)] : [Number(a[1]), Number(a[2]), Number(a[3])];
  if (!validDay(y, mo, d)) return null;
  let h = g.hour !== undefined ? Number(g.hour) : 0;
  const mi = g.minute !== undefined ? Number(g.minute) : 0;
  const sec = g.second !== undefined ? Number(g.second) : 0;
  if (g.ampm !== undefined) {
    const pm = /^(오후|pm|p\.m\.)$/i.test(g.ampm.trim());
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  const precision: DatePrecision = g.second !== undefined ? 'exact' : g.minute !== undefined ? 'minute' : g.hour !== undefined ? 'hour' : 'day';
  return { at: zonedInstant(y, mo, d, h, mi, sec, timeZone), precision, text: t };
}

/** YYYY-MM-DD plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus n calendar months, the day kept inside the month ("03-31" - 1 month is "02-29"). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * "2024-12-02 09:15:00", "2024-12-02T09:20:11+0900", "2024-12-02T09:20:11+09:00" or "...Z": an offset
 * in the text wins, otherwise the wall clock is read in the profile's zone. Null when unparseable.
 */
export function parseSiteDateTime(text: string | null | undefined, timeZone: string): Date | null {
  if (!text) return null;
  const m = /^(\d{4})[-.](\d{1,2})[-.](\d{1,2})\.?[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const off = m[7];
  if (!off) return zonedInstant(y, mo, d, h, mi, s, timeZone);
  if (off === 'Z') return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  const offMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offMs);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 / 1123 ("Mon, 02 Dec 2024 09:15:00 +0900"), as the search API writes pubDate. */
export function parseRfc822(text: string | null | undefined): Date | null {
  if (!text) return null;
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UTC|Z)?$/.exec(text.trim());
  if (!m) return null;
  const mo = MONTHS.indexOf(m[2]!.toLowerCase());
  if (mo < 0) return null;
  const utc = Date.UTC(Number(m[3]), mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  const off = m[7];
  if (!off || off === 'GMT' || off === 'UTC' || off === 'Z') return new Date(utc);
  const sign = off.startsWith('-') ? -1 : 1;
  return new Date(utc - sign * (Number(off.slice(1, 3)) * 60 + Number(off.slice(3, 5))) * 60_000);
}

/** YYYY.MM.DD form of a YYYY-MM-DD day, and YYYYMMDD. */
export const dottedDay = (day: string): string => day.replace(/-/g, '.');
export const compactDay = (day: string): string => day.replace(/-/g, '');

function validDay(y: number, mo: number, d: number): boolean {
  const x = new Date(Date.UTC(y, mo - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === mo - 1 && x.getUTCDate() === d;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
