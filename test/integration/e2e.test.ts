// The whole pipeline on the real local stack, nothing mocked: a department's REST request (and then a
// `kubectl apply`) becomes a CollectionJob, the operator plans and publishes its tasks to RabbitMQ, two
// worker processes drive Chromium through the stack's Selenium Grid against the local news portal and
// store into PostgreSQL, and what the gateway then serves (JSON pages and CSV downloads) equals the
// portal's ground truth for the keyword-day: every article, and every comment and reply of its portal
// articles, deleted ones flagged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { isolatedSuite, kubectl, kubectlResult, type Suite } from '../harness/stack.js';
import { csvRecords, smallKeywordDays, startGateway, truth, type Gateway, type KeywordDay, type TruthArticle, type TruthComment } from './e2e-support.js';
import { Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, kstDayOf, startWorker, type WorkerProc } from './worker-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let gw: Gateway;
let workers: WorkerProc[] = [];
let dept: string;
let source: string;
let days: KeywordDay[];

test.before(async () => {
  try {
    suite = await isolatedSuite('e2e');
    kube = new Kube(suite);
    days = await smallKeywordDays();
    assert.ok(days.length >= 2, 'the portal has two small keyword-days a week old');
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 20 } });
    dept = kube.deptName('news');
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', suite.env.PORTAL_URL!, 'e2e', (s) => {
      s.rateLimit = { requestsPerMinute: 600, burst: 20 };
    });
    op = startOperator(operatorEnv(suite));
    await op.port();
    // The operator mirrors the Department into PostgreSQL, where the gateway looks up a token's department.
    await waitFor('the department mirrored', async () => (await suite.pool.query('SELECT 1 FROM departments WHERE name = $1', [dept])).rowCount, 30_000, 200);
    [gw, ...workers] = await Promise.all([
      startGateway(suite, [dept]),
      startWorker(suite, { WORKER_SLOTS: '1', WORKER_ID: `${suite.id}-w1` }),
      startWorker(suite, { WORKER_SLOTS: '1', WORKER_ID: `${suite.id}-w2` }),
    ] as const);
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await gw?.stop();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  if (source) await deleteProfile(source);
  await suite?.cleanup();
});

interface ApiArticle { id: number; title: string; publisher: string | null; published_at: string | null; portal_url: string | null; original_url: string | null }
interface ApiComment {
  article_url: string | null; comment_no: number; parent_comment_no: number | null; is_reply: boolean; author: string | null; text: string | null; written_at: string | null;
  likes: number; dislikes: number; reply_count: number; is_deleted: boolean;
}

/** Every row of a data listing, following the cursor. */
async function allRows<T>(set: 'metadata' | 'comments', job: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const q: URLSearchParams = new URLSearchParams({ job, limit: '200', sort: 'id', ...(cursor ? { cursor } : {}) });
    const r: { status: number; text: string; body: { data: T[]; next_cursor: string | null } } = await gw.call(dept, `/data/${set}?${q.toString()}`);
    assert.is(r.status, 200, r.text);
    rows.push(...r.body.data);
    cursor = r.body.next_cursor;
  } while (cursor);
  return rows;
}

async function download(set: 'metadata' | 'comments', job: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${gw.url}/data/${set}/download?job=${encodeURIComponent(job)}&format=csv`, { headers: { authorization: `Bearer ${gw.token(dept)}` } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM, for Excel');
  const [header, ...records] = csvRecords(bytes.subarray(3).toString('utf8'));
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** A CSV cell as a spreadsheet must see it: text that would start a formula gets a leading apostrophe. */
const asCsvText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const commentRow = (c: TruthComment) => [c.comment_no, c.parent_comment_no, c.is_reply, c.author, c.contents, new Date(c.written_at).toISOString(), c.likes, c.dislikes, c.reply_count, c.is_deleted];

/** What the gateway serves for the job equals the portal's ground truth of the keyword-day. */
async function checkAgainstTruth(job: string, day: KeywordDay): Promise<{ articles: number; comments: number }> {
  const t = await truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  const what = `${day.query} ${day.date}`;

  // Articles: titles, links, publisher, publication time.
  const stored = await allRows<ApiArticle>('metadata', job);
  assert.is(stored.length, t.articles.length, `${what}: articles`);
  const byLink = new Map(stored.map((a) => [a.portal_url ?? a.original_url, a]));
  for (const ta of t.articles) {
    const a = byLink.get(ta.portal ? ta.portal_link : canonicalUrl(ta.originallink));
    const label = `${ta.key} ${ta.title}`;
    assert.ok(a, `missing ${label}`);
    assert.is(a.title, ta.title, label);
    assert.is(a.publisher, ta.publisher, label);
    assert.is(a.original_url, canonicalUrl(ta.originallink), label);
    assert.is(a.portal_url, ta.portal ? ta.portal_link : null, label);
    if (ta.portal) {
      assert.is(a.published_at && new Date(a.published_at).toISOString(), new Date(ta.published_at).toISOString(), label);
    } else {
      // A publisher-only article shows only its day on a result page a week old.
      assert.is(kstDayOf(a.published_at!), kstDayOf(ta.published_at), label);
    }
  }
  const csvArticles = await download('metadata', job);
  assert.equal(csvArticles.map((r) => r.title).sort(), t.articles.map((a) => asCsvText(a.title)).sort(), 'metadata CSV titles');

  // Comments: every comment and reply of the portal articles, deleted ones flagged.
  const want = new Map<number, { url: string; row: unknown[] }>();
  for (const ta of t.articles.filter((a) => a.portal)) {
    const c = await truth<{ comments: TruthComment[] }>(`comments/${ta.oid}/${ta.aid}`);
    for (const x of c.comments) want.set(x.comment_no, { url: ta.portal_link!, row: commentRow(x) });
  }
  const got = await allRows<ApiComment>('comments', job);
  assert.is(got.length, want.size, `${what}: comments`);
  for (const c of got) {
    const w = want.get(c.comment_no);
    assert.ok(w, `comment ${c.comment_no} is not on the portal`);
    assert.is(c.article_url, w.url, `comment ${c.comment_no}`);
    assert.equal(
      [c.comment_no, c.parent_comment_no, c.is_reply, c.author ?? '', c.text ?? '', c.written_at && new Date(c.written_at).toISOString(), c.likes, c.dislikes, c.reply_count, c.is_deleted],
      w.row,
    );
  }
  const truthRows = [...want.values()].map((w) => w.row);
  assert.ok(truthRows.some((r) => r[2] === true), `${what} has replies`);
  assert.ok(truthRows.some((r) => r[9] === true), `${what} has deleted comments`);
  const csvComments = await download('comments', job);
  assert.is(csvComments.length, want.size, 'comments CSV rows');
  for (const r of csvComments) {
    const w = want.get(Number(r.comment_no));
    assert.ok(w, `CSV comment ${r.comment_no}`);
    assert.is(r.text, asCsvText(w.row[4] as string), `CSV text of ${r.comment_no}`);
    assert.is(r.is_deleted, String(w.row[9]), `CSV is_deleted of ${r.comment_no}`);
  }
  return { articles: stored.length, comments: got.length };
}

async function tasksOf(jobName: string): Promise<{ kind: string; state: string; attempts: number }[]> {
  const r = await suite.pool.query(`SELECT t.kind, t.state, t.attempts FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.namespace = $1 AND j.name = $2`, [suite.namespace, jobName]);
  return r.rows;
}

test('REST: a metadata request with comments runs to COMPLETED and its data and CSV equal the portal', async () => {
  // The predecessor's request has no source field: the job collects from the stack's `naver`
  // NewsSource, which `make up` points at the same portal. The kubectl job below names the suite's own.
  const day = days[0]!;
  const started = Date.now();
  const start = await gw.call<{ request_id: string; status: string; success: boolean; job: { name: string } }>(dept, '/collectors/metadata/start', {
    method: 'POST',
    body: JSON.stringify({ keyword: day.query, start_date: day.date, end_date: day.date, method: 'search', include_comments: true, department: dept, priority: 'high' }),
  });
  assert.is(start.status, 202, start.text);
  assert.ok(start.body.success);
  const id = start.body.request_id;
  const seen = new Set<string>();
  const final = await waitFor('the request to finish', async () => {
    const r = await gw.call<{ status: string; progress: string; total_collected: number; comments: number; tasks: Record<string, number>; message: string | null }>(dept, `/collectors/status/${id}`);
    if (r.status !== 200) return undefined;
    seen.add(r.body.status);
    return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
  }, 180_000, 1000).catch((e: Error) => {
    throw new Error(`${e.message}\n${op.output().slice(-2000)}\n${workers.map((w) => w.output().slice(-1500)).join('\n')}`);
  });
  console.log(`REST job "${day.query}" ${day.date}: ${final.status} in ${Date.now() - started} ms, statuses seen ${[...seen].join(' > ')}`);
  assert.is(final.status, 'COMPLETED', JSON.stringify(final));
  assert.is(final.progress, '100%');
  assert.is(final.tasks.failed, 0);
  const tasks = await tasksOf(start.body.job.name);
  assert.ok(tasks.some((x) => x.kind === 'metadata') && tasks.some((x) => x.kind === 'comments'), 'metadata and comments tasks');
  assert.ok(tasks.every((x) => x.state === 'succeeded'), JSON.stringify(tasks));
  const got = await checkAgainstTruth(id, day);
  assert.is(final.total_collected, got.articles);
  assert.is(final.comments, got.comments);
});

test('kubectl: the same job shape through `kubectl apply` and `kubectl wait --for=condition=Complete`', async () => {
  const day = days[1]!;
  const name = 'e2e-kubectl';
  const started = Date.now();
  const manifest = {
    apiVersion: 'collection.newsroom.dev/v1alpha1',
    kind: 'CollectionJob',
    metadata: { name, namespace: suite.namespace },
    spec: { type: 'Metadata', source, method: 'search', keywords: [day.query], dateRange: { from: day.date, to: day.date }, includeComments: true },
  };
  await kubectl(['apply', '-f', '-'], stringify(manifest));
  const wait = await kubectlResult(['wait', '--for=condition=Complete', `coljob/${name}`, '-n', suite.namespace, '--timeout=180s']);
  if (wait.code !== 0) {
    const job = await kube.getJob(name).catch(() => undefined);
    assert.unreachable(`kubectl wait: ${wait.stderr} ${JSON.stringify(job?.status)}\n${op.output().slice(-2000)}`);
  }
  assert.match(wait.stdout, new RegExp(`collectionjob.collection.newsroom.dev/${name} condition met`));
  console.log(`kubectl job "${day.query}" ${day.date}: Complete in ${Date.now() - started} ms`);
  const job = await kube.getJob(name);
  assert.is(job.status?.phase, 'Complete');
  const tasks = await tasksOf(name);
  assert.ok(tasks.every((x) => x.state === 'succeeded'), JSON.stringify(tasks));
  await checkAgainstTruth(name, day);
  // `kubectl get newsroom` shows it with the suite's objects.
  const listed = await kubectl(['get', 'coljob', name, '-n', suite.namespace, '-o', 'jsonpath={.status.phase}']);
  assert.is(listed.stdout, 'Complete');
});

test.run();
