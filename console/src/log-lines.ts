// The live log as a department's reader sees it: the cluster's internal addresses hidden (they say
// nothing to a journalist and map the inside of the cluster), levels in the reader's language, and a
// short summary of what arrived for screen readers instead of every line. Pure.
export type Lang = 'ko' | 'en';

const PRIVATE_HOST = String.raw`(?:localhost|127(?:\.\d{1,3}){3}|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|169\.254(?:\.\d{1,3}){2}|\[::1\]|\[f[cd][0-9a-f:]*\]|[\w.-]+\.(?:svc|cluster\.local|internal|local))`;
// A URL on an internal host, or an internal host with a port written bare ("10.244.0.1:18090/x").
const INTERNAL = new RegExp(String.raw`(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/@]+@)?${PRIVATE_HOST}(?::\d+)?(?:/[^\s"'<>)]*)?`, 'gi');
const BARE_IP = /(?:^|(?<=[\s(=:"']))(?:10|127)(?:\.\d{1,3}){3}\b/g;

/** The message with every internal address replaced by a word the reader understands. */
export function hideInternal(message: string, lang: Lang): string {
  const word = lang === 'ko' ? '[내부 주소]' : '[internal address]';
  return message.replace(INTERNAL, (m) => (/[a-z]:\/\/|:\d+|\/|localhost|\.|\[/i.test(m) ? word : m)).replace(BARE_IP, word);
}

const LEVELS: Record<Lang, Record<string, string>> = {
  ko: { debug: '디버그', info: '정보', warn: '경고', error: '오류', fatal: '치명적 오류' },
  en: { debug: 'debug', info: 'info', warn: 'warning', error: 'error', fatal: 'fatal' },
};
export const levelWord = (level: string, lang: Lang): string => LEVELS[lang][level] ?? level;

/** A one-line summary of the lines that arrived since the last one announced; '' when none did. */
export function logSummary(levels: readonly string[], lang: Lang): string {
  if (!levels.length) return '';
  const warn = levels.filter((l) => l === 'warn').length;
  const error = levels.filter((l) => l === 'error' || l === 'fatal').length;
  if (lang === 'ko') return `새 로그 ${levels.length}줄${warn ? `, 경고 ${warn}` : ''}${error ? `, 오류 ${error}` : ''}`;
  return `${levels.length} new log line${levels.length === 1 ? '' : 's'}${warn ? `, ${warn} warning${warn === 1 ? '' : 's'}` : ''}${error ? `, ${error} error${error === 1 ? '' : 's'}` : ''}`;
}

/** Whether a scrolled box is at (or within a few pixels of) its bottom, so new lines should follow. */
export const atBottom = (box: { scrollTop: number; scrollHeight: number; clientHeight: number }, slack = 24): boolean =>
  box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
