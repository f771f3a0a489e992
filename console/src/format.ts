// Times are shown in Asia/Seoul whatever the browser's zone; numbers with the language's grouping.
import { lang } from './i18n.js';

const fmt = new Map<string, Intl.DateTimeFormat>();
function dtf(): Intl.DateTimeFormat {
  const key = lang();
  let f = fmt.get(key);
  if (!f) {
    // The same day as the date fields write it (dates.ts): "2026. 12. 02." / "2 Dec 2026".
    const ko = lang() === 'ko';
    f = new Intl.DateTimeFormat(ko ? 'ko-KR' : 'en-GB', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: ko ? '2-digit' : 'short',
      day: ko ? '2-digit' : 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    fmt.set(key, f);
  }
  return f;
}

export const time = (iso: string | null | undefined): string => (iso ? `${dtf().format(new Date(iso))} KST` : '—');
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
