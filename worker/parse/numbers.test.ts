import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSiteNumber } from './numbers.js';

const cases: [string, string | null, number | null, boolean | null][] = [
  ['plain digits', '37', 37, true],
  ['digit groups', '1,234', 1234, true],
  ['a large count in groups', '12,345,678', 12345678, true],
  ['words around the count', '공감 1,204개', 1204, true],
  ['thousands with a decimal', '1.2천', 1200, false],
  ['ten-thousands', '3만', 30000, false],
  ['ten-thousands with a decimal', '1.4만', 14000, false],
  ['hundred-millions', '12억', 1200000000, false],
  ['a compound of 억 and 천만', '1억 2천만', 120000000, false],
  ['a compound of 만 and 천', '3만 5천', 35000, false],
  ['a compound written without spaces', '2만3천', 23000, false],
  ['a decimal with two places', '2.35만', 23500, false],
  ['a unit without digits is no number', '만', null, null],
  ['English thousands', '1.2K', 1200, false],
  ['English millions in lower case', '3m', 3000000, false],
  ['an English word after the digits is not a unit', '12 minutes', 12, true],
  ['a percentage is its digits', '61%', 61, true],
  ['no digits', '좋아요', null, null],
  ['empty', '', null, null],
  ['nothing at all', null, null, null],
  ['a broken digit group', '1,23,4', null, null],
  ['the first of two numbers', '공감 12 비공감 3', 12, true],
];
for (const [name, text, value, exact] of cases) {
  test(`site number: ${name}`, () => {
    const n = parseSiteNumber(text);
    assert.equal(n ? [n.value, n.exact] : null, value === null ? null : [value, exact]);
  });
}

test.run();
