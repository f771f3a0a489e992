// Times are shown in Asia/Seoul whatever the browser's zone; numbers with the language's grouping.
import { lang } from './i18n.js';
import { formatAt, type Precision } from './times.js';

/** A time known to the second, in Asia/Seoul with "KST". */
export const time = (iso: string | null | undefined): string => formatAt(iso, 'second', lang());
/** A time at the precision it is known to (a day alone is a date with no clock). */
export const timeAt = (iso: string | null | undefined, precision: Precision | null | undefined): string => formatAt(iso, precision, lang());
export const num = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : n.toLocaleString(lang() === 'ko' ? 'ko-KR' : 'en-GB');
/** Today's date in Asia/Seoul as YYYY-MM-DD. */
export const seoulToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
export function duration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from) return '—';
  const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
  const s = Math.max(0, Math.round(ms / 1000));
  const [h, m, sec] = lang() === 'ko' ? ['시간', '분', '초'] : ['h', 'm', 's'];
  return s < 60
    ? `${s}${sec}`
    : s < 3600
      ? `${Math.floor(s / 60)}${m} ${s % 60}${sec}`
      : `${Math.floor(s / 3600)}${h} ${Math.floor((s % 3600) / 60)}${m}`;
}
