import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StatusPacer } from './pacer.js';

type Step = ['wrote' | 'hold' | 'release' | 'forget' | 'advance', number?];
const cases: [string, Step[], { wait: number; since: number }][] = [
  ['never written: a write is due now', [], { wait: -Infinity, since: Infinity }],
  ['written just now: the next waits the whole interval', [['wrote']], { wait: 1000, since: 0 }],
  ['written 400 ms ago: 600 ms left', [['wrote'], ['advance', 400]], { wait: 600, since: 400 }],
  ['written an interval ago: due now', [['wrote'], ['advance', 1000]], { wait: 0, since: 1000 }],
  ['held for 1500 ms, never written: waits for the hold', [['hold', 1500]], { wait: 1500, since: Infinity }],
  ['held, then released: due now', [['hold', 1500], ['release']], { wait: -Infinity, since: Infinity }],
  ['written, then held beyond the interval: the later of both', [['wrote'], ['hold', 3000]], { wait: 3000, since: 0 }],
  ['forgotten: as if never written', [['wrote'], ['hold', 3000], ['forget']], { wait: -Infinity, since: Infinity }],
];

test('status pacer: a write recorded at the time it was decided counts from then', () => {
  let t = 1_000_000;
  const p = new StatusPacer(1000, () => new Date(t));
  const decided = new Date(t);
  t += 300;
  p.wrote('ns/a', decided);
  assert.is(p.waitMs('ns/a'), 700);
});
for (const [name, steps, want] of cases) {
  test(`status pacer: ${name}`, () => {
    let t = 1_000_000;
    const p = new StatusPacer(1000, () => new Date(t));
    for (const [op, n] of steps) {
      if (op === 'advance') t += n!;
      else if (op === 'hold') p.hold('ns/a', n!);
      else p[op]('ns/a');
    }
    assert.equal({ wait: p.waitMs('ns/a'), since: p.sinceLastMs('ns/a') }, want);
    assert.equal(
      { wait: p.waitMs('ns/other'), since: p.sinceLastMs('ns/other') },
      { wait: -Infinity, since: Infinity },
      'other objects are paced apart',
    );
  });
}

test.run();
