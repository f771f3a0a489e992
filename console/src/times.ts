// Times shown with the precision they are known to (Asia/Seoul, whatever the browser's zone). A time
// known only to the day is a date with no clock: the API keeps the start of the known interval
// (midnight KST for a day), which is not a time anything happened at. Pure: the language is passed in.
export type Lang = 'ko' | 'en';
export type Precision = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month';

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Lang, parts: 'second' | 'minute' | 'hour' | 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${lang}:${parts}`;
  let f = cache.get(key);
  if (!f) {
    const ko = lang === 'ko';
    const clock = parts === 'second' || parts === 'minute' || parts === 'hour';
    f = new Intl.DateTimeFormat(ko ? 'ko-KR' : 'en-GB', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: parts === 'month' ? (ko ? 'long' : 'short') : ko ? '2-digit' : 'short',
      ...(parts === 'month' ? {} : { day: ko ? '2-digit' : 'numeric' }),
      ...(clock ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      ...(parts === 'second' ? { second: '2-digit' } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/**
 * A time in words at its precision: `second` (also when the precision is not sent, as by a gateway
 * that predates it) in full, `minute` without seconds, `hour` as "14시경"/"around 14:00", `day` as the
 * date alone, `week` as the week starting that day, `month` as the month.
 */
export function formatAt(iso: string | null | undefined, precision: Precision | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = precision ?? 'second';
  if (p === 'second' || p === 'minute') return `${dtf(lang, p).format(d)} KST`;
  if (p === 'hour') {
    const day = dtf(lang, 'day').format(d);
    const hour =
      dtf(lang, 'hour')
        .formatToParts(d)
        .find((x) => x.type === 'hour')?.value ?? '';
    return lang === 'ko' ? `${day} ${Number(hour)}시경 KST` : `${day}, around ${hour}:00 KST`;
  }
  if (p === 'day') return dtf(lang, 'day').format(d);
  if (p === 'week') return lang === 'ko' ? `${dtf(lang, 'day').format(d)}부터 한 주` : `week of ${dtf(lang, 'day').format(d)}`;
  return dtf(lang, 'month').format(d);
}

/** Whether a time is exact enough to place on a clock (by-hour charts and the like). */
export const exactTime = (precision: Precision | null | undefined): boolean => !precision || precision === 'second' || precision === 'minute';
