import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addDays,
  cboxTime,
  cboxVisibleTime,
  dataDateTime,
  dotDate,
  isoKst,
  koreanDateTime,
  kstDay,
  kstDayStart,
  parseDay,
  rfc822Kst,
  searchDateText,
} from './kst.js';

const at = (iso: string): number => Date.parse(iso);
const NOW = at('2024-12-02T15:00:00+09:00');

test('formats of one instant', () => {
  const t = at('2024-12-02T00:15:07Z'); // 09:15:07 KST
  assert.is(isoKst(t), '2024-12-02T09:15:07+09:00');
  assert.is(dataDateTime(t), '2024-12-02 09:15:07');
  assert.is(cboxTime(t), '2024-12-02T09:15:07+0900');
  assert.is(cboxVisibleTime(t), '2024.12.02. 09:15');
  assert.is(dotDate(t), '2024.12.02.');
  assert.is(koreanDateTime(t), '2024.12.02. 오전 9:15');
  assert.is(koreanDateTime(at('2024-12-02T12:05:00+09:00')), '2024.12.02. 오후 12:05');
  assert.is(koreanDateTime(at('2024-12-02T00:05:00+09:00')), '2024.12.02. 오전 12:05');
  assert.is(rfc822Kst(t), 'Mon, 02 Dec 2024 09:15:07 +0900');
});

test('KST days: 23:59 and 00:00 KST fall on different days, whatever the machine time zone', () => {
  assert.is(kstDay(at('2024-12-01T23:59:59+09:00')), '2024-12-01');
  assert.is(kstDay(at('2024-12-02T00:00:00+09:00')), '2024-12-02');
  assert.is(kstDay(at('2024-12-01T15:00:00Z')), '2024-12-02');
  assert.is(kstDayStart('2024-12-02'), at('2024-12-02T00:00:00+09:00'));
  assert.is(addDays('2024-12-31', 1), '2025-01-01');
  assert.is(addDays('2024-03-01', -1), '2024-02-29');
});

test('parseDay accepts the usual spellings and rejects impossible dates', () => {
  const cases: [string, string | null][] = [
    ['2024-12-02', '2024-12-02'],
    ['2024.12.02', '2024-12-02'],
    ['2024.12.02.', '2024-12-02'],
    ['20241202', '2024-12-02'],
    ['2024-02-30', null],
    ['2024-13-01', null],
    ['yesterday', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.is(parseDay(input), expected, input);
});

test('search dates: relative within five weeks, absolute before', () => {
  const cases: [string, string, string][] = [
    ['just published', '2024-12-02T14:59:50+09:00', '1분 전'],
    ['five minutes', '2024-12-02T14:55:00+09:00', '5분 전'],
    ['59 minutes', '2024-12-02T14:00:30+09:00', '59분 전'],
    ['one hour', '2024-12-02T14:00:00+09:00', '1시간 전'],
    ['three hours', '2024-12-02T11:30:00+09:00', '3시간 전'],
    ['23 hours, the day before', '2024-12-01T15:30:00+09:00', '23시간 전'],
    ['one day', '2024-12-01T15:00:00+09:00', '1일 전'],
    ['six days', '2024-11-26T09:00:00+09:00', '6일 전'],
    ['one week', '2024-11-25T15:00:00+09:00', '1주 전'],
    ['four weeks', '2024-10-29T15:00:00+09:00', '4주 전'],
    ['five weeks: absolute', '2024-10-28T15:00:00+09:00', '2024.10.28.'],
    ['months ago', '2024-08-05T08:00:00+09:00', '2024.08.05.'],
  ];
  for (const [name, published, expected] of cases) assert.is(searchDateText(at(published), NOW), expected, name);
});

test.run();
