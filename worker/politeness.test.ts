import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomDelay, takeToken, type Bucket } from './politeness.js';

test('a burst goes at once, then requests are spaced by the rate', () => {
  let b: Bucket | undefined;
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = takeToken(b, 1000, 60, 3); // 1 per second, burst 3
    b = r.bucket;
    waits.push(r.waitMs);
  }
  assert.equal(waits, [0, 0, 0, 1000, 2000]);
});

test('tokens refill over time up to the burst', () => {
  const r = takeToken({ tokens: 0, at: 0 }, 10_000, 60, 3);
  assert.is(r.waitMs, 0);
  assert.ok(Math.abs(r.bucket.tokens - 2) < 1e-9);
});

test('the random pause stays within its bounds', () => {
  assert.is(randomDelay(100, 300, 0), 100);
  assert.is(randomDelay(100, 300, 0.5), 200);
  assert.is(randomDelay(300, 100, 0.9), 100); // a min above the max is capped at the max
  assert.is(randomDelay(0, 0, 0.7), 0);
});

test.run();
