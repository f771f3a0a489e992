// Korea Standard Time (UTC+9, no daylight saving) helpers: days, formats and relative dates.
// Everything works on epoch milliseconds and never depends on the machine's time zone.

export const KST_OFFSET_MS = 9 * 3600_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3600_000;
export const DAY_MS = 86_400_000;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface KstParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function kstParts(ms: number): KstParts {
  const d = new Date(ms + KST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** Parses a KST calendar day written YYYY-MM-DD, YYYY.MM.DD(.) or YYYYMMDD; null when invalid. */
export function parseDay(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /^(\d{4})[-.]?(\d{2})[-.]?(\d{2})\.?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** The instant a KST day (YYYY-MM-DD) starts. */
export function kstDayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - KST_OFFSET_MS;
}

/** The KST day (YYYY-MM-DD) an instant falls on. */
export function kstDay(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function addDays(day: string, days: number): string {
  return kstDay(kstDayStart(day) + days * DAY_MS);
}

/** `2024-12-02T09:15:00+09:00` */
export function isoKst(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+09:00`;
}

/** `2024-12-02 09:15:00`, the article page's data-date-time. */
export function dataDateTime(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `2024-12-02T09:20:11+0900`, the comment box's data-value and API regTime. */
export function cboxTime(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+0900`;
}

/** `2024.12.02.`, the search page's absolute date. */
export function dotDate(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}.${pad(p.month)}.${pad(p.day)}.`;
}

/** `2024.12.02. 오전 9:15`, the article page's visible time. */
export function koreanDateTime(ms: number): string {
  const p = kstParts(ms);
  const half = p.hour < 12 ? '오전' : '오후';
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${p.year}.${pad(p.month)}.${pad(p.day)}. ${half} ${hour12}:${pad(p.minute)}`;
}

/** `2024.12.02. 09:20`, the comment box's visible time. */
export function cboxVisibleTime(ms: number): string {
  const p = kstParts(ms);
  return `${p.year}.${pad(p.month)}.${pad(p.day)}. ${pad(p.hour)}:${pad(p.minute)}`;
}

/** RFC 822 with the KST offset: `Mon, 02 Dec 2024 09:15:00 +0900`. */
export function rfc822Kst(ms: number): string {
  const p = kstParts(ms);
  return `${WEEKDAYS[p.weekday]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} +0900`;
}

/**
 * The date a search result shows: relative within five weeks of `now`
 * ("5분 전", "3시간 전", "2일 전", "1주 전"), `YYYY.MM.DD.` before that.
 */
export function searchDateText(published: number, now: number): string {
  const diff = Math.max(0, now - published);
  if (diff < HOUR_MS) return `${Math.max(1, Math.floor(diff / MINUTE_MS))}분 전`;
  if (diff < DAY_MS) return `${Math.floor(diff / HOUR_MS)}시간 전`;
  const days = Math.floor(diff / DAY_MS);
  if (days < 7) return `${days}일 전`;
  if (days < 35) return `${Math.floor(days / 7)}주 전`;
  return dotDate(published);
}
