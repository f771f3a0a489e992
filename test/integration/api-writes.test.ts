// The gateway's writes against the real kube-apiserver and PostgreSQL: starting, stopping, pausing,
// /v1/jobs, a table of bad requests (each refused with its status and nothing created), the auth
// matrix, token reload, rate limiting, and 503s when a dependency is down.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import { ANNOTATION_REQUEST_ID } from '../../lib/crd/labels.js';
import { FIELD_CODES } from '../../lib/crd/validate.js';
import { createPool } from '../../lib/db/pool.js';
import { k8s, resourceOf } from '../../lib/kube/client.js';
import { hashToken } from '../../api/domain/tokens.js';
import { apiFixture, insertJob, type ApiFixture } from './api-fixture.js';

let f: ApiFixture;
test.before(async () => {
  f = await apiFixture('api-writes');
});
test.after(async () => {
  await f?.cleanup();
});

const C = resourceOf('CollectionJob');
const json = (body: unknown) => ({ 'content-type': 'application/json', payload: JSON.stringify(body) });
const post = (url: string, body: unknown) => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});
const getJob = (namespace: string, name: string) =>
  f.objects.getNamespacedCustomObject({ group: C.group, version: C.version, plural: C.plural, namespace, name }) as Promise<{
    metadata: { uid: string; annotations: Record<string, string>; managedFields?: { manager: string }[] };
    spec: Record<string, unknown>;
  }>;
const meta = { keyword: '반도체', start_date: '2024-11-01', end_date: '2024-11-03' };

test('metadata start creates a CollectionJob in the department namespace, named from the request id', async () => {
  const res = await f.call(
    f.a.token,
    post('/collectors/metadata/start', {
      ...meta,
      method: 'API',
      min_delay: 0.5,
      max_delay: 1.5,
      max_articles: 30,
      include_comments: true,
      batch_size: 200,
      is_test: true,
    }),
  );
  assert.is(res.statusCode, 202, res.body);
  const body = res.json();
  assert.ok(body.success);
  assert.is(body.status, 'PENDING');
  assert.match(body.request_id, /^[0-9a-f-]{36}$/);
  assert.is(res.headers.location, `/collectors/status/${body.request_id}`);
  assert.ok(!Number.isNaN(Date.parse(body.queued_at)));
  const name = `meta-${body.request_id.replace(/-/g, '').slice(0, 12)}`;
  assert.is(body.job.name, name);
  const job = await getJob(f.a.namespace, name);
  assert.is(job.metadata.annotations[ANNOTATION_REQUEST_ID], body.request_id);
  assert.is(job.metadata.uid, body.job.uid);
  assert.equal(
    job.metadata.managedFields?.map((m) => m.manager),
    ['newsroom-api'],
    'the apiserver records the gateway as the writer',
  );
  assert.equal(job.spec.keywords, ['반도체']);
  assert.equal(job.spec.dateRange, { from: '2024-11-01', to: '2024-11-03' });
  assert.is(job.spec.method, 'api');
  assert.equal(job.spec.requestDelay, { minMs: 500, maxMs: 1500 });
  assert.is(job.spec.maxArticles, 30);
  assert.is(job.spec.includeComments, true);
  assert.is(job.spec.batchSize, 200);
  assert.is(job.spec.isTest, true);
  assert.is(job.spec.priority, undefined, 'no priority asked: the department default applies');
  assert.is(body.priority, 4);
  // Status is answered at once, before the operator mirrors the job.
  const status = await f.call(f.a.token, { url: `/collectors/status/${body.request_id}` });
  assert.is(status.statusCode, 200, status.body);
  assert.is(status.json().status, 'PENDING');
  const metrics = await f.app.inject({ url: '/metrics' });
  assert.match(metrics.body, new RegExp(`newsroom_api_jobs_created_total\\{department="${f.a.name}",type="Metadata"\\} 1`));
});

test('a priority above the department maximum is capped and the response says so', async () => {
  const res = await f.call(f.a.token, post('/collectors/metadata/start', { ...meta, priority: 'high' }));
  assert.is(res.statusCode, 202, res.body);
  const body = res.json();
  assert.is(body.priority, 6);
  assert.ok(body.priority_capped);
  assert.match(body.message, /above the .* maximum; the job runs at 6/);
  assert.is((await getJob(f.a.namespace, body.job.name)).spec.priority, 6);
  const ok = (await f.call(f.b.token, post('/collectors/metadata/start', { ...meta, priority: 'LOW' }))).json();
  assert.is(ok.priority, 2);
  assert.not.ok(ok.priority_capped);
  assert.is((await getJob(f.b.namespace, ok.job.name)).spec.priority, 2);
});

test('comments start: from article URLs, and from a metadata request id', async () => {
  const urls = await f.call(
    f.a.token,
    post('/collectors/comments/start', { article_urls: ['https://n.news.naver.com/mnews/article/001/0014000001'], priority: 3 }),
  );
  assert.is(urls.statusCode, 202, urls.body);
  const job = await getJob(f.a.namespace, urls.json().job.name);
  assert.equal(job.spec.articles, { urls: ['https://n.news.naver.com/mnews/article/001/0014000001'] });
  assert.match(urls.json().job.name, /^cmts-/);
  const m = (await f.call(f.a.token, post('/collectors/metadata/start', meta))).json();
  const from = await f.call(f.a.token, post('/collectors/comments/start', { request_id: m.request_id }));
  assert.is(from.statusCode, 202, from.body);
  assert.equal((await getJob(f.a.namespace, from.json().job.name)).spec.articles, { fromJob: m.job.name });
  const query = await f.call(
    f.a.token,
    post('/collectors/comments/start', { keyword: '금리', start_date: '2024-10-01', end_date: '2024-10-31', publishers: ['연합뉴스'] }),
  );
  assert.is(query.statusCode, 202, query.body);
  assert.equal((await getJob(f.a.namespace, query.json().job.name)).spec.articles, {
    query: { keywords: ['금리'], dateRange: { from: '2024-10-01', to: '2024-10-31' }, publishers: ['연합뉴스'] },
  });
});

test('an admin starts a job for a named department', async () => {
  const res = await f.call(f.admin, post('/collectors/metadata/start', { ...meta, department: f.b.name }));
  assert.is(res.statusCode, 202, res.body);
  assert.is(res.json().job.namespace, f.b.namespace);
  await getJob(f.b.namespace, res.json().job.name);
});

test('stop by request id suspends the job; another department gets 404 and changes nothing', async () => {
  const started = (await f.call(f.a.token, post('/collectors/metadata/start', meta))).json();
  const other = await f.call(f.b.token, post('/collectors/metadata/stop', { request_id: started.request_id }));
  assert.is(other.statusCode, 404, other.body);
  assert.is((await getJob(f.a.namespace, started.job.name)).spec.suspend, false);
  const wrongType = await f.call(f.a.token, post('/collectors/comments/stop', { request_id: started.request_id }));
  assert.is(wrongType.statusCode, 404, wrongType.body);
  const res = await f.call(f.a.token, post('/collectors/metadata/stop', { request_id: started.request_id }));
  assert.is(res.statusCode, 202, res.body);
  assert.equal(res.json().request_ids, [started.request_id]);
  assert.is((await getJob(f.a.namespace, started.job.name)).spec.suspend, true);
});

test('stop without a request id suspends every running job of that type of the department', async () => {
  const one = (await f.call(f.b.token, post('/collectors/metadata/start', meta))).json();
  const two = (await f.call(f.b.token, post('/collectors/metadata/start', meta))).json();
  const done = (await f.call(f.b.token, post('/collectors/metadata/start', meta))).json();
  const cmts = (await f.call(f.b.token, post('/collectors/comments/start', { article_urls: ['https://example.com/a'] }))).json();
  // The operator's mirror of these jobs.
  await insertJob(f.suite.pool, {
    uid: one.job.uid,
    namespace: f.b.namespace,
    name: one.job.name,
    department: f.b.name,
    request_id: one.request_id,
    phase: 'Running',
  });
  await insertJob(f.suite.pool, {
    uid: two.job.uid,
    namespace: f.b.namespace,
    name: two.job.name,
    department: f.b.name,
    request_id: two.request_id,
    phase: 'Admitted',
  });
  await insertJob(f.suite.pool, {
    uid: done.job.uid,
    namespace: f.b.namespace,
    name: done.job.name,
    department: f.b.name,
    request_id: done.request_id,
    phase: 'Complete',
  });
  await insertJob(f.suite.pool, {
    uid: cmts.job.uid,
    namespace: f.b.namespace,
    name: cmts.job.name,
    department: f.b.name,
    request_id: cmts.request_id,
    type: 'Comments',
    phase: 'Running',
  });
  const res = await f.call(f.b.token, { method: 'POST', url: '/collectors/metadata/stop' });
  assert.is(res.statusCode, 202, res.body);
  // Every unfinished metadata job of the department (earlier tests' Pending ones too), no finished or comments job.
  const stopped: string[] = res.json().request_ids;
  assert.ok(stopped.includes(one.request_id) && stopped.includes(two.request_id), JSON.stringify(stopped));
  assert.not.ok(stopped.includes(done.request_id) || stopped.includes(cmts.request_id), JSON.stringify(stopped));
  assert.is((await getJob(f.b.namespace, one.job.name)).spec.suspend, true);
  assert.is((await getJob(f.b.namespace, two.job.name)).spec.suspend, true);
  assert.is((await getJob(f.b.namespace, done.job.name)).spec.suspend, false);
  assert.is((await getJob(f.b.namespace, cmts.job.name)).spec.suspend, false);
  const comments = await f.call(f.b.token, post('/collectors/comments/stop', {}));
  assert.is(comments.statusCode, 202, comments.body);
  assert.equal(comments.json().request_ids, [cmts.request_id]);
  assert.is((await getJob(f.b.namespace, cmts.job.name)).spec.suspend, true);
});

test('pause and resume: a department its own Department, an admin the fleet', async () => {
  const D = resourceOf('Department');
  const P = resourceOf('CollectorPool');
  const dept = async () =>
    (
      (await f.objects.getClusterCustomObject({ group: D.group, version: D.version, plural: D.plural, name: f.a.name })) as {
        spec: { paused?: boolean };
      }
    ).spec.paused;
  const fleet = async () =>
    (
      (await f.objects.getNamespacedCustomObject({
        group: P.group,
        version: P.version,
        plural: P.plural,
        namespace: f.pool.namespace,
        name: f.pool.name,
      })) as { spec: { paused?: boolean } }
    ).spec.paused;
  let res = await f.call(f.a.token, { method: 'POST', url: '/collectors/pause' });
  assert.is(res.statusCode, 202, res.body);
  assert.is(res.json().scope, 'department');
  assert.is(await dept(), true);
  assert.is(await fleet(), false);
  res = await f.call(f.b.token, post('/collectors/pause', { department: f.a.name }));
  assert.is(res.statusCode, 403, res.body);
  res = await f.call(f.a.token, post('/collectors/resume', {}));
  assert.is(res.statusCode, 202, res.body);
  assert.is(await dept(), false);
  res = await f.call(f.admin, { method: 'POST', url: '/collectors/pause' });
  assert.is(res.json().scope, 'fleet');
  assert.is(await fleet(), true);
  res = await f.call(f.admin, { method: 'POST', url: '/collectors/resume' });
  assert.is(await fleet(), false);
});

test('/v1/jobs: create, read (from the mirror), suspend, resume and delete, within the department', async () => {
  const spec = { type: 'Metadata', keywords: ['환율'], dateRange: { from: '2024-11-01', to: '2024-11-02' }, priority: 9, parallelism: 2 };
  const res = await f.call(f.a.token, post('/v1/jobs', { metadata: { name: 'fx-rates' }, spec }));
  assert.is(res.statusCode, 201, res.body);
  assert.is(res.headers.location, '/v1/jobs/fx-rates');
  assert.match(String(res.headers.warning), /runs at 6/);
  const created = await getJob(f.a.namespace, 'fx-rates');
  assert.is(created.spec.priority, 6);
  assert.is(created.spec.parallelism, 2);
  const pending = await f.call(f.a.token, { url: '/v1/jobs/fx-rates' });
  assert.is(pending.statusCode, 200, 'answered before the operator mirrors it');
  assert.is(pending.json().summary.status, 'PENDING');
  await insertJob(f.suite.pool, {
    uid: created.metadata.uid,
    namespace: f.a.namespace,
    name: 'fx-rates',
    department: f.a.name,
    request_id: res.json().metadata.annotations[ANNOTATION_REQUEST_ID],
    phase: 'Running',
  });
  const got = await f.call(f.a.token, { url: '/v1/jobs/fx-rates' });
  assert.is(got.statusCode, 200, got.body);
  assert.is(got.json().kind, 'CollectionJob');
  assert.is(got.json().metadata.uid, created.metadata.uid);
  assert.is(got.json().summary.status, 'IN_PROGRESS');
  assert.is((await f.call(f.b.token, { url: '/v1/jobs/fx-rates' })).statusCode, 404);
  const list = await f.call(f.a.token, { url: '/v1/jobs?type=Metadata' });
  assert.ok(list.json().items.some((j: { metadata: { name: string } }) => j.metadata.name === 'fx-rates'));
  assert.is((await f.call(f.b.token, { method: 'POST', url: '/v1/jobs/fx-rates/suspend' })).statusCode, 404);
  assert.is((await f.call(f.a.token, { method: 'POST', url: '/v1/jobs/fx-rates/suspend' })).statusCode, 202);
  assert.is((await getJob(f.a.namespace, 'fx-rates')).spec.suspend, true);
  assert.is((await f.call(f.a.token, { method: 'POST', url: '/v1/jobs/fx-rates/resume' })).statusCode, 202);
  assert.is((await getJob(f.a.namespace, 'fx-rates')).spec.suspend, false);
  assert.is((await f.call(f.b.token, { method: 'DELETE', url: '/v1/jobs/fx-rates' })).statusCode, 404);
  assert.is((await f.call(f.a.token, post('/v1/jobs', { metadata: { name: 'fx-rates' }, spec }))).statusCode, 409);
  const del = await f.call(f.a.token, { method: 'DELETE', url: '/v1/jobs/fx-rates' });
  assert.is(del.statusCode, 202, del.body);
  const gone = await getJob(f.a.namespace, 'fx-rates').then(
    (j) => (j as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp !== undefined,
    () => true,
  );
  assert.ok(gone, 'deleted (or being deleted)');
});

// ---- bad requests: each refused with its status code, and nothing created anywhere ----
const long = 'x'.repeat(101);
const manyUrls = Array.from({ length: 1001 }, (_, i) => `https://n.news.naver.com/article/001/${i}`);
type Who = 'a' | 'b' | 'admin' | 'none' | 'bogus';
type Case = [name: string, who: Who, url: string, body: unknown, status: number, field?: string, headers?: Record<string, string>];
const M = '/collectors/metadata/start';
const K = '/collectors/comments/start';
const V = '/v1/jobs';
const okSpec = { type: 'Metadata', keywords: ['x'], dateRange: { from: '2024-01-01', to: '2024-01-02' } };
const badCases: Case[] = [
  ['no token', 'none', M, meta, 401],
  ['an unknown token', 'bogus', M, meta, 401],
  ['an unknown field', 'a', M, { ...meta, colour: 'red' }, 400, 'colour'],
  ['an impossible date (2024-02-30)', 'a', M, { ...meta, start_date: '2024-02-30' }, 400, 'start_date'],
  ['a date written another way', 'a', M, { ...meta, start_date: '2024/11/01' }, 400, 'start_date'],
  ['a date with a time', 'a', M, { ...meta, end_date: '2024-11-03T00:00:00Z' }, 400, 'end_date'],
  ['end before start', 'a', M, { ...meta, start_date: '2024-11-05' }, 400, 'end_date'],
  ['a range over a year', 'a', M, { ...meta, start_date: '2023-01-01', end_date: '2024-01-02' }, 400, 'end_date'],
  ['no start date', 'a', M, { keyword: 'x', end_date: '2024-11-03' }, 400, 'start_date'],
  ['an empty keyword', 'a', M, { ...meta, keyword: '' }, 400, 'keyword'],
  ['a keyword of spaces', 'a', M, { ...meta, keyword: '   ' }, 400, 'keyword'],
  ['an over-long keyword', 'a', M, { ...meta, keyword: long }, 400, 'keyword'],
  [
    'too many keywords',
    'a',
    M,
    { start_date: meta.start_date, end_date: meta.end_date, keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) },
    400,
    'keywords',
  ],
  ['an empty keyword list', 'a', M, { start_date: meta.start_date, end_date: meta.end_date, keywords: [] }, 400, 'keywords'],
  ['a repeated keyword', 'a', M, { start_date: meta.start_date, end_date: meta.end_date, keywords: ['a', 'a'] }, 400, 'keywords'],
  ['keyword and keywords together', 'a', M, { ...meta, keywords: ['b'] }, 400, 'keyword'],
  ['no keyword', 'a', M, { start_date: meta.start_date, end_date: meta.end_date }, 400, 'keyword'],
  ['a keyword that is a number', 'a', M, { ...meta, keyword: 5 }, 400, 'keyword'],
  ['an unknown method', 'a', M, { ...meta, method: 'scrape' }, 400, 'method'],
  ['priority 0', 'a', M, { ...meta, priority: 0 }, 400, 'priority'],
  ['priority 10', 'a', M, { ...meta, priority: 10 }, 400, 'priority'],
  ['priority as an unknown word', 'a', M, { ...meta, priority: 'urgent' }, 400, 'priority'],
  ['a fractional priority', 'a', M, { ...meta, priority: 2.5 }, 400, 'priority'],
  ['max_articles 0', 'a', M, { ...meta, max_articles: 0 }, 400, 'max_articles'],
  ['max_articles as text', 'a', M, { ...meta, max_articles: '10' }, 400, 'max_articles'],
  ['min_delay above max_delay', 'a', M, { ...meta, min_delay: 5, max_delay: 1 }, 400, 'min_delay'],
  ['a negative delay', 'a', M, { ...meta, min_delay: -1 }, 400, 'min_delay'],
  ['batch_size 0', 'a', M, { ...meta, batch_size: 0 }, 400, 'batch_size'],
  ['include_comments as text', 'a', M, { ...meta, include_comments: 'yes' }, 400, 'include_comments'],
  ['another department in the body', 'a', M, { ...meta, department: 'politics-elsewhere' }, 403],
  ['the other suite department in the body', 'b', M, { ...meta, department: '__A__' }, 403],
  ['an admin without a department', 'admin', M, meta, 400, 'department'],
  ['an admin naming a department that does not exist', 'admin', M, { ...meta, department: 'no-such-department-here' }, 400, 'department'],
  ['a body over 64 KiB', 'a', M, { ...meta, keyword: 'x', padding: 'y'.repeat(70 * 1024) }, 413],
  ['text/plain', 'a', M, JSON.stringify(meta), 415, undefined, { 'content-type': 'text/plain' }],
  ['a form', 'a', M, 'keyword=x', 415, undefined, { 'content-type': 'application/x-www-form-urlencoded' }],
  ['malformed JSON', 'a', M, '{"keyword": ', 400, undefined, { 'content-type': 'application/json' }],
  ['a JSON array', 'a', M, [meta], 400],
  ['comments: nothing to collect from', 'a', K, { priority: 3 }, 400, 'article_urls'],
  ['comments: a javascript: URL', 'a', K, { article_urls: ['javascript:alert(1)'] }, 400, 'article_urls.0'],
  ['comments: an ftp URL', 'a', K, { article_urls: ['ftp://example.com/x'] }, 400, 'article_urls.0'],
  ['comments: more than 1000 URLs', 'a', K, { article_urls: manyUrls }, 400, 'article_urls'],
  ['comments: URLs and a request id together', 'a', K, { article_urls: ['https://a.example/1'], request_id: 'abc' }, 400, 'article_urls'],
  ['comments: a keyword query without end_date', 'a', K, { keyword: 'x', start_date: '2024-01-01' }, 400, 'end_date'],
  ['comments: a keyword query ending before it starts', 'a', K, { keyword: 'x', start_date: '2024-02-01', end_date: '2024-01-01' }, 400, 'end_date'],
  ['comments: a request id with a path in it', 'a', K, { request_id: '../etc' }, 400, 'request_id'],
  ['comments: an unknown field', 'a', K, { article_urls: ['https://a.example/1'], urls: [] }, 400, 'urls'],
  ['v1: a spec field the CRD does not know', 'a', V, { spec: { ...okSpec, colour: 'red' } }, 400, 'spec.colour'],
  ['v1: a spec without type', 'a', V, { spec: { keywords: ['x'] } }, 400, 'spec.type'],
  ['v1: a Metadata spec with articles', 'a', V, { spec: { ...okSpec, articles: { urls: ['https://a.example/1'] } } }, 400, 'spec'],
  ['v1: parallelism 0', 'a', V, { spec: { ...okSpec, parallelism: 0 } }, 400, 'spec.parallelism'],
  [
    'v1: an impossible day in the spec',
    'a',
    V,
    { spec: { ...okSpec, dateRange: { from: '2023-02-29', to: '2023-03-01' } } },
    400,
    'spec.dateRange.from',
  ],
  ['v1: a name Kubernetes refuses', 'a', V, { metadata: { name: 'Bad_Name' }, spec: okSpec }, 400, 'metadata.name'],
  ['v1: another department', 'a', V, { department: '__B__', spec: okSpec }, 403],
  ['stop: an unknown field', 'a', '/collectors/metadata/stop', { request_id: 'x', all: true }, 400, 'all'],
];

test(`${badCases.length} bad requests are refused with their status code, a problem body, and nothing is created`, async () => {
  assert.ok(badCases.length >= 40);
  const tokenOf = (who: Who) =>
    who === 'a' ? f.a.token : who === 'b' ? f.b.token : who === 'admin' ? f.admin : who === 'bogus' ? 'not-a-token' : null;
  const before = (await f.jobsInCluster()).length;
  const rowsBefore = (await f.suite.pool.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n;
  const failures: string[] = [];
  for (const [name, who, url, rawBody, status, field, headers] of badCases) {
    const body = JSON.parse(JSON.stringify(rawBody).replace('__A__', f.a.name).replace('__B__', f.b.name)) as unknown;
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await f.call(tokenOf(who), { method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });
    const problem = (() => {
      try {
        return res.json();
      } catch {
        return null;
      }
    })();
    if (res.statusCode !== status) failures.push(`${name}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
    else if (
      !String(res.headers['content-type']).startsWith('application/problem+json') ||
      problem?.status !== status ||
      problem?.success !== false ||
      typeof problem?.detail !== 'string'
    )
      failures.push(`${name}: not a problem body: ${res.body.slice(0, 200)}`);
    else if (field && !(problem.errors ?? []).some((e: { field: string }) => e.field === field))
      failures.push(`${name}: no error for ${field}: ${JSON.stringify(problem.errors)}`);
    else if ((problem.errors ?? []).some((e: { code?: string }) => !(FIELD_CODES as readonly (string | undefined)[]).includes(e.code)))
      failures.push(`${name}: a field error without a known code: ${JSON.stringify(problem.errors)}`);
    else if (/\bat .*\.js:\d+|SELECT |INSERT /.test(res.body)) failures.push(`${name}: internals leaked: ${res.body}`);
    const now = (await f.jobsInCluster()).length;
    if (now !== before) failures.push(`${name}: a CollectionJob was created`);
  }
  assert.is((await f.suite.pool.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n, rowsBefore, 'no row was written');
  assert.equal(failures, []);
});

test('every field error of a bad request is listed at once', async () => {
  const res = await f.call(f.a.token, post(M, { keyword: '', start_date: '2024-02-30', end_date: 'soon', priority: 11, bogus: 1 }));
  assert.is(res.statusCode, 400);
  const fields = res
    .json()
    .errors.map((e: { field: string }) => e.field)
    .sort();
  assert.equal(fields, ['bogus', 'end_date', 'keyword', 'priority', 'start_date']);
});

test('auth matrix: no token 401, another department 403 / 404, admin sees everything', async () => {
  const ra = await insertJob(f.suite.pool, { namespace: f.a.namespace, name: 'matrix-a', department: f.a.name, request_id: 'matrix-a' });
  await insertJob(f.suite.pool, { namespace: f.b.namespace, name: 'matrix-b', department: f.b.name, request_id: 'matrix-b' });
  assert.ok(ra);
  const urls = [
    '/collectors/status',
    '/collectors/status/matrix-a',
    '/data/metadata',
    '/data/comments',
    '/logs',
    '/resources/usage',
    '/v1/jobs',
    '/data/comments/download',
  ];
  for (const url of urls) assert.is((await f.call(null, { url })).statusCode, 401, url);
  assert.is((await f.call(f.b.token, { url: '/collectors/status/matrix-a' })).statusCode, 404);
  assert.is((await f.call(f.a.token, { url: '/collectors/status/matrix-a' })).statusCode, 200);
  assert.is((await f.call(f.admin, { url: '/collectors/status/matrix-a' })).statusCode, 200);
  assert.is((await f.call(f.a.token, { url: `/collectors/status?department=${f.b.name}` })).statusCode, 403);
  assert.is((await f.call(f.a.token, { url: `/data/metadata?department=${f.b.name}` })).statusCode, 403);
  const mine = (await f.call(f.a.token, { url: '/collectors/status?limit=1000' })).json().collectors.map((c: { id: string }) => c.id);
  assert.ok(mine.includes('matrix-a'));
  assert.not.ok(mine.includes('matrix-b'));
  const all = (await f.call(f.admin, { url: '/collectors/status?limit=1000' })).json().collectors.map((c: { id: string }) => c.id);
  assert.ok(all.includes('matrix-a') && all.includes('matrix-b'));
  const onlyB = (await f.call(f.admin, { url: `/collectors/status?limit=1000&department=${f.b.name}` }))
    .json()
    .collectors.map((c: { id: string }) => c.id);
  assert.ok(onlyB.includes('matrix-b') && !onlyB.includes('matrix-a'));
});

test('the tokens file is reloaded when it changes', async () => {
  const fresh = 'fresh-token-' + Date.now();
  assert.is((await f.call(fresh, { url: '/collectors/status' })).statusCode, 401);
  f.writeTokens([{ sha256: hashToken(fresh), department: f.a.name }]);
  const deadline = Date.now() + 5000;
  let status = 0;
  while (Date.now() < deadline && status !== 200) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await f.call(fresh, { url: '/collectors/status' })).statusCode;
  }
  assert.is(status, 200);
  f.writeTokens();
});

test('rate limiting per token: the token over its limit gets 429, another token does not', async () => {
  const app = await f.build({ rateLimit: { max: 3, windowMs: 60_000 } });
  const go = (t: string) => app.inject({ url: '/collectors/status', headers: { authorization: `Bearer ${t}` } });
  for (let i = 0; i < 3; i++) assert.is((await go(f.a.token)).statusCode, 200);
  const limited = await go(f.a.token);
  assert.is(limited.statusCode, 429);
  assert.is(limited.json().status, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.is((await go(f.b.token)).statusCode, 200);
});

test('PostgreSQL unreachable: reads answer 503 with Retry-After, the gateway stays ready, /health says the database is down, nothing internal leaks', async () => {
  const dead = createPool('postgres://newsroom:newsroom@127.0.0.1:1/none', { max: 2 });
  const { databaseReadiness } = await import('../../lib/db/pool.js');
  const app = await f.build({ pool: dead, ready: databaseReadiness(dead), registry: new Registry() });
  try {
    for (const url of ['/collectors/status', '/data/metadata', '/logs', '/resources/usage', '/collectors/status/abc']) {
      const res = await app.inject({ url, headers: { authorization: `Bearer ${f.a.token}` } });
      assert.is(res.statusCode, 503, `${url}: ${res.body}`);
      assert.is(res.headers['retry-after'], '5');
      assert.is(res.json().status, 503);
      assert.not.match(res.body, /ECONNREFUSED|127\.0\.0\.1|at .*\.js/);
    }
    // The gateway stays ready (its problems say what is wrong); /health reports the database, without its address.
    assert.is((await app.inject({ url: '/readyz' })).statusCode, 200);
    assert.is((await app.inject({ url: '/healthz' })).statusCode, 200);
    const health = await app.inject({ url: '/health' });
    assert.equal([health.statusCode, health.json().database], [503, 'down']);
  } finally {
    await dead.end().catch(() => undefined);
  }
});

test('kube-apiserver unreachable: writes answer 503 and nothing is created', async () => {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'dead', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'dead', cluster: 'dead', user: 'u' }],
    currentContext: 'dead',
  });
  const app = await f.build({ kubeConfig: kc, registry: new Registry() });
  const before = (await f.jobsInCluster()).length;
  const res = await app.inject({
    method: 'POST',
    url: M,
    headers: { authorization: `Bearer ${f.a.token}`, ...json(meta) },
    payload: JSON.stringify(meta),
  });
  assert.is(res.statusCode, 503, res.body);
  assert.is(res.json().status, 503);
  const stop = await app.inject({ method: 'POST', url: '/v1/jobs/anything/suspend', headers: { authorization: `Bearer ${f.a.token}` } });
  assert.is(stop.statusCode, 503, stop.body);
  assert.is((await f.jobsInCluster()).length, before);
  // Reads do not touch the apiserver.
  assert.is((await app.inject({ url: '/collectors/status', headers: { authorization: `Bearer ${f.a.token}` } })).statusCode, 200);
});

test.run();
