import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchmarkTruth, ngrams, recordedReadabilityJs, score, shingleMatching, tokenize } from './score.js';

// The benchmark's own unit cases (tests.py), which pin the method.
test('tokens: runs of letters and digits, punctuation splits', () => {
  assert.equal(tokenize('a b,cd:e(foo,bar) '), ['a', 'b', 'cd', 'e', 'foo', 'bar']);
  assert.equal(tokenize('반도체·금리 2024년'), ['반도체', '금리', '2024년']);
});

const shingleCases: [string, string, number, string[][]][] = [
  ['punctuation alone has no shingle', '!', 4, []],
  ['fewer tokens than n make one short shingle', 'a,b c ', 5, [['a', 'b', 'c']]],
  [
    'overlapping shingles',
    'aa 11 c 22',
    3,
    [
      ['aa', '11', 'c'],
      ['11', 'c', '22'],
    ],
  ],
  [
    'repeats are kept',
    'a b c a b c',
    3,
    [
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ],
  ],
];
for (const [name, text, n, want] of shingleCases) test(`shingles: ${name}`, () => assert.equal(ngrams(text, n), want));

const matchCases: [string, string, string, [number, number, number]][] = [
  ['the same text', 'a b c', 'a b c', [1, 0, 0]],
  ['a missing shingle', 'a b c d', 'a b c', [0.5, 0, 0.5]],
  ['an extra shingle', 'a b c', 'a b c d', [0.5, 0.5, 0]],
  ['both empty', '', '', [0, 0, 0]],
  ['nothing predicted', 'a', '', [0, 0, 1]],
  ['nothing true', '', 'a', [0, 1, 0]],
  ['a repeat missing', 'a b c a b c', 'a b c', [0.25, 0, 0.75]],
  ['a repeat too many', 'a b c', 'a b c a b c', [0.25, 0.75, 0]],
];
for (const [name, t, p, want] of matchCases) test(`matching: ${name}`, () => assert.equal(shingleMatching(t, p, 3), want));

test('the scorer reproduces the published figures of the recorded Readability.js output (0.947 / 0.914 / 0.982)', () => {
  const s = score(benchmarkTruth(), recordedReadabilityJs());
  assert.equal(
    [s.f1, s.precision, s.recall].map((x) => x.toFixed(3)),
    ['0.947', '0.914', '0.982'],
  );
});

test('a prediction with pages missing is refused', () => {
  const truth = benchmarkTruth();
  const [first] = Object.keys(truth);
  assert.throws(() => score(truth, { [first!]: 'x' }), /differ from the truth/);
});

test.run();
