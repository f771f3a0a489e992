import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay } from './connection.js';

test('reconnect waits grow exponentially from the minimum and stop at the cap', () => {
  const top = () => 1;
  assert.equal(
    [0, 1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, 250, 10_000, top)),
    [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
  );
  assert.is(backoffDelay(1000, 250, 10_000, top), 10_000, 'a huge attempt count stays at the cap');
});

test('jitter spreads each wait between half and all of its step', () => {
  assert.is(
    backoffDelay(3, 250, 10_000, () => 0),
    1000,
  );
  assert.is(
    backoffDelay(3, 250, 10_000, () => 0.5),
    1500,
  );
  const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(10, 250, 10_000)));
  assert.ok(seen.size > 10, 'random waits differ');
  for (const w of seen) assert.ok(w >= 5000 && w <= 10_000, `${w} within [5000, 10000]`);
});

test.run();
