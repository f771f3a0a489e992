import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { abbreviatedCount } from './board.js';

const counts: [string, number, string][] = [
  ['small counts as they are', 37, '37'],
  ['just under a thousand', 999, '999'],
  ['thousands to one decimal, rounded down', 1432, '1.4천'],
  ['a round thousand without a decimal', 2000, '2천'],
  ['ten-thousands', 14_999, '1.4만'],
  ['hundred-millions', 1_234_567_890, '12.3억'],
];
for (const [name, n, want] of counts) test(`board counts: ${name}`, () => assert.is(abbreviatedCount(n), want));

test.run();
