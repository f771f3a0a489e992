// The worker's storage layer against PostgreSQL: a first collection of an article takes the fast path
// (COPY straight into comments), a later one upserts; a refresh counts exactly the rows it added and
// the rows whose content changed, and stamps first seen / last seen / changed accordingly; writers
// racing on the same new article end with the union and no duplicate; text that COPY must escape
// arrives intact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ArticleRecord, CommentRecord } from '../../worker/parse/records.js';
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
        publishedPrecision: null,
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

/** first_seen_at, last_seen_at and changed_at by comment number. */
async function seen(articleId: number): Promise<Map<number, { first: Date; last: Date; changed: Date }>> {
  const r = await suite.pool.query<{ comment_no: string; first_seen_at: Date; last_seen_at: Date; changed_at: Date }>(
    'SELECT comment_no, first_seen_at, last_seen_at, changed_at FROM comments WHERE article_id = $1',
    [articleId],
  );
  return new Map(r.rows.map((x) => [Number(x.comment_no), { first: x.first_seen_at, last: x.last_seen_at, changed: x.changed_at }]));
}

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
  assert.equal(await storage.upsertComments(id, range(1, 1200), 250), { written: 1200, added: 1200, changed: 0 });
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
  // Every stored row's likes changed (none had 99); row 11's missing text is no change of its own.
  assert.equal(await storage.upsertComments(id, again, 250), { written: 1300, added: 100, changed: 1200 });
  rows = await stored(id);
  assert.is(rows.length, 1300, 'nothing stored twice');
  assert.ok(rows.every((r) => r.likes === 99));
  assert.equal([rows[9]!.is_deleted, rows[9]!.text], [true, null], 'a comment deleted since loses its text');
  assert.equal([rows[10]!.is_deleted, rows[10]!.text], [false, '댓글 11'], 'a text missing from a page does not erase the stored one');
});

test('writers racing on the same new article end with the union, each row once', async () => {
  const id = await article();
  const [a, b] = await Promise.all([storage.upsertComments(id, range(1, 700), 100), storage.upsertComments(id, range(300, 1000, { likes: 5 }), 100)]);
  assert.equal([a.written, b.written], [700, 701]);
  assert.is(a.added + b.added, 1000, 'each row added once, by one of the two');
  const rows = await stored(id);
  assert.equal(
    rows.map((r) => r.comment_no),
    Array.from({ length: 1000 }, (_, i) => i + 1),
  );
});

test('a refresh counts exactly what it added and what changed; first seen stays, last seen moves, changed moves only on a change', async () => {
  const id = await article();
  const first = range(1, 400);
  first[50] = comment(51, { isDeleted: false, replyCount: 2 });
  assert.equal(await storage.upsertComments(id, first, 100), { written: 400, added: 400, changed: 0 });
  const before = await seen(id);
  assert.equal(
    await storage.upsertComments(id, first, 100),
    { written: 400, added: 0, changed: 0 },
    'the same comments again: nothing new, nothing changed',
  );

  const again = range(1, 410);
  again[50] = comment(51, { replyCount: 2 });
  const bump = (i: number, over: Partial<CommentRecord>) => (again[i - 1] = { ...again[i - 1]!, ...over });
  for (const n of [3, 70, 140, 210, 399]) bump(n, { likes: 1000 + n }); // likes
  bump(12, { dislikes: 77 }); // dislikes
  bump(51, { replyCount: 3 }); // replies
  bump(88, { isDeleted: true, text: null, author: null }); // deleted since
  bump(120, { text: '고친 댓글' }); // edited
  bump(160, { text: null }); // text not shown this time: no change
  bump(161, { author: 'renamed', raw: { other: true } }); // neither counts nor text: no change
  assert.equal(await storage.upsertComments(id, again, 100), { written: 410, added: 10, changed: 9 });

  const after = await seen(id);
  const changed = new Set([3, 70, 140, 210, 399, 12, 51, 88, 120]);
  for (const [no, b] of before) {
    const a = after.get(no)!;
    assert.is(a.first.getTime(), b.first.getTime(), `comment ${no}: first seen stays`);
    assert.ok(a.last > b.last, `comment ${no}: last seen moves`);
    if (changed.has(no)) assert.ok(a.changed > b.changed, `comment ${no}: changed`);
    else assert.is(a.changed.getTime(), b.changed.getTime(), `comment ${no}: not changed`);
  }
  const added = [...after.entries()].filter(([no]) => !before.has(no));
  assert.is(added.length, 10);
  for (const [no, a] of added) assert.equal([a.first.getTime(), a.changed.getTime()], [a.last.getTime(), a.last.getTime()], `new comment ${no}`);
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

const timed = (identity: string, at: string, precision: ArticleRecord['publishedPrecision']): ArticleRecord => ({
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
  publishedAt: new Date(at),
  publishedPrecision: precision,
  isTest: true,
  raw: {},
});

const precisionCases: [string, [string, ArticleRecord['publishedPrecision']][], string][] = [
  [
    'a day, then the exact time an article page shows: the exact time replaces it',
    [
      ['2024-12-01T15:00:00Z', 'day'],
      ['2024-12-02T00:15:07Z', 'second'],
    ],
    '2024-12-02T00:15:07.000Z second',
  ],
  [
    "an exact time, then a later search's week: the exact time stays",
    [
      ['2024-12-02T00:15:07Z', 'second'],
      ['2024-11-18T06:00:00Z', 'week'],
    ],
    '2024-12-02T00:15:07.000Z second',
  ],
  [
    'an hour, then a day: the hour stays',
    [
      ['2024-12-02T02:00:00Z', 'hour'],
      ['2024-12-01T15:00:00Z', 'day'],
    ],
    '2024-12-02T02:00:00.000Z hour',
  ],
  [
    'a minute, then the same minute read again: stays',
    [
      ['2024-12-02T00:15:00Z', 'minute'],
      ['2024-12-02T00:15:00Z', 'minute'],
    ],
    '2024-12-02T00:15:00.000Z minute',
  ],
  [
    'a minute, then seconds: the seconds replace it',
    [
      ['2024-12-02T00:15:00Z', 'minute'],
      ['2024-12-02T00:15:07Z', 'second'],
    ],
    '2024-12-02T00:15:07.000Z second',
  ],
];
for (const [name, readings, want] of precisionCases) {
  test(`published time and precision: ${name}`, async () => {
    const identity = `prec/${++seq}`;
    for (const [at, p] of readings) await storage.upsertArticles([timed(identity, at, p)], null);
    const r = await suite.pool.query<{ published_at: Date; published_precision: string }>(
      'SELECT published_at, published_precision FROM articles WHERE source = $1 AND identity = $2',
      ['test', identity],
    );
    assert.is(`${r.rows[0]!.published_at.toISOString()} ${r.rows[0]!.published_precision}`, want);
  });
}

test.run();
