import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { byDay, byHourOfDay, dayLabel, hourLabel, perDay, zeroBased } from './chart-data.js';

test('per day: a day inside the collected range without articles is a zero', () => {
  const got = perDay(
    [
      { day: '2026-11-18', keyword: '반도체', articles: 3 },
      { day: '2026-11-20', keyword: '반도체', articles: 1 },
    ],
    [{ keyword: '반도체', from: '2026-11-18', to: '2026-11-20' }],
  );
  assert.equal(got, { days: ['2026-11-18', '2026-11-19', '2026-11-20'], series: [{ keyword: '반도체', values: [3, 0, 1] }] });
});

test('per day: days between two collected ranges are gaps, not zeros', () => {
  const got = perDay(
    [
      { day: '2026-11-02', keyword: 'a', articles: 2 },
      { day: '2026-11-05', keyword: 'a', articles: 4 },
    ],
    [
      { keyword: 'a', from: '2026-11-01', to: '2026-11-02' },
      { keyword: 'a', from: '2026-11-05', to: '2026-11-05' },
    ],
  );
  assert.equal(got.series[0]!.values, [0, 2, null, null, 4]);
});

test('per day: a keyword not collected on a day has no value there, another keyword that was has zero', () => {
  const got = perDay(
    [{ day: '2026-11-01', keyword: '배터리', articles: 5 }],
    [
      { keyword: '배터리', from: '2026-11-01', to: '2026-11-01' },
      { keyword: '반도체', from: '2026-11-01', to: '2026-11-03' },
    ],
  );
  assert.equal(got.days, ['2026-11-01', '2026-11-02', '2026-11-03']);
  assert.equal(got.series, [
    { keyword: '반도체', values: [0, 0, 0] },
    { keyword: '배터리', values: [5, null, null] },
  ]);
});

test('per day: with no known range, only days with articles have values', () => {
  const got = perDay(
    [
      { day: '2026-10-30', keyword: '', articles: 1 },
      { day: '2026-11-02', keyword: '', articles: 2 },
    ],
    [],
  );
  assert.equal(got.series[0]!.values, [1, null, null, 2]);
});

test('per day: nothing collected is no chart', () => assert.equal(perDay([], []), { days: [], series: [] }));

test('per day: runs across a month end and a leap day', () => {
  const got = perDay([], [{ keyword: 'x', from: '2028-02-28', to: '2028-03-01' }]);
  assert.equal(got.days, ['2028-02-28', '2028-02-29', '2028-03-01']);
});

test('by hour of day: all 24 hours, silent hours zero', () => {
  const got = byHourOfDay([
    { hour: 0, comments: 4 },
    { hour: 23, comments: 1 },
    { hour: 9, comments: 7 },
  ]);
  assert.is(got.length, 24);
  assert.is(got[0], 4);
  assert.is(got[9], 7);
  assert.is(got[23], 1);
  assert.is(got[12], 0);
});

test('by day: continuous days, in order whatever the input order', () => {
  assert.equal(
    byDay([
      { day: '2026-11-21', comments: 2 },
      { day: '2026-11-19', comments: 5 },
    ]),
    {
      days: ['2026-11-19', '2026-11-20', '2026-11-21'],
      values: [5, 0, 2],
    },
  );
});

test('labels: days and hours the language way', () => {
  assert.is(dayLabel('2026-11-19', 'ko'), '11월 19일');
  assert.is(dayLabel('2026-11-19', 'en'), '19 Nov');
  assert.is(dayLabel('2027-01-02', 'en'), '2 Jan');
  assert.is(hourLabel(9, 'ko'), '9시');
  assert.is(hourLabel(9, 'en'), '09:00');
});

test('count axis: from zero, a little above the top', () => {
  assert.equal(zeroBased(0), [0, 2]);
  assert.equal(zeroBased(3), [0, 4]);
  assert.equal(zeroBased(11), [0, 13]);
  assert.equal(zeroBased(180), [0, 198]);
  assert.equal(zeroBased(null), [0, 2]);
});

test.run();
