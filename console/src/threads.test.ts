import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readingOrder, threads, type Comment, type ThreadOrder } from './threads.js';

let id = 0;
const c = (no: number, minute: number, likes = 0, parent: number | null = null, deleted = false): Comment => ({
  id: ++id,
  comment_no: no,
  parent_comment_no: parent,
  author: null,
  text: `comment ${no}`,
  written_at: new Date(Date.UTC(2026, 11, 2, 0, minute)).toISOString(),
  likes,
  dislikes: 0,
  reply_count: 0,
  is_reply: parent !== null,
  is_deleted: deleted,
});

// Each case: the comments as fetched, the order, and the threads as [top, ...replies] comment numbers.
const cases: [string, Comment[], ThreadOrder, number[][]][] = [
  [
    'by time: oldest thread first, replies under their parent',
    [c(2, 5), c(1, 1), c(3, 7, 0, 1), c(4, 6, 0, 2)],
    'time',
    [
      [1, 3],
      [2, 4],
    ],
  ],
  ['replies oldest first whatever order they came in', [c(1, 1), c(5, 9, 0, 1), c(4, 3, 0, 1)], 'time', [[1, 4, 5]]],
  ['by likes: most liked thread first, replies still by time', [c(1, 1, 3), c(2, 2, 9), c(3, 3, 0, 2), c(4, 1, 50, 2)], 'likes', [[2, 4, 3], [1]]],
  ['by likes: a tie goes to the older comment', [c(1, 8, 5), c(2, 2, 5), c(3, 4, 7)], 'likes', [[3], [2], [1]]],
  ['a reply whose parent is not loaded stands alone, in order with the threads', [c(1, 5), c(9, 1, 0, 77), c(2, 9)], 'time', [[9], [1], [2]]],
  ['deleted comments keep their place', [c(1, 1, 0, null, true), c(2, 2, 0, 1, true)], 'time', [[1, 2]]],
  ['no comments, no threads', [], 'likes', []],
];
for (const [name, list, by, want] of cases)
  test(`threads: ${name}`, () => {
    const got = threads(list, by).map((n) => [n.c.comment_no, ...n.replies.map((r) => r.comment_no)]);
    assert.equal(got, want);
  });

test('threads: deleted marks survive grouping', () => {
  const [n] = threads([c(1, 1, 0, null, true), c(2, 2, 0, 1, true)], 'time');
  assert.equal([n!.c.is_deleted, n!.replies[0]!.is_deleted], [true, true]);
});

test('readingOrder: each comment then its replies, with its thread index', () => {
  const nodes = threads([c(1, 1), c(2, 2), c(3, 3, 0, 1), c(4, 4, 0, 1)], 'time');
  assert.equal(readingOrder(nodes), [
    { no: 1, thread: 0 },
    { no: 3, thread: 0 },
    { no: 4, thread: 0 },
    { no: 2, thread: 1 },
  ]);
});

test.run();
