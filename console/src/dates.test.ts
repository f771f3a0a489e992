import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDay, parseDay } from './dates.js';

const reads: [string, string, string | null][] = [
  ['the API form', '2026-12-02', '2026-12-02'],
  ['Korean as the console writes it', '2026. 12. 02.', '2026-12-02'],
  ['Korean without padding or the last dot', '2026. 1. 5', '2026-01-05'],
  ['Korean with dots and no spaces', '2026.12.02', '2026-12-02'],
  ['Korean in words', '2026년 12월 2일', '2026-12-02'],
  ['year first with slashes', '2026/12/02', '2026-12-02'],
  ['eight digits', '20261202', '2026-12-02'],
  ['English as the console writes it', '2 Dec 2026', '2026-12-02'],
  ['English with the month in full', '2 December 2026', '2026-12-02'],
  ['English month first with a comma', 'Dec 2, 2026', '2026-12-02'],
  ['English month in capitals', '2 DEC 2026', '2026-12-02'],
  ['British numeric, day first', '02/12/2026', '2026-12-02'],
  ['spaces around are ignored', '  5 Jan 2024 ', '2024-01-05'],
  ['29 February of a leap year', '2024-02-29', '2024-02-29'],
  ['29 February of a common year is no day', '2025. 02. 29.', null],
  ['month 13 is no day', '2026-13-01', null],
  ['31 June is no day', '31 Jun 2026', null],
  ['day first cannot be month 13', '12/13/2026', null],
  ['an unknown month word', '2 Foo 2026', null],
  ['a month word that only starts like one', '2 Decx 2026', null],
  ['two-digit years are not guessed', '26-12-02', null],
  ['empty', '', null],
  ['words', 'yesterday', null],
];
for (const [name, text, want] of reads) test(`parseDay: ${name}`, () => assert.is(parseDay(text), want));

const writes: [string, string, 'ko' | 'en', string][] = [
  ['Korean pads month and day', '2026-01-05', 'ko', '2026. 01. 05.'],
  ['English day without padding, short month', '2026-01-05', 'en', '5 Jan 2026'],
  ['English December', '2026-12-02', 'en', '2 Dec 2026'],
  ['text that is not a day stays as it is', '2026/13/45', 'ko', '2026/13/45'],
];
for (const [name, iso, lang, want] of writes) test(`formatDay: ${name}`, () => assert.is(formatDay(iso, lang), want));

test('formatDay and parseDay agree in both languages', () => {
  for (const iso of ['2026-12-02', '2024-02-29', '1999-07-31'])
    for (const lang of ['ko', 'en'] as const) assert.is(parseDay(formatDay(iso, lang)), iso, `${iso} ${lang}`);
});

test.run();
