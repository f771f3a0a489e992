import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atLeastAsExact, narrowToDay, parseIsoTime, relativeInterval, storedPrecision, type StoredPrecision } from './precision.js';

const ZONE = 'Asia/Seoul';
const now = new Date('2024-12-02T06:00:00Z'); // 15:00 KST

const isoCases: [string, string, string | null][] = [
  ['seconds with an offset', '2024-12-02T09:15:07+09:00', '2024-12-02T00:15:07.000Z second'],
  ['an offset without a colon', '2024-12-02T09:15:07+0900', '2024-12-02T00:15:07.000Z second'],
  ['fractions of a second in UTC', '2024-12-02T00:15:07.123Z', '2024-12-02T00:15:07.000Z second'],
  ['minutes only, no offset: the zone', '2024-12-02T09:15', '2024-12-02T00:15:00.000Z minute'],
  ['a space instead of T', '2024-12-02 09:15:07', '2024-12-02T00:15:07.000Z second'],
  ['a day alone is midnight in the zone', '2024-12-02', '2024-12-01T15:00:00.000Z day'],
  ['a month alone is its first day', '2024-12', '2024-11-30T15:00:00.000Z month'],
  ['a Korean date is no ISO time', '2024년 12월 2일', null],
  ['an impossible day', '2024-02-30T10:00:00+09:00', null],
  ['an hour past 23', '2024-12-02T24:00:00+09:00', null],
];
for (const [name, text, want] of isoCases) {
  test(`ISO time: ${name}`, () => {
    const t = parseIsoTime(text, ZONE);
    assert.is(t ? `${t.at.toISOString()} ${t.precision}` : null, want);
  });
}

const narrowCases: [string, number, 'minute' | 'hour' | 'day' | 'week', string | undefined, string][] = [
  ['an hour inside the day searched stays', 3, 'hour', '2024-12-02', '2024-12-02T02:00:00.000Z hour'],
  ['no day searched: the interval as it is', 2, 'week', undefined, '2024-11-11T06:00:00.000Z week'],
  ['a week seen on a day search is that day', 2, 'week', '2024-11-15', '2024-11-14T15:00:00.000Z day'],
  ['an hour before the day searched began is the day searched', 15, 'hour', '2024-12-02', '2024-12-01T15:00:00.000Z day'],
  ['"1일 전" on that day is the day', 1, 'day', '2024-11-30', '2024-11-29T15:00:00.000Z day'],
];
for (const [name, n, unit, day, want] of narrowCases) {
  test(`relative reading: ${name}`, () => {
    const r = narrowToDay(relativeInterval(now, n, unit), day, ZONE);
    assert.is(`${r.at.toISOString()} ${r.precision}`, want);
  });
}

const rankCases: [string, StoredPrecision, StoredPrecision, boolean][] = [
  ['a second replaces a day', 'second', 'day', true],
  ['a day never replaces a minute', 'day', 'minute', false],
  ['the same precision replaces (a later reading of the same kind)', 'hour', 'hour', true],
  ['a week never replaces a day', 'week', 'day', false],
];
for (const [name, a, b, want] of rankCases) test(`precision order: ${name}`, () => assert.is(atLeastAsExact(a, b), want));

test('precision: a parser\'s "exact" is stored as second', () => {
  assert.is(storedPrecision('exact'), 'second');
  assert.is(storedPrecision('week'), 'week');
});

test.run();
