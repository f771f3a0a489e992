// Times are shown in Asia/Seoul whatever the browser's zone; numbers with the language's grouping.
import { lang } from './i18n.js';

const fmt = new Map<string, Intl.DateTimeFormat>();
function dtf(withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang()}-${withTime}`;
  let f = fmt.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang() === 'ko' ? 'ko-KR' : 'en-GB', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
    });
    fmt.set(key, f);
  }
  return f;
}

export const time = (iso: string | null | undefined): string => (iso ? `${dtf(true).format(new Date(iso))} KST` : '—');
export const day = (iso: string | null | undefined): string => (iso ? dtf(false).format(new Date(iso)) : '—');
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
