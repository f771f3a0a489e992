// How exact a stored time is. `published_at` holds the start of the interval the site's words allow,
// in the site's zone, and `published_precision` its length: a day known only as "2024.12.02." is
// midnight KST with precision `day`, never a made-up 23:59:59. Pure.
import { dayStart, zoneOffsetMs, type DatePrecision } from './dates.js';

/** What `articles.published_precision` holds: only `second` and `minute` are exact. */
export const STORED_PRECISIONS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;
export type StoredPrecision = (typeof STORED_PRECISIONS)[number];

const RANK: Record<StoredPrecision, number> = { second: 0, minute: 1, hour: 2, day: 3, week: 4, month: 5 };
const LENGTH_MS: Record<Exclude<StoredPrecision, 'month'>, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** A parser's precision as stored (`exact` is to the second). */
export function storedPrecision(p: DatePrecision | StoredPrecision): StoredPrecision {
  return p === 'exact' ? 'second' : p;
}

/** Whether a reading of precision a is at least as exact as one of precision b. */
export function atLeastAsExact(a: StoredPrecision, b: StoredPrecision): boolean {
  return RANK[a] <= RANK[b];
}

export const isExact = (p: StoredPrecision | null | undefined): boolean => p === 'second' || p === 'minute';

export interface TimeInterval {
  /** The first instant the words allow. */
  at: Date;
  precision: StoredPrecision;
}

/**
 * "N units ago" read at now: the site rounds down, so the time lies in (now - (N+1) units, now - N units].
 * The interval's start is stored with the unit as its precision.
 */
export function relativeInterval(now: Date, n: number, unit: Exclude<StoredPrecision, 'month'>): TimeInterval {
  return { at: new Date(now.getTime() - (n + 1) * LENGTH_MS[unit]), precision: unit };
}

/**
 * Narrows a reading with the day a search was limited to (the portal only lists a result on the days it
 * was published): an interval that lies inside the day stays; one that reaches outside it (a "2주 전"
 * seen on a day search) says no more than the day itself, stored as that day at day precision.
 */
export function narrowToDay(r: TimeInterval, day: string | undefined, timeZone: string): TimeInterval {
  if (!day) return r;
  const lo = dayStart(day, timeZone).getTime();
  const hi = lo + LENGTH_MS.day;
  const len = r.precision === 'month' ? 31 * LENGTH_MS.day : LENGTH_MS[r.precision];
  const start = r.at.getTime();
  if (start >= lo && start + len <= hi) return r;
  return { at: new Date(lo), precision: 'day' };
}

/**
 * An ISO 8601 time as schema.org and OpenGraph write it, with the precision its text gives:
 * "2024-12-02T09:15:07+09:00" (second), "2024-12-02T09:15+09:00" (minute), "2024-12-02" (day, midnight
 * in the zone), "2024-12" (month). A time without an offset is read in the zone. Null when unreadable.
 */
export function parseIsoTime(text: string | null | undefined, timeZone: string): TimeInterval | null {
  if (!text) return null;
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?$/.exec(t);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const d = m[3] === undefined ? 1 : Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const precision: StoredPrecision = m[3] === undefined ? 'month' : m[4] === undefined ? 'day' : m[6] === undefined ? 'minute' : 'second';
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const off = m[7];
  if (off === undefined || precision === 'day' || precision === 'month') {
    const guess = wall - zoneOffsetMs(timeZone, wall);
    return { at: new Date(wall - zoneOffsetMs(timeZone, guess)), precision };
  }
  if (off === 'Z') return { at: new Date(wall), precision };
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '').padEnd(4, '0');
  return { at: new Date(wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000), precision };
}

function validDay(y: number, mo: number, d: number): boolean {
  const x = new Date(Date.UTC(y, mo - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === mo - 1 && x.getUTCDate() === d;
}
