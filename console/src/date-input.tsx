// A day field written the language's way ("2026. 12. 02." in Korean, "2 Dec 2026" in English) whatever
// the browser's own locale (a native date input follows the browser, not the page). The parent keeps
// the text as typed; dayValue() turns it into the API's YYYY-MM-DD or says what is wrong with it.
import { useState } from 'preact/hooks';
import { formatDay, parseDay } from './dates.js';
import { seoulToday } from './format.js';
import { lang, t } from './i18n.js';

/** How a day is written in the current language, with an example (today in Seoul). */
export const dayHelp = (): string => `${t('dateExample')} ${formatDay(seoulToday(), lang())} ${t('dateAlso')}`;

/** The text of a day field as the API's YYYY-MM-DD ('' when empty), or the reason it cannot be read. */
export function dayValue(text: string): { day: string } | { error: string } {
  if (!text.trim()) return { day: '' };
  const day = parseDay(text);
  return day ? { day } : { error: `"${text.trim()}": ${t('badDate')} (${dayHelp()})` };
}

/** A filter's `from` and `to` as the API's days, or the first one that cannot be read. */
export function withDays<F extends { from: string; to: string }>(f: F): { value: F } | { error: string } {
  const from = dayValue(f.from);
  const to = dayValue(f.to);
  if ('error' in from) return from;
  if ('error' in to) return to;
  return { value: { ...f, from: from.day, to: to.day } };
}

export function DateInput({
  id,
  value,
  onChange,
  invalid,
  describedBy,
  name,
  placeholder,
}: {
  id: string;
  value: string;
  onChange: (text: string) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  name?: string;
  placeholder?: string;
}) {
  const [editing, setEditing] = useState(false);
  const day = parseDay(value);
  // Away from the keyboard a readable day is shown the language's way; while typing, the text as typed.
  const shown = !editing && day ? formatDay(day, lang()) : value;
  return (
    <input
      id={id}
      name={name ?? id}
      type="text"
      autocomplete="off"
      value={shown}
      data-day={day ?? ''}
      spellcheck={false}
      placeholder={placeholder}
      aria-invalid={invalid ? 'true' : 'false'}
      aria-describedby={describedBy}
      onFocus={(e) => {
        setEditing(true);
        onChange(shown);
        (e.target as HTMLInputElement).select();
      }}
      onBlur={() => {
        setEditing(false);
        if (day) onChange(day);
      }}
      onInput={(e) => onChange((e.target as HTMLInputElement).value)}
    />
  );
}
