import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MAX_PRIORITY, DEFAULT_PRIORITY, effectivePriority } from './priority.js';

const cases: [string, number | null | undefined, { def?: number; max?: number }, { priority: number; capped: boolean }][] = [
  ['unset takes the department default', undefined, { def: 4, max: 8 }, { priority: 4, capped: false }],
  ['null (the gateway: no priority field) takes the default too', null, { def: 4, max: 8 }, { priority: 4, capped: false }],
  ['a request below the maximum is kept', 7, { def: 4, max: 8 }, { priority: 7, capped: false }],
  ['a request at the maximum is kept', 8, { def: 4, max: 8 }, { priority: 8, capped: false }],
  ['a request above the maximum is capped', 9, { def: 4, max: 8 }, { priority: 8, capped: true }],
  ['a default above the maximum is capped too', undefined, { def: 9, max: 3 }, { priority: 3, capped: true }],
  ['no department settings: default 5', undefined, {}, { priority: 5, capped: false }],
  ['no department settings: a request of 9 is allowed', 9, {}, { priority: 9, capped: false }],
];
for (const [name, requested, d, want] of cases) {
  test(`effective priority: ${name}`, () => {
    const e = effectivePriority(requested, { defaultPriority: d.def, maxPriority: d.max });
    assert.equal({ priority: e.priority, capped: e.capped }, want);
  });
}

test('the defaults are the Department CRD schema defaults', () => {
  assert.is(DEFAULT_PRIORITY, 5);
  assert.is(DEFAULT_MAX_PRIORITY, 9);
});

test.run();
