// A 200,000-row CSV export from the real gateway program: streamed from a server-side cursor with
// bounded memory (the process's peak RSS is read from /proc), and every byte checked: BOM, header,
// quoting, Korean text, and formulas neutralised.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRoot } from '../../lib/paths.js';
import { apiFixture, insertJob, type ApiFixture } from './api-fixture.js';

const ROWS = 200_000;
let PORT = 0;
let f: ApiFixture;
let api: ChildProcess;
let output = '';

const kib = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

test.before(async () => {
  f = await apiFixture('api-export');
  const uid = await insertJob(f.suite.pool, {
    namespace: f.a.namespace,
    name: 'big',
    department: f.a.name,
    request_id: 'req-big',
    type: 'Comments',
    phase: 'Complete',
  });
  const { rows } = await f.suite.pool.query<{ id: number }>(
    `INSERT INTO articles (source, identity, title, portal_url) VALUES ('naver', 'big-1', '반도체 "수출" 기사', 'https://n.news.naver.com/article/001/1') RETURNING id`,
  );
  await f.suite.pool.query('INSERT INTO job_articles (job_uid, article_id) VALUES ($1, $2)', [uid, rows[0]!.id]);
  await f.suite.pool.query(
    `INSERT INTO comments (article_id, comment_no, author, text, written_at, likes)
     SELECT $1, n, '작성자' || n,
       CASE n % 5 WHEN 0 THEN '=cmd|'' /C calc''!A0 ' || n WHEN 1 THEN '정말 좋은 기사네요, "동의" ' || n WHEN 2 THEN '-' || n || '+1' WHEN 3 THEN 'line one' || chr(10) || 'line two ' || n ELSE '@SUM(1) ' || n END,
       timestamptz '2024-11-01 00:00:00+00' + n * interval '1 second', n % 100
     FROM generate_series(1, ${ROWS}) n`,
    [rows[0]!.id],
  );
  api = spawn(process.execPath, [fromRoot('dist', 'api', 'main.js')], {
    env: f.suite.programEnv({ API_PORT: '0', LOG_LEVEL: 'info', API_HOST: '127.0.0.1', API_TOKENS_FILE: f.tokensFile }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout!.on('data', (d) => (output += d));
  api.stderr!.on('data', (d) => (output += d));
  // It listens on a free port and names it in its "api started" line.
  const deadline = Date.now() + 30_000;
  while (!PORT) {
    const m = /"port":(\d+),"msg":"api started"/.exec(output);
    if (m) PORT = Number(m[1]);
    else if (Date.now() > deadline || api.exitCode !== null) throw new Error(`the api did not start: ${output}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
  assert.is((await fetch(`http://127.0.0.1:${PORT}/readyz`)).status, 200);
});
test.after(async () => {
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api.once('exit', r));
    api.kill('SIGTERM');
    await exited;
  }
  await f?.cleanup();
});

/** RFC 4180 records of a CSV text. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
      if (c === '\r') i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    records.push(row);
  }
  return records;
}

test(`a ${ROWS.toLocaleString('en')}-row CSV export streams with bounded memory, and its bytes are right`, async () => {
  const rssBefore = kib(api.pid!, 'VmRSS');
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${PORT}/data/comments/download?job=req-big&format=csv`, {
    headers: { authorization: `Bearer ${f.a.token}` },
  });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="comments-req-big-\d{4}-\d{2}-\d{2}\.csv"/);
  // Read slowly at first, so the server has to hold back rather than buffer.
  const reader = res.body!.getReader();
  const chunks: Buffer[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    received += value.length;
    if (chunks.length < 20) await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (Date.now() - started) / 1000;
  const peak = kib(api.pid!, 'VmHWM');
  const bytes = Buffer.concat(chunks);
  console.log(
    `  export: ${(received / 1048576).toFixed(1)} MiB in ${seconds.toFixed(1)} s; api RSS before ${(rssBefore / 1024).toFixed(0)} MiB, peak ${(peak / 1024).toFixed(0)} MiB`,
  );
  assert.ok(received > 20 * 1048576, 'a file of the expected size');
  assert.ok(
    peak - rssBefore < 64 * 1024,
    `peak RSS grew by ${((peak - rssBefore) / 1024).toFixed(0)} MiB while streaming ${(received / 1048576).toFixed(0)} MiB`,
  );
  assert.ok(peak < 200 * 1024, `peak RSS ${(peak / 1024).toFixed(0)} MiB`);

  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const records = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.equal(records[0], [
    'id',
    'article_id',
    'article_url',
    'article_title',
    'comment_no',
    'parent_comment_no',
    'author',
    'text',
    'written_at',
    'likes',
    'dislikes',
    'reply_count',
    'is_reply',
    'is_deleted',
    'publisher',
  ]);
  assert.is(records.length, ROWS + 1);
  const byNo = new Map(records.slice(1).map((r) => [Number(r[4]), r]));
  assert.is(byNo.size, ROWS);
  assert.is(byNo.get(10)![7], `'=cmd|' /C calc'!A0 10`);
  assert.is(byNo.get(11)![7], '정말 좋은 기사네요, "동의" 11');
  assert.is(byNo.get(12)![7], `'-12+1`);
  assert.is(byNo.get(13)![7], 'line one\nline two 13');
  assert.is(byNo.get(14)![7], `'@SUM(1) 14`);
  assert.is(byNo.get(14)![6], '작성자14');
  assert.is(byNo.get(14)![3], '반도체 "수출" 기사');
  assert.is(byNo.get(1)![8], '2024-11-01T09:00:01+09:00');
  for (const r of records.slice(1)) {
    assert.is(r.length, 15);
    assert.not.match(r[7]!, /^[=+\-@\t\r]/);
  }
  assert.ok(bytes.includes(Buffer.from('"line one\nline two 13"')), 'a line break inside a cell is quoted');
});

test('an export abandoned half-way releases its database connection', async () => {
  const ac = new AbortController();
  const res = await fetch(`http://127.0.0.1:${PORT}/data/comments/download?job=req-big&format=ndjson`, {
    headers: { authorization: `Bearer ${f.a.token}` },
    signal: ac.signal,
  });
  const reader = res.body!.getReader();
  await reader.read();
  ac.abort();
  await new Promise((r) => setTimeout(r, 500));
  // The gateway still answers reads (its pool was not exhausted by a stuck cursor).
  for (let i = 0; i < 30; i++) {
    const r = await fetch(`http://127.0.0.1:${PORT}/collectors/status`, { headers: { authorization: `Bearer ${f.a.token}` } });
    assert.is(r.status, 200);
  }
  const { rows } = await f.suite.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'newsroom-api' AND state = 'active' AND query ILIKE '%FROM comments%'`,
  );
  assert.is(rows[0].n, 0, 'no export query is left running');
});

test.run();
