import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isRepeat, requestKey } from './submit-guard.js';

const a = requestKey({ keywords: ['반도체'], start_date: '2026-11-01', end_date: '2026-11-02' });
const cases: [string, { key: string; at: number } | null, string, number, boolean][] = [
  ['the first request of the page is sent', null, a, 1_000, false],
  ['the same request two seconds later is asked about', { key: a, at: 1_000 }, a, 3_000, true],
  ['the same request a minute later is sent', { key: a, at: 1_000 }, a, 61_000, false],
  [
    'another keyword at once is sent',
    { key: a, at: 1_000 },
    requestKey({ keywords: ['배터리'], start_date: '2026-11-01', end_date: '2026-11-02' }),
    1_500,
    false,
  ],
  [
    'the same fields set in another order are the same request',
    { key: a, at: 1_000 },
    requestKey({ end_date: '2026-11-02', keywords: ['반도체'], start_date: '2026-11-01' }),
    2_000,
    true,
  ],
  [
    'an unset field is no difference',
    { key: a, at: 1_000 },
    requestKey({ keywords: ['반도체'], start_date: '2026-11-01', end_date: '2026-11-02', max_articles: undefined }),
    2_000,
    true,
  ],
];
for (const [name, last, key, now, want] of cases) test(`repeat: ${name}`, () => assert.is(isRepeat(last, key, now), want));

test.run();
