import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomDelay } from './politeness.js';

test('the random pause stays within its bounds', () => {
  assert.is(randomDelay(100, 300, 0), 100);
  assert.is(randomDelay(100, 300, 0.5), 200);
  assert.is(randomDelay(300, 100, 0.9), 100); // a min above the max is capped at the max
  assert.is(randomDelay(0, 0, 0.7), 0);
});

test.run();
