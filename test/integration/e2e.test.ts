// The whole pipeline on the real local stack, nothing mocked: a department's REST request (and then a
// `kubectl apply`) becomes a CollectionJob, the operator plans and publishes its tasks to RabbitMQ, two
// worker processes drive Chromium through the stack's Selenium Grid against the local news portal and
// store into PostgreSQL, and what the gateway then serves (JSON pages and CSV downloads) equals the
// portal's ground truth for the keyword-day: every article, and every comment and reply of its portal
// articles, deleted ones flagged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { isolatedSuite, kubectl, kubectlResult, type Suite } from '../harness/stack.js';
import { smallKeywordDays, startGateway, type Gateway, type KeywordDay } from './e2e-support.js';
import { checkAgainstTruth } from './e2e-truth.js';
import { Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, startWorker, type WorkerProc } from './worker-support.js';

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
    await waitFor(
      'the department mirrored',
      async () => (await suite.pool.query('SELECT 1 FROM departments WHERE name = $1', [dept])).rowCount,
      30_000,
      200,
    );
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

async function tasksOf(jobName: string): Promise<{ kind: string; state: string; attempts: number }[]> {
  const r = await suite.pool.query(
    `SELECT t.kind, t.state, t.attempts FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.namespace = $1 AND j.name = $2`,
    [suite.namespace, jobName],
  );
  return r.rows;
}

test('REST: a metadata request with comments runs to COMPLETED and its data and CSV equal the portal', async () => {
  // The predecessor's request has no source field: the job collects from the stack's `naver`
  // NewsSource, which `make up` points at the same portal. The kubectl job below names the suite's own.
  const day = days[0]!;
  const started = Date.now();
  const start = await gw.call<{ request_id: string; status: string; success: boolean; job: { name: string } }>(dept, '/collectors/metadata/start', {
    method: 'POST',
    body: JSON.stringify({
      keyword: day.query,
      start_date: day.date,
      end_date: day.date,
      method: 'search',
      include_comments: true,
      department: dept,
      priority: 'high',
    }),
  });
  assert.is(start.status, 202, start.text);
  assert.ok(start.body.success);
  const id = start.body.request_id;
  const seen = new Set<string>();
  const final = await waitFor(
    'the request to finish',
    async () => {
      const r = await gw.call<{
        status: string;
        progress: string;
        total_collected: number;
        comments: number;
        tasks: Record<string, number>;
        message: string | null;
      }>(dept, `/collectors/status/${id}`);
      if (r.status !== 200) return undefined;
      seen.add(r.body.status);
      return ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
    },
    180_000,
    1000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${op.output().slice(-2000)}\n${workers.map((w) => w.output().slice(-1500)).join('\n')}`);
  });
  console.log(`REST job "${day.query}" ${day.date}: ${final.status} in ${Date.now() - started} ms, statuses seen ${[...seen].join(' > ')}`);
  assert.is(final.status, 'COMPLETED', JSON.stringify(final));
  assert.is(final.progress, '100%');
  assert.is(final.tasks.failed, 0);
  const tasks = await tasksOf(start.body.job.name);
  assert.ok(tasks.some((x) => x.kind === 'metadata') && tasks.some((x) => x.kind === 'comments'), 'metadata and comments tasks');
  assert.ok(
    tasks.every((x) => x.state === 'succeeded'),
    JSON.stringify(tasks),
  );
  const got = await checkAgainstTruth(gw, dept, id, day);
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
  assert.ok(
    tasks.every((x) => x.state === 'succeeded'),
    JSON.stringify(tasks),
  );
  await checkAgainstTruth(gw, dept, name, day);
  // `kubectl get newsroom` shows it with the suite's objects.
  const listed = await kubectl(['get', 'coljob', name, '-n', suite.namespace, '-o', 'jsonpath={.status.phase}']);
  assert.is(listed.stdout, 'Complete');
});

test.run();
