// The worker's storage layer against PostgreSQL: a first collection of an article takes the fast path
// (COPY straight into comments), a later one upserts; writers racing on the same new article end with
// the union and no duplicate; text that COPY must escape arrives intact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommentRecord } from '../../worker/parse/records.js';
import { createStoragePool, Storage } from '../../worker/storage.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';

let suite: Suite;
let pool: ReturnType<typeof createStoragePool>;
let storage: Storage;
let seq = 0;

test.before(async () => {
  suite = await isolatedSuite('worker-storage');
  pool = createStoragePool(suite.databaseUrl, 6);
  storage = new Storage(pool, 4);
});
test.after(async () => {
  await pool?.end();
  await suite?.cleanup();
});

async function article(): Promise<number> {
  const identity = `st/${++seq}`;
  const ids = await storage.upsertArticles(
    [
      {
        source: 'test',
        identity,
        oid: null,
        aid: null,
        portalUrl: null,
        originalUrl: null,
        title: 't',
        description: null,
        publisher: null,
        publisherDomain: null,
        section: null,
        byline: null,
        publishedAt: null,
        isTest: true,
        raw: {},
      },
    ],
    null,
  );
  return ids.get(identity)!;
}

const comment = (n: number, over: Partial<CommentRecord> = {}): CommentRecord => ({
  commentNo: n,
  parentCommentNo: n % 4 === 0 ? n - 1 : null,
  author: `user${n}`,
  text: `댓글 ${n}`,
  writtenAt: new Date(Date.UTC(2024, 10, 1, 0, n)),
  modifiedAt: null,
  likes: n % 7,
  dislikes: n % 3,
  replyCount: 0,
  isReply: n % 4 === 0,
  isDeleted: false,
  raw: { n },
  ...over,
});
const range = (from: number, to: number, over?: Partial<CommentRecord>) => Array.from({ length: to - from + 1 }, (_, i) => comment(from + i, over));

async function stored(articleId: number) {
  return (
    await suite.pool.query<{ comment_no: number; likes: number; text: string | null; is_deleted: boolean; raw: { n: number } }>(
      'SELECT comment_no, likes, text, is_deleted, raw FROM comments WHERE article_id = $1 ORDER BY comment_no',
      [articleId],
    )
  ).rows;
}

test('a new article is written whole, a second collection updates it in place', async () => {
  const id = await article();
  assert.is(await storage.upsertComments(id, range(1, 1200), 250), 1200);
  let rows = await stored(id);
  assert.is(rows.length, 1200);
  assert.equal(
    rows.map((r) => r.comment_no),
    Array.from({ length: 1200 }, (_, i) => i + 1),
  );
  assert.equal(rows[6], { comment_no: 7, likes: 0, text: '댓글 7', is_deleted: false, raw: { n: 7 } });
  // Again with changed counts, one comment deleted since (its text gone), one whose text the page no
  // longer showed (kept), and 100 new ones.
  const again = range(1, 1300, { likes: 99 });
  again[9] = comment(10, { likes: 99, text: null, author: null, isDeleted: true });
  again[10] = comment(11, { likes: 99, text: null });
  assert.is(await storage.upsertComments(id, again, 250), 1300);
  rows = await stored(id);
  assert.is(rows.length, 1300, 'nothing stored twice');
  assert.ok(rows.every((r) => r.likes === 99));
  assert.equal([rows[9]!.is_deleted, rows[9]!.text], [true, null], 'a comment deleted since loses its text');
  assert.equal([rows[10]!.is_deleted, rows[10]!.text], [false, '댓글 11'], 'a text missing from a page does not erase the stored one');
});

test('writers racing on the same new article end with the union, each row once', async () => {
  const id = await article();
  const [a, b] = await Promise.all([storage.upsertComments(id, range(1, 700), 100), storage.upsertComments(id, range(300, 1000, { likes: 5 }), 100)]);
  assert.is(a, 700);
  assert.is(b, 701);
  const rows = await stored(id);
  assert.equal(
    rows.map((r) => r.comment_no),
    Array.from({ length: 1000 }, (_, i) => i + 1),
  );
});

test('tabs, new lines, carriage returns and backslashes arrive as they were', async () => {
  const id = await article();
  const text = 'a\tb\nc\r\nd \\N e\\f "따옴표" 끝';
  await storage.upsertComments(id, [comment(1, { text, author: 'x\\y', raw: { text } })]);
  const r = (
    await suite.pool.query<{ text: string; author: string; raw: { text: string } }>('SELECT text, author, raw FROM comments WHERE article_id = $1', [
      id,
    ])
  ).rows[0]!;
  assert.equal([r.text, r.author, r.raw.text], [text, 'x\\y', text]);
});

test.run();
