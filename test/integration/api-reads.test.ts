// The gateway's reads, all from PostgreSQL rows the suite writes as the operator and workers would:
// status pages, data pages with cursors (stable while rows are inserted), downloads, logs (paged and
// followed as Server-Sent Events), resource usage, health and metrics, and the OpenAPI document.
import ExcelJS from 'exceljs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Pool } from '../../lib/db/pool.js';
import { apiFixture, insertJob, type ApiFixture } from './api-fixture.js';
import { metric } from './autoscale-support.js';

let f: ApiFixture;
const jobs: Record<string, string> = {};
let articleIds: number[] = [];

async function insertArticles(
  pool: Pool,
  jobUid: string,
  n: number,
  opts: { prefix: string; keyword: string; publisher?: string; day?: (i: number) => Date },
): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO articles (source, identity, title, publisher, published_at, portal_url)
     SELECT 'naver', $1 || i, $1 || ' 기사 ' || i, $2, t, 'https://n.news.naver.com/article/001/' || $1 || i
     FROM unnest($3::int[], $4::timestamptz[]) AS x(i, t) RETURNING id`,
    [
      opts.prefix,
      opts.publisher ?? '연합뉴스',
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => (opts.day ? opts.day(i) : new Date(Date.UTC(2024, 10, 1, 0, i)))),
    ],
  );
  const ids = rows.map((r) => r.id);
  await pool.query('INSERT INTO job_articles (job_uid, article_id, keyword) SELECT $1, unnest($2::bigint[]), $3', [jobUid, ids, opts.keyword]);
  return ids;
}

test.before(async () => {
  f = await apiFixture('api-reads');
  const p = f.suite.pool;
  const t0 = Date.UTC(2024, 10, 1);
  jobs.a1 = await insertJob(p, {
    namespace: f.a.namespace,
    name: 'a-one',
    department: f.a.name,
    request_id: 'req-a1',
    phase: 'Running',
    progress: 60,
    created_at: new Date(t0),
    articles: 60,
  });
  jobs.a2 = await insertJob(p, {
    namespace: f.a.namespace,
    name: 'a-two',
    department: f.a.name,
    request_id: 'req-a2',
    phase: 'Complete',
    progress: 100,
    created_at: new Date(t0 + 1000),
  });
  jobs.a3 = await insertJob(p, {
    namespace: f.a.namespace,
    name: 'a-three',
    department: f.a.name,
    request_id: 'req-a3',
    type: 'Comments',
    phase: 'Failed',
    message: 'the site blocked the requests',
    created_at: new Date(t0 + 2000),
  });
  jobs.b1 = await insertJob(p, {
    namespace: f.b.namespace,
    name: 'b-one',
    department: f.b.name,
    request_id: 'req-b1',
    phase: 'Admitted',
    created_at: new Date(t0 + 3000),
  });
  articleIds = await insertArticles(p, jobs.a1, 60, { prefix: 'a', keyword: '반도체' });
  await insertArticles(p, jobs.a2, 5, { prefix: 'c', keyword: '금리', publisher: '한국경제', day: (i) => new Date(Date.UTC(2024, 9, 10 + i)) });
  await insertArticles(p, jobs.b1, 5, { prefix: 'b', keyword: '선거' });
  // Comments on the first article, one of them a formula.
  await p.query(
    `INSERT INTO comments (article_id, comment_no, author, text, written_at, likes)
     SELECT $1, n, 'user' || n, CASE WHEN n = 3 THEN '=HYPERLINK("http://evil.example")' WHEN n = 4 THEN '좋은 기사, "정말"' WHEN n = 6 THEN chr(9) || '=tab' ELSE '댓글 ' || n END,
            timestamptz '2024-11-01 00:00:00+00' + n * interval '1 minute', n
     FROM generate_series(1, 25) n`,
    [articleIds[0]],
  );
});
test.after(async () => {
  await f?.cleanup();
});

const ids = (res: { json(): { collectors: { id: string }[] } }) => res.json().collectors.map((c) => c.id);

test("status: the department's jobs newest first, mapped to the predecessor fields, paged by cursor", async () => {
  const res = await f.call(f.a.token, { url: '/collectors/status' });
  assert.is(res.statusCode, 200, res.body);
  assert.equal(ids(res), ['req-a3', 'req-a2', 'req-a1']);
  const a1 = res.json().collectors[2];
  assert.is(a1.status, 'IN_PROGRESS');
  assert.is(a1.progress, '60%');
  assert.is(a1.keyword, '반도체');
  assert.is(a1.department, f.a.name);
  assert.is(a1.type, 'metadata');
  assert.is(res.json().collectors[0].status, 'FAILED');
  assert.is(res.json().collectors[0].error_message, 'the site blocked the requests');
  const p1 = await f.call(f.a.token, { url: '/collectors/status?limit=2' });
  assert.equal(ids(p1), ['req-a3', 'req-a2']);
  const p2 = await f.call(f.a.token, { url: `/collectors/status?limit=2&cursor=${p1.json().next_cursor}` });
  assert.equal(ids(p2), ['req-a1']);
  assert.is(p2.json().next_cursor, null);
  assert.equal(ids(await f.call(f.a.token, { url: '/collectors/metadata/status' })), ['req-a2', 'req-a1']);
  assert.equal(ids(await f.call(f.a.token, { url: '/collectors/comments/status' })), ['req-a3']);
  assert.equal(ids(await f.call(f.a.token, { url: '/collectors/status?status=COMPLETED' })), ['req-a2']);
  assert.equal(ids(await f.call(f.b.token, { url: '/collectors/status' })), ['req-b1']);
  assert.is((await f.call(f.b.token, { url: '/collectors/status/req-b1' })).json().status, 'QUEUED');
  assert.is((await f.call(f.a.token, { url: '/collectors/status?cursor=garbage' })).statusCode, 400);
});

test('with a read cache, pages are shared per department and at most the ttl old', async () => {
  const app = await f.build({ readCacheMs: 400 });
  const get = async (token: string) =>
    (await app.inject({ url: '/collectors/status?limit=1000', headers: { authorization: `Bearer ${token}` } }))
      .json()
      .collectors.map((c: { id: string }) => c.id) as string[];
  const before = await get(f.a.token);
  assert.not.ok(
    (await get(f.b.token)).some((id) => before.includes(id)),
    'another department never gets a cached page of A',
  );
  await insertJob(f.suite.pool, { namespace: f.a.namespace, name: 'a-cached', department: f.a.name, request_id: 'req-cached' });
  await new Promise((r) => setTimeout(r, 450));
  assert.ok((await get(f.a.token)).includes('req-cached'), 'the new job shows once the ttl has passed');
  await f.suite.pool.query(`DELETE FROM jobs WHERE name = 'a-cached'`);
  // The counter tells hits from misses: within the ttl a repeat is a hit, another department a miss.
  const counted = async () => {
    const text = (await app.inject({ url: '/metrics' })).body;
    const value = (result: string) => Number(metric(text, 'newsroom_api_page_cache_requests_total', `result="${result}"`));
    return { hit: value('hit'), miss: value('miss') };
  };
  await new Promise((r) => setTimeout(r, 450));
  const c0 = await counted();
  await get(f.a.token);
  await get(f.a.token);
  await get(f.b.token);
  const c1 = await counted();
  assert.equal({ hit: c1.hit - c0.hit, miss: c1.miss - c0.miss }, { hit: 1, miss: 2 });
  await app.close();
});

test('pages carry an ETag: a matching If-None-Match gets 304 without a body, a changed page a new tag', async () => {
  const app = await f.build({ readCacheMs: 300 });
  const get = (url: string, etag?: string) =>
    app.inject({ url, headers: { authorization: `Bearer ${f.a.token}`, ...(etag ? { 'if-none-match': etag } : {}) } });
  for (const url of ['/collectors/status', '/collectors/status/req-a1', `/data/comments?article=${articleIds[0]}`]) {
    const first = await get(url);
    assert.is(first.statusCode, 200, first.body);
    const etag = first.headers.etag as string;
    assert.match(etag, /^W\/"[\w-]+"$/, url);
    assert.is(first.headers['cache-control'], 'private, no-cache');
    assert.is(first.headers['content-type'], 'application/json; charset=utf-8');
    const again = await get(url, etag);
    assert.is(again.statusCode, 304, url);
    assert.is(again.body, '');
    assert.is((await get(url, 'W/"other"')).statusCode, 200);
  }
  const before = (await get('/collectors/status')).headers.etag as string;
  await insertJob(f.suite.pool, { namespace: f.a.namespace, name: 'a-etag', department: f.a.name, request_id: 'req-etag' });
  await new Promise((r) => setTimeout(r, 350));
  const after = await get('/collectors/status', before);
  assert.is(after.statusCode, 200, 'a page that changed is sent again');
  assert.is.not(after.headers.etag, before);
  assert.ok(after.json().collectors.some((c: { id: string }) => c.id === 'req-etag'));
  // Errors are never kept: an unknown request stays 404 and is found once it exists.
  assert.is((await get('/collectors/status/req-later')).statusCode, 404);
  await insertJob(f.suite.pool, { namespace: f.a.namespace, name: 'a-later', department: f.a.name, request_id: 'req-later' });
  assert.is((await get('/collectors/status/req-later')).statusCode, 200);
  await f.suite.pool.query(`DELETE FROM jobs WHERE name IN ('a-etag', 'a-later')`);
  await app.close();
});

test('data pages: filters, counts, department scope', async () => {
  const res = await f.call(f.a.token, { url: '/data/metadata?limit=10&count=true' });
  assert.is(res.statusCode, 200, res.body);
  assert.is(res.json().count, 10);
  assert.is(res.json().total, 65);
  assert.ok(res.json().next_cursor);
  const first = res.json().data[0];
  assert.not.ok('_k' in first, 'the cursor key stays internal');
  assert.is(first.title, 'a 기사 59');
  assert.is(first.published_at, '2024-11-01T00:59:00.000Z');
  assert.is((await f.call(f.a.token, { url: '/data/metadata?keyword=금리&count=true' })).json().total, 5);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?publisher=한국경제&limit=100' })).json().count, 5);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?job=req-a2&limit=100' })).json().count, 5);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?job=a-one&limit=100' })).json().count, 60);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?from=2024-10-11&to=2024-10-12&limit=100' })).json().count, 2);
  assert.equal(
    (await f.call(f.a.token, { url: '/data/metadata?q=기사 1&job=req-a1&sort=published_at&limit=3' }))
      .json()
      .data.map((a: { title: string }) => a.title),
    ['a 기사 1', 'a 기사 10', 'a 기사 11'],
  );
  assert.is((await f.call(f.a.token, { url: `/data/metadata?article=${articleIds[5]}` })).json().data[0].id, articleIds[5]);
  // Department scope: B sees only its own articles; A none of B's.
  assert.is((await f.call(f.b.token, { url: '/data/metadata?count=true' })).json().total, 5);
  assert.is((await f.call(f.b.token, { url: '/data/metadata?job=req-a1' })).json().count, 0);
  assert.is((await f.call(f.admin, { url: '/data/metadata?count=true' })).json().total, 70);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?sort=title' })).statusCode, 400);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?from=2024-02-30' })).statusCode, 400);
  assert.is((await f.call(f.a.token, { url: '/data/metadata?limit=5000' })).statusCode, 400);
});

test('cursor pagination is stable while rows are inserted concurrently', async () => {
  const seen: number[] = [];
  let cursor: string | null = null;
  let inserted = 0;
  let pages = 0;
  do {
    const [res]: [Awaited<ReturnType<ApiFixture['call']>>, number] = await Promise.all([
      f.call(f.a.token, { url: `/data/metadata?job=req-a1&limit=7${cursor ? `&cursor=${cursor}` : ''}` }),
      // Newer and older articles arrive while the caller pages through.
      insertArticles(f.suite.pool, jobs.a1!, 2, {
        prefix: `new${pages}-`,
        keyword: '반도체',
        day: (i) => new Date(i === 0 ? Date.UTC(2025, 0, 1, 0, pages) : Date.UTC(2024, 10, 1, 0, 30, 30)),
      }).then((x) => (inserted += x.length)),
    ]);
    assert.is(res.statusCode, 200, res.body);
    seen.push(...res.json().data.map((a: { id: number }) => a.id));
    cursor = res.json().next_cursor;
    pages++;
  } while (cursor && pages < 50);
  assert.ok(inserted > 0);
  assert.is(new Set(seen).size, seen.length, 'no article is shown twice');
  for (const id of articleIds) assert.ok(seen.includes(id), `article ${id} that existed before paging started was shown`);
});

test('comment pages of one article, in both orders, with text search', async () => {
  const asc = await f.call(f.a.token, { url: `/data/comments?article=${articleIds[0]}&sort=written_at&limit=10` });
  assert.is(asc.statusCode, 200, asc.body);
  assert.equal(
    asc.json().data.map((c: { comment_no: number }) => c.comment_no),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.is(asc.json().data[0].article_url, 'https://n.news.naver.com/article/001/a0');
  assert.equal(
    Object.keys(asc.json().data[0]).sort(),
    [
      'article_id',
      'article_title',
      'article_url',
      'author',
      'changed_at',
      'collected_at',
      'comment_no',
      'dislikes',
      'first_seen_at',
      'id',
      'is_deleted',
      'is_reply',
      'likes',
      'modified_at',
      'parent_comment_no',
      'reply_count',
      'text',
      'written_at',
    ],
    'the documented fields, nothing internal',
  );
  const next = await f.call(f.a.token, { url: `/data/comments?article=${articleIds[0]}&sort=written_at&limit=10&cursor=${asc.json().next_cursor}` });
  assert.equal(
    next.json().data.map((c: { comment_no: number }) => c.comment_no),
    [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  );
  const desc = await f.call(f.a.token, { url: `/data/comments?article=${articleIds[0]}&limit=3` });
  assert.equal(
    desc.json().data.map((c: { comment_no: number }) => c.comment_no),
    [25, 24, 23],
  );
  assert.is((await f.call(f.a.token, { url: '/data/comments?q=정말' })).json().count, 1);
  assert.is((await f.call(f.b.token, { url: `/data/comments?article=${articleIds[0]}` })).json().count, 0);
});

test('first_seen_after and changed_after: pages and downloads of only what a run added or changed', async () => {
  const p = f.suite.pool;
  const article = articleIds[2]!;
  // Ten comments stored in a first run, four of them changed by a later one, three added by it.
  const run1 = '2024-11-05T00:00:00.000Z';
  const run2 = '2024-11-06T00:00:00.000Z';
  await p.query(
    `INSERT INTO comments (article_id, comment_no, text, written_at, first_seen_at, last_seen_at, changed_at)
     SELECT $1, n, '댓글 ' || n, $2::timestamptz, CASE WHEN n > 10 THEN $3::timestamptz ELSE $2::timestamptz END, $3::timestamptz,
            CASE WHEN n > 10 OR n IN (2, 4, 6, 8) THEN $3::timestamptz ELSE $2::timestamptz END
     FROM generate_series(1, 13) n`,
    [article, run1, run2],
  );
  const nos = async (q: string) => {
    const res = await f.call(f.a.token, { url: `/data/comments?article=${article}&sort=id&limit=100${q}` });
    assert.is(res.statusCode, 200, res.body);
    return res.json().data.map((c: { comment_no: number }) => c.comment_no);
  };
  assert.equal(await nos(''), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  assert.equal(await nos(`&first_seen_after=${run2}`), [11, 12, 13], 'first seen in the second run: the new ones');
  assert.equal(await nos(`&changed_after=${run2}`), [2, 4, 6, 8, 11, 12, 13], 'changed in the second run: the changed and the new');
  assert.equal(await nos(`&first_seen_after=${run1}`), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 'at or after the instant');
  const first = (await f.call(f.a.token, { url: `/data/comments?article=${article}&limit=1&changed_after=${run2}` })).json().data[0];
  assert.equal([first.first_seen_at, first.changed_at, first.collected_at], [run2, run2, run2]);

  const csv = await f.call(f.a.token, { url: `/data/comments/download?article=${article}&changed_after=${run2}` });
  assert.is(csv.statusCode, 200, csv.body);
  assert.is(csv.body.trim().split('\n').length, 1 + 7, 'the header and the seven rows');
  const nd = await f.call(f.a.token, { url: `/data/comments/download?article=${article}&first_seen_after=${run2}&format=ndjson` });
  assert.equal(
    nd.body
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { comment_no: number }).comment_no),
    [11, 12, 13],
  );

  const bad = await f.call(f.a.token, { url: '/data/comments?changed_after=yesterday' });
  assert.is(bad.statusCode, 400);
  assert.match(bad.body, /changed_after/);
  const articles = await f.call(f.a.token, { url: `/data/metadata?changed_after=${run2}` });
  assert.is(articles.statusCode, 400);
  assert.match(articles.json().detail, /changed_after: applies to comments only/);
  const newArticles = await f.call(f.a.token, { url: '/data/metadata?first_seen_after=2999-01-01T00:00:00Z' });
  assert.equal([newArticles.statusCode, newArticles.json().count], [200, 0], 'articles: first_seen_after is the first collection');
  await p.query('DELETE FROM comments WHERE article_id = $1', [article]);
});

test('a page row, written as JSON by the database, equals the stored row: escapes, nulls, times, booleans', async () => {
  const p = f.suite.pool;
  const text = 'q"uote \\back\\slash\nnew line\ttab \u0001ctl \u2028sep 😀 </script>';
  await p.query(
    `INSERT INTO comments (article_id, comment_no, parent_comment_no, author, text, written_at, modified_at, likes, dislikes, reply_count, is_reply, is_deleted)
     VALUES ($1, 1, 7, NULL, $2, '2024-11-02 03:04:05.678901+09', '2024-11-03 00:00:00.5+00', 3, 2, 1, true, false)`,
    [articleIds[1], text],
  );
  const res = await f.call(f.a.token, { url: `/data/comments?article=${articleIds[1]}` });
  assert.is(res.statusCode, 200, res.body);
  const { rows } = await p.query(
    `SELECT c.id, c.article_id, a.portal_url AS article_url, a.title AS article_title, c.comment_no, c.parent_comment_no, c.author, c.text, c.written_at, c.modified_at,
            c.likes, c.dislikes, c.reply_count, c.is_reply, c.is_deleted, c.last_seen_at AS collected_at, c.first_seen_at, c.changed_at FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.article_id = $1`,
    [articleIds[1]],
  );
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  assert.equal(
    res.json().data,
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(v)]))),
  );
  assert.is(res.json().data[0].text, text);
  assert.is(res.json().data[0].written_at, '2024-11-01T18:04:05.678Z');

  const article = await f.call(f.a.token, { url: `/data/metadata?article=${articleIds[1]}` });
  const stored = await p.query(
    'SELECT id, source, oid, aid, title, description, publisher, publisher_domain, section, byline, published_at, published_precision, portal_url, original_url, first_collected_at, last_collected_at, is_test, identity, modified_at, body, comment_stats, (SELECT count(*)::int FROM comments c WHERE c.article_id = a.id) AS comment_count, comment_stats_at AS comments_read_at FROM articles a WHERE id = $1',
    [articleIds[1]],
  );
  assert.equal(
    article.json().data,
    stored.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(v)]))),
  );
});

test('downloads: CSV with BOM, quoting, Korean and neutralised formulas; NDJSON; JSON; a safe file name', async () => {
  const csv = await f.call(f.a.token, { url: `/data/comments/download?article=${articleIds[0]}` });
  assert.is(csv.statusCode, 200, csv.body);
  assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(csv.headers['content-disposition']), /^attachment; filename="comments-article-\d+-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
  const bytes = csv.rawPayload;
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\n');
  assert.is(
    lines[0],
    'id,article_id,article_url,article_title,comment_no,parent_comment_no,author,text,written_at,likes,dislikes,reply_count,is_reply,is_deleted,publisher',
  );
  assert.is(lines.length, 27);
  assert.ok(text.includes(`,'=HYPERLINK(""http://evil.example"")",`) || text.includes(`"'=HYPERLINK(""http://evil.example"")"`), text.slice(0, 800));
  assert.ok(text.includes('"좋은 기사, ""정말"""'));
  assert.ok(text.includes(",'\t=tab,"), 'a leading tab is neutralised too');
  assert.ok(text.includes(',false,false,'), 'booleans as true/false');
  assert.ok(text.includes('2024-11-01T09:01:00+09:00'), 'times in Korea Standard Time');
  // The same thread as a workbook with Korean headers: read back with exceljs, a row a comment.
  const xl = await f.call(f.a.token, { url: `/data/comments/download?article=${articleIds[0]}&format=xlsx&headers=ko` });
  assert.is(xl.statusCode, 200, xl.body.slice(0, 500));
  assert.is(xl.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xl.rawPayload as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('댓글')!;
  const stored = (await f.suite.pool.query('SELECT count(*)::int AS n FROM comments WHERE article_id = $1', [articleIds[0]])).rows[0].n as number;
  assert.is(sheet.rowCount, stored + 1);
  assert.is(sheet.getRow(1).getCell(1).value, 'ID');
  assert.is(sheet.getRow(1).getCell(9).value, '작성 시각 (KST)');
  const nd = await f.call(f.a.token, { url: '/data/metadata/download?format=ndjson&keyword=금리' });
  assert.match(String(nd.headers['content-type']), /^application\/x-ndjson/);
  assert.match(String(nd.headers['content-disposition']), /filename\*=UTF-8''metadata-%EA%B8%88%EB%A6%AC-/);
  const rows = nd.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.is(rows.length, 5);
  assert.is(rows[0].publisher, '한국경제');
  const js = await f.call(f.b.token, { url: '/data/metadata/download?format=json' });
  assert.is(JSON.parse(js.body).length, 5);
  const empty = await f.call(f.b.token, { url: '/data/comments/download?format=json' });
  assert.equal(JSON.parse(empty.body), []);
});

test('logs: level at or above, job, component, text, cursor, department scope', async () => {
  const p = f.suite.pool;
  await p.query(
    `INSERT INTO job_logs (job_uid, level, component, message, time) VALUES
     ($1, 20, 'worker', 'page 1 read', now()), ($1, 30, 'operator', 'job admitted', now()), ($1, 40, 'worker', 'retrying: timeout', now()),
     ($1, 50, 'worker', 'the site blocked the requests', now()), ($2, 50, 'worker', 'b failed', now())`,
    [jobs.a1, jobs.b1],
  );
  const all = await f.call(f.a.token, { url: '/logs' });
  assert.is(all.statusCode, 200, all.body);
  assert.equal(
    all.json().logs.map((l: { message: string }) => l.message),
    ['page 1 read', 'job admitted', 'retrying: timeout', 'the site blocked the requests'],
  );
  assert.equal(
    all.json().logs.map((l: { level: string }) => l.level),
    ['debug', 'info', 'warn', 'error'],
  );
  assert.is(all.json().logs[0].request_id, 'req-a1');
  assert.equal(
    (await f.call(f.a.token, { url: '/logs?level=warn' })).json().logs.map((l: { level: string }) => l.level),
    ['warn', 'error'],
  );
  assert.is((await f.call(f.a.token, { url: '/logs?component=operator' })).json().count, 1);
  assert.is((await f.call(f.a.token, { url: '/logs?q=blocked&job=req-a1' })).json().count, 1);
  assert.is((await f.call(f.a.token, { url: '/logs?job=req-b1' })).json().count, 0);
  const p1 = (await f.call(f.a.token, { url: '/logs?limit=3' })).json();
  assert.ok(p1.has_more);
  const p2 = (await f.call(f.a.token, { url: `/logs?limit=3&cursor=${p1.next_cursor}` })).json();
  assert.equal(
    p2.logs.map((l: { message: string }) => l.message),
    ['the site blocked the requests'],
  );
  assert.equal(
    (await f.call(f.b.token, { url: '/logs' })).json().logs.map((l: { message: string }) => l.message),
    ['b failed'],
  );
  assert.is((await f.call(f.a.token, { url: '/logs?level=fatal' })).statusCode, 400);
});

test('logs follow: Server-Sent Events deliver lines written after the client connected', async () => {
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  const address = f.app.server.address() as { port: number };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const res = await fetch(`http://127.0.0.1:${address.port}/logs?follow=true&job=req-a2`, {
      headers: { authorization: `Bearer ${f.a.token}` },
      signal: abort.signal,
    });
    assert.is(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const first = await reader.read();
    text += new TextDecoder().decode(first.value);
    assert.match(text, /^retry: 2000/);
    await f.suite.pool.query(`INSERT INTO job_logs (job_uid, level, component, message) VALUES ($1, 30, 'worker', '새 줄 after connect')`, [jobs.a2]);
    while (!text.includes('새 줄 after connect')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    const event = text.split('\n\n').find((e) => e.includes('새 줄 after connect'))!;
    assert.match(event, /^id: \S+\nevent: log\ndata: /);
    const line = JSON.parse(event.split('\ndata: ')[1]!);
    assert.is(line.request_id, 'req-a2');
    assert.is(line.level, 'info');
    await reader.cancel();
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
});

test('resource usage: empty until recorded, then the latest snapshot', async () => {
  const empty = (await f.call(f.a.token, { url: '/resources/usage' })).json();
  assert.equal(empty, { recorded: false, taken_at: null, selenium: null, queues: null, workers: null, pools: [] });
  await f.suite.pool.query(`INSERT INTO resource_snapshots (pool, taken_at, data) VALUES ('newsroom-system/default', '2024-11-01T00:00:00Z', $1)`, [
    {
      selenium: { nodes: 2, slots: 4, sessions: 3, queue: 1 },
      queues: { metadata: { ready: 5, unacked: 2, consumers: 2 } },
      workers: { busy: 2, total: 3 },
    },
  ]);
  const got = (await f.call(f.b.token, { url: '/resources/usage' })).json();
  assert.is(got.recorded, true);
  assert.equal(got.selenium, { nodes: 2, slots: 4, sessions: 3, queue: 1 });
  assert.equal(got.workers, { busy: 2, total: 3 });
  assert.is(got.taken_at, '2024-11-01T00:00:00.000Z');
});

test('health, readiness and metrics without a token', async () => {
  assert.is((await f.app.inject({ url: '/healthz' })).body, 'ok\n');
  assert.is((await f.app.inject({ url: '/readyz' })).statusCode, 200);
  assert.equal((await f.app.inject({ url: '/health' })).json().status, 'healthy');
  const m = (await f.app.inject({ url: '/metrics' })).body;
  assert.match(m, /http_request_duration_seconds_bucket\{.*route="\/collectors\/status".*status_code="200"/);
  assert.match(m, /http_request_duration_seconds_count\{method="GET",route="\/data\/metadata",status_code="400"\}/);
  assert.match(m, /http_requests_in_flight \d/);
});

test('the OpenAPI document is valid and lists every route; Swagger UI is served', async () => {
  const doc = (await f.app.inject({ url: '/openapi.json' })).json();
  await SwaggerParser.validate(structuredClone(doc));
  const expected = [
    'post /collectors/metadata/start',
    'post /collectors/comments/start',
    'post /collectors/metadata/stop',
    'post /collectors/comments/stop',
    'get /collectors/status',
    'get /collectors/metadata/status',
    'get /collectors/comments/status',
    'get /collectors/status/{request_id}',
    'post /collectors/pause',
    'post /collectors/resume',
    'get /resources/usage',
    'get /logs',
    'get /data/metadata',
    'get /data/comments',
    'get /data/metadata/download',
    'get /data/comments/download',
    'get /health',
    'get /healthz',
    'get /readyz',
    'get /metrics',
    'post /v1/jobs',
    'get /v1/jobs',
    'get /v1/jobs/{name}',
    'delete /v1/jobs/{name}',
    'post /v1/jobs/{name}/suspend',
    'post /v1/jobs/{name}/resume',
    'post /v1/schedules',
    'get /v1/schedules',
    'get /v1/schedules/{name}',
    'delete /v1/schedules/{name}',
    'post /v1/schedules/{name}/suspend',
    'post /v1/schedules/{name}/resume',
    'get /v1/session',
    'get /v1/overview',
    'get /v1/jobs/{name}/errors',
    'get /v1/insights',
    'get /v1/fleet',
  ];
  const listed = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m} ${path}`),
  );
  assert.equal([...listed].sort(), [...expected].sort());
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>)) {
    for (const [m, op] of Object.entries(ops)) assert.ok(op.tags?.length, `${m} ${path} has tags`);
  }
  assert.ok(doc.components.schemas.Problem, 'the problem shape is a shared component');
  const ui = await f.app.inject({ url: '/docs/' });
  assert.is(ui.statusCode, 200);
  assert.match(ui.body, /swagger-ui/i);
});

test.run();
