// Calendar days as people write them: Korean "2026. 12. 02." and English "2 Dec 2026" on screen, the
// API's YYYY-MM-DD underneath. A day has no time zone of its own; the forms' defaults are Seoul's today.
// Pure (no DOM), so the unit tests run it under Node.

export type DayLang = 'ko' | 'en';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a real calendar day, or null (month 13, 31 June, 29 February of a common year). */
function calendarDay(y: number, m: number, d: number): string | null {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1000 && y <= 9999)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** 1-12 for a month's English name or its first three letters ("Dec", "december"), else null. */
function monthOf(word: string): number | null {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((name) => name.toLowerCase() === w || name.slice(0, 3).toLowerCase() === w);
  return i >= 0 ? i + 1 : null;
}

/**
 * Reads a day typed in either language: "2026-12-02", "2026. 12. 2.", "2026/12/02", "2026년 12월 2일",
 * "20261202", "2 Dec 2026", "2 December 2026", "Dec 2, 2026" or "02/12/2026" (day first, as in Britain).
 * Returns YYYY-MM-DD, or null when the text is not one calendar day.
 */
export function parseDay(text: string): string | null {
  const s = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4}) ?[-./년] ?(\d{1,2}) ?[-./월] ?(\d{1,2}) ?[.일]?$/.exec(s);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return calendarDay(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2}) ([a-z]+)\.?,? (\d{4})$/i.exec(s);
  if (m) {
    const month = monthOf(m[2]!);
    return month ? calendarDay(Number(m[3]), month, Number(m[1])) : null;
  }
  m = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/i.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    return month ? calendarDay(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

/** A YYYY-MM-DD day the way the language writes it ("2026. 12. 02." / "2 Dec 2026"); other text as it is. */
export function formatDay(iso: string, lang: DayLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'ko' ? `${y}. ${pad(mo)}. ${pad(d)}.` : `${d} ${MONTHS[mo - 1]?.slice(0, 3) ?? '?'} ${y}`;
}
