import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDays,
  addMonths,
  dayIn,
  dayStart,
  DEFAULT_RELATIVE_UNITS,
  DEFAULT_RELATIVE_WORDS,
  parseRfc822,
  parseSearchDate,
  parseSiteDateTime,
  zonedInstant,
} from './dates.js';

const rules = { timeZone: 'Asia/Seoul', absolutePattern: '(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})\\.?', relativeUnits: DEFAULT_RELATIVE_UNITS };
const now = new Date('2024-12-02T06:00:00Z'); // 15:00 KST

const searchCases: [string, string, string | undefined, string | null, string | null][] = [
  ['minutes ago: the start of the minute it allows', '5분 전', undefined, '2024-12-02T05:54:00.000Z', 'minute'],
  ['hours ago: 3 to 4 hours before now, from its start', '3시간 전', undefined, '2024-12-02T02:00:00.000Z', 'hour'],
  ['days ago', '2일 전', undefined, '2024-11-29T06:00:00.000Z', 'day'],
  ['weeks ago', '1주 전', undefined, '2024-11-18T06:00:00.000Z', 'week'],
  ['seconds ago', '30초 전', undefined, '2024-12-02T05:59:29.000Z', 'second'],
  ['an absolute date is the start of that day in KST', '2024.10.05.', undefined, '2024-10-04T15:00:00.000Z', 'day'],
  ['an absolute date without the last dot', '2024.1.5', undefined, '2024-01-04T15:00:00.000Z', 'day'],
  ['a date that is only part of the text is no date', '2024.10.05. 12면', undefined, null, null],
  ['a week that reaches outside the day searched says only that day, from midnight', '1주 전', '2024-11-26', '2024-11-25T15:00:00.000Z', 'day'],
  [
    'a minute outside the day searched is never pinned to 23:59:59: the day at day precision',
    '5분 전',
    '2024-12-01',
    '2024-11-30T15:00:00.000Z',
    'day',
  ],
  ['an hour inside the day searched stays as it is', '3시간 전', '2024-12-02', '2024-12-02T02:00:00.000Z', 'hour'],
  ['surrounding spaces are fine', '  12시간 전 ', undefined, '2024-12-01T17:00:00.000Z', 'hour'],
  ['a print position is no date', 'A12면 1단', undefined, null, null],
  ['an impossible day is no date', '2024.02.30.', undefined, null, null],
];
for (const [name, text, day, iso, precision] of searchCases) {
  test(`search date: ${name}`, () => {
    const d = parseSearchDate(text, rules, now, day);
    assert.is(d ? d.at.toISOString() : null, iso);
    assert.is(d ? d.precision : null, precision);
  });
}

const siteCases: [string, string, string | null][] = [
  ['article data-date-time (wall clock in KST)', '2024-12-02 09:15:00', '2024-12-02T00:15:00.000Z'],
  ['comment data-value with +0900', '2024-12-02T09:20:11+0900', '2024-12-02T00:20:11.000Z'],
  ['ISO with +09:00', '2024-12-02T09:20:11+09:00', '2024-12-02T00:20:11.000Z'],
  ['UTC', '2024-12-02T00:20:11Z', '2024-12-02T00:20:11.000Z'],
  ['dotted without seconds', '2024.12.02. 09:20', '2024-12-02T00:20:00.000Z'],
  ['garbage', 'yesterday', null],
];
for (const [name, text, iso] of siteCases) {
  test(`site time: ${name}`, () => {
    assert.is(parseSiteDateTime(text, 'Asia/Seoul')?.toISOString() ?? null, iso);
  });
}

test('RFC 822 pubDate of the search API', () => {
  assert.is(parseRfc822('Mon, 02 Dec 2024 09:15:00 +0900')?.toISOString(), '2024-12-02T00:15:00.000Z');
  assert.is(parseRfc822('02 Dec 2024 09:15:00 GMT')?.toISOString(), '2024-12-02T09:15:00.000Z');
  assert.is(parseRfc822('not a date'), null);
});

test('days in a zone: the start and the day of an instant', () => {
  assert.is(dayStart('2024-12-02', 'Asia/Seoul').toISOString(), '2024-12-01T15:00:00.000Z');
  assert.is(dayIn(new Date('2024-12-01T15:00:00Z'), 'Asia/Seoul'), '2024-12-02');
  assert.is(dayIn(new Date('2024-12-01T14:59:59Z'), 'Asia/Seoul'), '2024-12-01');
  // A zone with daylight saving works too.
  assert.is(zonedInstant(2024, 7, 1, 12, 0, 0, 'Europe/Berlin').toISOString(), '2024-07-01T10:00:00.000Z');
  assert.is(zonedInstant(2024, 1, 1, 12, 0, 0, 'Europe/Berlin').toISOString(), '2024-01-01T11:00:00.000Z');
});

const timed = {
  ...rules,
  absolutePattern: '(?<year>\\d{4})\\.(?<month>\\d{2})\\.(?<day>\\d{2})\\. (?<ampm>오전|오후) (?<hour>\\d{1,2}):(?<minute>\\d{2})',
};
const iso = { ...rules, absolutePattern: '(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2}) (?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})' };
const namedCases: [string, typeof rules, string, string | null, string | null][] = [
  ['named parts with a 12-hour time, afternoon', timed, '2024.12.02. 오후 3:15', '2024-12-02T06:15:00.000Z', 'minute'],
  ['named parts with a 12-hour time, 12 at noon', timed, '2024.12.02. 오후 12:05', '2024-12-02T03:05:00.000Z', 'minute'],
  ['named parts with a 12-hour time, 12 at midnight', timed, '2024.12.02. 오전 12:05', '2024-12-01T15:05:00.000Z', 'minute'],
  ['named parts to the second are exact', iso, '2024-12-02 09:15:07', '2024-12-02T00:15:07.000Z', 'exact'],
  ['an hour out of range is no date', iso, '2024-12-02 25:15:07', null, null],
  ['a 12-hour clock past 12 is no date', timed, '2024.12.02. 오후 13:05', null, null],
];
for (const [name, r, text, at, precision] of namedCases) {
  test(`absolute date by named groups: ${name}`, () => {
    const d = parseSearchDate(text, r, new Date('2024-12-02T06:00:00Z'));
    assert.equal(d && [d.at.toISOString(), d.precision], at === null ? null : [at, precision]);
  });
}

// The words of relative dates vary by site; each case is a site invented to differ from the portal.
const siteWords = (units: Partial<typeof DEFAULT_RELATIVE_UNITS>, words: Partial<typeof DEFAULT_RELATIVE_WORDS> = {}) => ({
  ...rules,
  relativeUnits: { ...DEFAULT_RELATIVE_UNITS, ...units },
  relativeWords: { ...DEFAULT_RELATIVE_WORDS, ...words },
});
const wordCases: [string, ReturnType<typeof siteWords>, string, string | undefined, string | null, string | null][] = [
  ['yesterday is midnight of the day before, to the day', siteWords({}), '어제', undefined, '2024-11-30T15:00:00.000Z', 'day'],
  ['the day before yesterday', siteWords({}), '그제', undefined, '2024-11-29T15:00:00.000Z', 'day'],
  ['the day before yesterday, long form', siteWords({}), '그저께', undefined, '2024-11-29T15:00:00.000Z', 'day'],
  ['just now is now to the minute', siteWords({}), '방금', undefined, '2024-12-02T06:00:00.000Z', 'minute'],
  ['just now with the ago word', siteWords({}), '방금 전', undefined, '2024-12-02T06:00:00.000Z', 'minute'],
  ['months ago by the calendar, from the start of the month it allows', siteWords({}), '2개월 전', undefined, '2024-09-02T06:00:00.000Z', 'month'],
  [
    'unit words without the ago word read texts with it',
    siteWords({ minute: '분', hour: '시간' }),
    '7분 전',
    undefined,
    '2024-12-02T05:52:00.000Z',
    'minute',
  ],
  ['unit words without the ago word read texts without it', siteWords({ minute: '분' }), '7분', undefined, '2024-12-02T05:52:00.000Z', 'minute'],
  ['the ago word written without a space', siteWords({}), '12시간전', undefined, '2024-12-01T17:00:00.000Z', 'hour'],
  [
    'English words with their own ago word',
    siteWords({ minute: 'min', hour: 'hours', day: 'days' }, { ago: 'ago' }),
    '3 hours ago',
    undefined,
    '2024-12-02T02:00:00.000Z',
    'hour',
  ],
  ['English yesterday', siteWords({}, { yesterday: ['yesterday'] }), 'yesterday', undefined, '2024-11-30T15:00:00.000Z', 'day'],
  ['a site without the word 어제 does not read it', siteWords({}, { yesterday: ['yesterday'] }), '어제', undefined, null, null],
  ['yesterday inside the day searched stays as it is', siteWords({}), '어제', '2024-12-01', '2024-11-30T15:00:00.000Z', 'day'],
  ['yesterday after the day searched is that day', siteWords({}), '어제', '2024-11-20', '2024-11-19T15:00:00.000Z', 'day'],
  ['a unit word the site does not use is no date', siteWords({ week: '' }), '1주 전', undefined, null, null],
  ['a number without a unit is no date', siteWords({}), '3 전', undefined, null, null],
  ['the ago word alone is no date', siteWords({}), '전', undefined, null, null],
];
for (const [name, r, text, day, iso, precision] of wordCases) {
  test(`relative words: ${name}`, () => {
    const d = parseSearchDate(text, r, now, day);
    assert.equal(d && [d.at.toISOString(), d.precision], iso === null ? null : [iso, precision]);
  });
}

// Without a pattern of its own the site's dates still read when they are ISO-like or the common
// Korean "입력 2024.03.05. 오후 7:08" form (its prefix taken off by a field's pattern).
const anyCases: [string, string, string | null, string | null][] = [
  ['the Korean form with 오후', '2024.03.05. 오후 7:08', '2024-03-05T10:08:00.000Z', 'minute'],
  ['the Korean form with 오전 and seconds', '2024.03.05. 오전 9:08:30', '2024-03-05T00:08:30.000Z', 'exact'],
  ['the Korean form with dashes', '2024-03-05 오후 12:30', '2024-03-05T03:30:00.000Z', 'minute'],
  ['a 24-hour time without 오전/오후', '2024.03.05. 19:08', '2024-03-05T10:08:00.000Z', 'minute'],
  ['ISO with an offset is exact', '2024-03-05T19:08:00+09:00', '2024-03-05T10:08:00.000Z', 'exact'],
  ['a day with slashes', '2024/03/05', '2024-03-04T15:00:00.000Z', 'day'],
  ['오후 13시 is no date', '2024.03.05. 오후 13:08', null, null],
  ['the prefix left on is no date', '입력 2024.03.05. 오후 7:08', null, null],
];
const noPattern = { ...rules, absolutePattern: '(\\d{2})/(\\d{2})/(\\d{4})' };
for (const [name, text, iso, precision] of anyCases) {
  test(`dates any site writes: ${name}`, () => {
    const d = parseSearchDate(text, noPattern, now);
    assert.equal(d && [d.at.toISOString(), d.precision], iso === null ? null : [iso, precision]);
  });
}

const calendar: [string, () => string, string][] = [
  ['a day back across a month', () => addDays('2024-03-01', -1), '2024-02-29'],
  ['a day back across a year', () => addDays('2024-01-01', -1), '2023-12-31'],
  ['a month back keeps the day inside a short month', () => addMonths('2024-03-31', -1), '2024-02-29'],
  ['twelve months back', () => addMonths('2024-03-15', -12), '2023-03-15'],
];
for (const [name, f, want] of calendar) test(`calendar: ${name}`, () => assert.is(f(), want));

test.run();
