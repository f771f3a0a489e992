import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_RANGE_DAYS } from './collectionjob.js';
import { validateSpec } from './validate.js';

const metadata = (extra: Record<string, unknown>) => ({
  type: 'Metadata',
  keywords: ['반도체'],
  dateRange: { from: '2026-11-01', to: '2026-11-02' },
  ...extra,
});

// Each error carries a code (and its bound) so a client can word it in its reader's language.
const cases: [string, Record<string, unknown>, { field: string; code: string; limit?: number }][] = [
  [
    'the first day after the last reads as a reversed range',
    metadata({ dateRange: { from: '2026-12-09', to: '2026-12-01' } }),
    { field: 'spec.dateRange', code: 'range-reversed' },
  ],
  [
    'a range longer than allowed carries the allowed length',
    metadata({ dateRange: { from: '2025-01-01', to: '2026-12-31' } }),
    { field: 'spec.dateRange', code: 'range-too-long', limit: MAX_RANGE_DAYS },
  ],
  [
    '31 February is not a day',
    metadata({ dateRange: { from: '2026-02-31', to: '2026-03-01' } }),
    { field: 'spec.dateRange.from', code: 'not-a-day' },
  ],
  ['no keyword at all is too few, with the least count', metadata({ keywords: [] }), { field: 'spec.keywords', code: 'too-few', limit: 1 }],
  [
    'a longer least delay than the longest',
    metadata({ requestDelay: { minMs: 3000, maxMs: 1000 } }),
    { field: 'spec.requestDelay', code: 'delay-reversed' },
  ],
  ['a field the kind does not have', metadata({ colour: 'red' }), { field: 'spec.colour', code: 'unknown-field' }],
  ['a method outside the list names what is allowed', metadata({ method: 'rss' }), { field: 'spec.method', code: 'not-allowed' }],
];
for (const [name, spec, want] of cases)
  test(`field codes: ${name}`, () => {
    const errors = validateSpec('CollectionJob', spec);
    const got = errors.find((e) => e.field === want.field);
    assert.ok(got, `no error on ${want.field} in ${JSON.stringify(errors)}`);
    assert.is(got.code, want.code);
    if (want.limit !== undefined) assert.is(got.limit, want.limit);
    if (want.code === 'not-allowed') assert.ok(got.allowed?.includes('search'));
  });

test.run();
