// Partial reads stay partial, loudly, on the real local stack: the portal's `markup` fault makes the
// second result of every search page unreadable (a date no profile reads, or a title link whose class is
// gone). The operator plans the job, a worker reads the pages through Selenium Grid, and the results
// beside the unreadable one are stored while it is reported (field, selector, what was found, its link);
// the job ends Complete with DataComplete=False and the counts, in `kubectl get`, its Events, the REST
// status and the compatibility status. A job whose second page then fails keeps the readable results of
// its first page although the job fails; a job with nothing missing says DataComplete=True.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickDays, type KeywordDay } from '../harness/corpus.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import type { TruthArticle } from '../portal/truth.js';
import { startGateway, type Gateway } from './e2e-support.js';
import { condition, Kube, operatorEnv, startOperator, waitFor, type Job, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, startPortal, startWorker, type PortalProc, type WorkerProc } from './worker-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let gw: Gateway;
let portal: PortalProc;
let worker: WorkerProc;
let dept: string;
let source: string;
let small: KeywordDay[];
let twoPages: KeywordDay;
const profiles: string[] = [];

interface Unread {
  kind: string;
  page: string;
  position: number;
  field: string;
  selector: string;
  found: string;
  expected: string;
  ref?: string | null;
}

test.before(async () => {
  try {
    suite = await isolatedSuite('partial-reads');
    kube = new Kube(suite);
    portal = await startPortal();
    small = await pickDays(portal.truth, { min_articles: 4, max_articles: 10 }, 3);
    twoPages = (await pickDays(portal.truth, { min_articles: 13, max_articles: 20 }))[0]!;
    await kube.createDepartment('desk', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 10 } });
    dept = kube.deptName('desk');
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'partial', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
      (s.article as { visit: boolean }).visit = false;
      (s.timeouts as { elementWaitSeconds: number }).elementWaitSeconds = 3;
    });
    op = startOperator(operatorEnv(suite));
    await op.port();
    await waitFor(
      'the department mirrored',
      async () => (await suite.pool.query('SELECT 1 FROM departments WHERE name = $1', [dept])).rowCount,
      30_000,
      200,
    );
    [gw, worker] = await Promise.all([startGateway(suite, [dept]), startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1' })] as const);
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await worker?.stop();
  await gw?.stop();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  for (const p of [source, ...profiles]) if (p) await deleteProfile(p);
  await portal?.stop();
  await suite?.cleanup();
});

test.before.each(async () => {
  await portal.clearFaults();
});

async function runJob(name: string, day: KeywordDay, src = source): Promise<Job> {
  const manifest = {
    apiVersion: 'collection.newsroom.dev/v1alpha1',
    kind: 'CollectionJob',
    metadata: { name, namespace: suite.namespace },
    spec: { type: 'Metadata', source: src, method: 'search', keywords: [day.query], dateRange: { from: day.date, to: day.date } },
  };
  await kubectl(['apply', '-f', '-'], stringify(manifest));
  return waitFor(
    `job ${name} to finish`,
    async () => {
      const j = await kube.getJob(name);
      return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True' ? j : undefined;
    },
    120_000,
    500,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${op.output().slice(-2000)}\n${worker.output().slice(-2000)}`);
  });
}

async function stored(name: string): Promise<Set<string>> {
  const r = await suite.pool.query<{ link: string }>(
    `SELECT coalesce(a.portal_url, a.original_url) AS link FROM articles a JOIN job_articles ja ON ja.article_id = a.id
       JOIN jobs j ON j.uid = ja.job_uid WHERE j.namespace = $1 AND j.name = $2`,
    [suite.namespace, name],
  );
  return new Set(r.rows.map((x) => x.link));
}

async function tasks(
  name: string,
): Promise<{ state: string; results_shown: number; results_unread: number; unread: Unread[] | null; last_error: string | null }[]> {
  const r = await suite.pool.query(
    `SELECT t.state, t.results_shown, t.results_unread, t.unread, t.last_error FROM tasks t JOIN jobs j ON j.uid = t.job_uid
      WHERE j.namespace = $1 AND j.name = $2`,
    [suite.namespace, name],
  );
  return r.rows as never;
}

const linkOf = (a: TruthArticle): string => (a.portal ? a.portal_link! : canonicalUrl(a.originallink));
const truthOf = async (day: KeywordDay): Promise<TruthArticle[]> =>
  (await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`)).articles;

test('a result whose date does not read is reported, the results beside it stored, the job Complete with DataComplete=False', async () => {
  const day = small[0]!;
  await portal.fault({ path: '^/search', action: 'markup', variant: 'unreadable-date' });
  const job = await runJob('partial-date', day);
  const truth = await truthOf(day);
  assert.is(condition(job, 'Complete')?.status, 'True', JSON.stringify(job.status));
  const dc = condition(job, 'DataComplete');
  assert.is(dc?.status, 'False');
  assert.is(dc?.reason, 'ItemsNotRead');
  assert.is(dc?.message, `1 of ${truth.length} search results could not be read`);
  assert.match(job.status!.message!, /^1 of 1 tasks succeeded; data incomplete: 1 of \d+ search results could not be read$/);

  // Stored: every result but the unreadable one, which is reported with what was found and its link.
  const [t] = await tasks('partial-date');
  assert.is(t!.state, 'succeeded');
  assert.equal([t!.results_shown, t!.results_unread], [truth.length, 1]);
  const u = t!.unread![0]!;
  // The result's date candidates (a print position such as "A12면 1단" may sit among them).
  assert.equal([u.kind, u.position, u.field, u.selector], ['search-result', 2, 'date', 'the text of div.info_group span.info']);
  assert.match(u.found, /"날짜 미상"$/);
  assert.match(u.expected, /a relative date such as "3시간 전"/);
  const got = await stored('partial-date');
  const want = new Set(truth.map(linkOf));
  const ref = u.ref ?? '';
  assert.ok(want.has(ref) || want.has(canonicalUrl(ref)), `the unread result links to an article of the truth: ${ref}`);
  assert.is(got.size, truth.length - 1);
  for (const link of got) assert.ok(want.has(link), `stored ${link} is in the truth`);
  assert.not.ok(got.has(ref) || got.has(canonicalUrl(ref)), 'the unreadable result is not stored with an invented date');

  // kubectl get: the printer column; describe: the condition and a Warning Event.
  const table = (await kubectl(['get', 'coljob', 'partial-date', '-n', suite.namespace])).stdout;
  const [head, row] = table.trim().split('\n');
  const col = head!.split(/\s{2,}/).indexOf('DATACOMPLETE');
  assert.ok(col >= 0, table);
  assert.is(row!.split(/\s{2,}/)[col], 'False', table);
  const events = await waitFor('the DataIncomplete event', async () => {
    const list = (await kube.events()).filter((e) => e.involvedObject.name === 'partial-date' && e.reason === 'DataIncomplete');
    return list.length ? list : undefined;
  });
  assert.is(events[0]!.message, dc!.message);

  // The REST status and the compatibility status: COMPLETED, but never a plain success.
  const v1 = await waitFor('the gateway to show the condition', async () => {
    const r = await gw.call<{
      status: { conditions?: { type: string; status: string }[] };
      summary: { data_complete: boolean | null; data_shortfall: string | null; status: string };
    }>(dept, `/v1/jobs/partial-date`);
    return r.status === 200 && r.body.summary.data_complete !== null ? r.body : undefined;
  });
  assert.is(v1.summary.status, 'COMPLETED');
  assert.is(v1.summary.data_complete, false);
  assert.is(v1.summary.data_shortfall, dc!.message);
  assert.ok(v1.status.conditions?.some((c) => c.type === 'DataComplete' && c.status === 'False'));
});

test('a result whose title link lost its class: the same, the field named title', async () => {
  const day = small[1]!;
  await portal.fault({ path: '^/search', action: 'markup', variant: 'unreadable-title' });
  const job = await runJob('partial-title', day);
  const truth = await truthOf(day);
  assert.is(condition(job, 'Complete')?.status, 'True');
  assert.is(condition(job, 'DataComplete')?.message, `1 of ${truth.length} search results could not be read`);
  const [t] = await tasks('partial-title');
  assert.equal(
    t!.unread!.map((u) => [u.field, u.selector, u.found]),
    [['title', 'attribute title or the text of a.news_tit', 'nothing']],
  );
  assert.is((await stored('partial-title')).size, truth.length - 1);
});

test('the readable results of a page are kept when a later page fails the job', async () => {
  // The second page answers 404 (permanent): the job's only task fails, and the job with it.
  await portal.fault({ path: '^/search', query: 'start=11', action: 'status', status: 404 });
  await portal.fault({ path: '^/search', action: 'markup', variant: 'unreadable-date' });
  const job = await runJob('partial-failed', twoPages);
  assert.is(condition(job, 'Failed')?.status, 'True', JSON.stringify(job.status));
  const dc = condition(job, 'DataComplete');
  assert.is(dc?.status, 'False');
  assert.is(dc?.reason, 'TasksFailed');
  assert.is(dc?.message, '1 of 1 tasks failed; 1 of 10 search results could not be read');
  const [t] = await tasks('partial-failed');
  assert.is(t!.state, 'failed');
  assert.match(t!.last_error ?? '', /HTTP 404/);
  const got = await stored('partial-failed');
  const want = new Set((await truthOf(twoPages)).map(linkOf));
  assert.is(got.size, 9, 'the nine readable results of the first page');
  for (const link of got) assert.ok(want.has(link), link);
});

test('article pages that no longer read fail the task, and the results of their search page are kept', async () => {
  const day = (await pickDays(portal.truth, { min_articles: 3, max_articles: 10, min_portal_articles: 2 }))[0]!;
  const visiting = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'visit', (s) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    (s.timeouts as { elementWaitSeconds: number }).elementWaitSeconds = 2;
  });
  profiles.push(visiting);
  await portal.fault({ path: '^/mnews/article/', action: 'markup' });
  const job = await runJob('partial-articles', day, visiting);
  assert.is(condition(job, 'Failed')?.status, 'True', JSON.stringify(job.status));
  assert.is(condition(job, 'DataComplete')?.reason, 'TasksFailed');
  const [t] = await tasks('partial-articles');
  assert.match(t!.last_error ?? '', /layout changed: no element matches/);
  const truth = await truthOf(day);
  assert.equal([...(await stored('partial-articles'))].sort(), truth.map(linkOf).sort(), 'every result of the page, as the search page showed it');
});

test('a job with nothing missing says DataComplete=True', async () => {
  const day = small[2]!;
  const job = await runJob('partial-none', day);
  assert.is(condition(job, 'Complete')?.status, 'True');
  assert.equal([condition(job, 'DataComplete')?.status, condition(job, 'DataComplete')?.reason], ['True', 'AllShownItemsStored']);
  assert.is((await stored('partial-none')).size, (await truthOf(day)).length);
  const [t] = await tasks('partial-none');
  assert.equal([t!.results_unread, t!.unread], [0, null]);
});

test.run();
