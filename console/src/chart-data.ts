// The charts' data, decided apart from drawing: days in Asia/Seoul, gaps where nothing was collected
// (null: no line is drawn across the day and no zero is invented), zeros only where collection ran
// and found nothing, and the axis labels in the reader's language. Pure.
export type Lang = 'ko' | 'en';

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every day from `from` to `to`, inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dayMs(from); t <= dayMs(to); t += DAY_MS) out.push(dayOf(t));
  return out;
}

export interface PerDay {
  days: string[];
  series: { keyword: string; values: (number | null)[] }[];
}

/**
 * Articles per day and keyword over a continuous run of days. A keyword's day inside one of its
 * collected ranges and without articles is 0; a day outside them is null (not collected). When no
 * range is known (articles reached through comments jobs), only the days with articles have values.
 */
export function perDay(
  rows: { day: string; keyword: string; articles: number }[],
  collected: { keyword: string; from: string; to: string }[],
): PerDay {
  const known = [...rows.map((r) => r.day), ...collected.flatMap((c) => [c.from, c.to])].sort();
  if (!known.length) return { days: [], series: [] };
  const days = daysBetween(known[0]!, known[known.length - 1]!);
  const keywords = [...new Set([...rows.map((r) => r.keyword), ...collected.map((c) => c.keyword)])].sort();
  const count = new Map(rows.map((r) => [`${r.keyword}\u0000${r.day}`, r.articles]));
  const series = keywords.map((keyword) => {
    const ranges = collected.filter((c) => c.keyword === keyword);
    return {
      keyword,
      values: days.map((day) => count.get(`${keyword}\u0000${day}`) ?? (ranges.some((r) => r.from <= day && day <= r.to) ? 0 : null)),
    };
  });
  return { days, series };
}

/** Comments by the hour of the day (0-23), every hour present (an hour without comments is 0). */
export function byHourOfDay(rows: { hour: number; comments: number }[]): number[] {
  const out = Array.from({ length: 24 }, () => 0);
  for (const r of rows) if (r.hour >= 0 && r.hour < 24) out[r.hour] = r.comments;
  return out;
}

/** Comments by day over a continuous run of days: the comments of the articles are read whole, so a day between is a real 0. */
export function byDay(rows: { day: string; comments: number }[]): { days: string[]; values: number[] } {
  if (!rows.length) return { days: [], values: [] };
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  const days = daysBetween(sorted[0]!.day, sorted[sorted.length - 1]!.day);
  const count = new Map(sorted.map((r) => [r.day, r.comments]));
  return { days, values: days.map((d) => count.get(d) ?? 0) };
}

/** A day on an axis: "11월 19일" / "19 Nov" (the year is in the chart's caption and table). */
export function dayLabel(day: string, lang: Lang): string {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  return lang === 'ko' ? `${m}월 ${d}일` : `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}`;
}

/** An hour of the day on an axis: "14시" / "14:00". */
export const hourLabel = (hour: number, lang: Lang): string => (lang === 'ko' ? `${hour}시` : `${String(hour).padStart(2, '0')}:00`);

/** A count axis from zero to a little above the largest value (1 when there is nothing). */
export function zeroBased(max: number | null | undefined): [number, number] {
  const top = Math.max(1, max ?? 0);
  return [0, top + Math.max(1, Math.ceil(top / 10))];
}
