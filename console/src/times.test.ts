import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactTime, formatAt, type Precision } from './times.js';

// Midnight KST of 19 November 2026 is 15:00 UTC the day before.
const MIDNIGHT = '2026-11-18T15:00:00.000Z';
const cases: [string, string | null, Precision | null | undefined, string, string][] = [
  ['a time known to the second', '2026-11-19T05:07:09.000Z', 'second', '2026. 11. 19. 14:07:09 KST', '19 Nov 2026, 14:07:09 KST'],
  ['a time known to the minute drops the seconds', '2026-11-19T05:07:00.000Z', 'minute', '2026. 11. 19. 14:07 KST', '19 Nov 2026, 14:07 KST'],
  ['a day alone is a date with no clock', MIDNIGHT, 'day', '2026. 11. 19.', '19 Nov 2026'],
  ['a day is never the last second of it', '2026-11-19T14:59:59.000Z', 'day', '2026. 11. 19.', '19 Nov 2026'],
  ['an hour is an hour', '2026-11-19T05:00:00.000Z', 'hour', '2026. 11. 19. 14시경 KST', '19 Nov 2026, around 14:00 KST'],
  ['a week names its first day', MIDNIGHT, 'week', '2026. 11. 19.부터 한 주', 'week of 19 Nov 2026'],
  ['a month is a month', '2026-10-31T15:00:00.000Z', 'month', '2026년 11월', 'Nov 2026'],
  [
    'a row from a gateway without the precision is taken as exact',
    '2026-11-19T05:07:09.000Z',
    undefined,
    '2026. 11. 19. 14:07:09 KST',
    '19 Nov 2026, 14:07:09 KST',
  ],
  ['no time at all', null, null, '—', '—'],
];
for (const [name, iso, p, ko, en] of cases)
  test(`time at its precision: ${name}`, () => {
    assert.is(formatAt(iso, p, 'ko'), ko);
    assert.is(formatAt(iso, p, 'en'), en);
  });

test('only second and minute (or no word) are exact', () => {
  assert.equal((['second', 'minute', 'hour', 'day', 'week', 'month', undefined] as const).map(exactTime), [
    true,
    true,
    false,
    false,
    false,
    false,
    true,
  ]);
});

test.run();
