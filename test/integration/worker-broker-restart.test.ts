// A RabbitMQ broker restart under a running worker, on a private broker node of this suite (the shared
// stack's node is used by other suites at the same time). The worker does not exit: /readyz says not
// ready while the broker is away, it reconnects, subscribes its slots again, and a task in flight
// during the restart is completed once (its redelivered copy is dropped because the task is done,
// whether it finished while the broker was away or the copy arrived while it still ran),
// with no duplicate data; a task published after the restart is consumed and completed; SIGTERM while
// it waits to reconnect exits 0 at once. No browser: comments through the portal's JSON API (slowed by
// a fault rule to span the restart) and metadata through the Search API emulation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { privateBroker, type PrivateBroker } from '../harness/broker.js';
import { pickArticles, pickDays } from '../harness/corpus.js';
import { createOpenApiSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  finished,
  insertJob,
  insertTask,
  publisher,
  startPortal,
  startWorker,
  taskMessage,
  waitTask,
  tearDown,
  type PortalProc,
  type WorkerProc,
} from './worker-support.js';

let suite: Suite;
let broker: PrivateBroker;
let portal: PortalProc;
let source: string;
let article: { url: string; oid: string; aid: string; total: number };
let day: { query: string; date: string };
const workers: WorkerProc[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before(async () => {
  suite = await isolatedSuite('worker-broker-restart');
  broker = await privateBroker('worker');
  await broker.start();
  portal = await startPortal();
  source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'restart', (s) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    s.comments.strategy = 'api';
    s.comments.pageSize = 10;
  });
  await createOpenApiSecret(suite.namespace);
  day = (await pickDays(portal.truth, { min_articles: 11 }))[0]!;
  const [a] = await pickArticles(portal.truth, { min_comments: 100, max_comments: 300 });
  article = { url: a!.portal_link, oid: a!.oid, aid: a!.aid, total: a!.comment_count };
});

test.after(() => tearDown({ workers, signal: 'SIGKILL', portal, profiles: [source], also: async () => broker?.destroy(), suite }));

/** The suite's publisher, on the private broker. */
const brokerPublisher = () => publisher({ ...suite, env: { ...suite.env, AMQP_URL: broker.amqpUrl } });

async function worker(): Promise<WorkerProc> {
  const w = await startWorker(suite, { AMQP_URL: broker.amqpUrl, WORKER_SLOTS: '1', WORKER_LEASE_SECONDS: '10' });
  workers.push(w);
  return w;
}

const lines = (w: WorkerProc, re: RegExp) =>
  w
    .output()
    .split('\n')
    .filter((l) => re.test(l));
const readyz = async (w: WorkerProc) => {
  const r = await fetch(`http://127.0.0.1:${w.port}/readyz`);
  return { status: r.status, body: await r.text() };
};
const healthz = async (w: WorkerProc) => (await fetch(`http://127.0.0.1:${w.port}/healthz`)).status;

async function until<T>(what: string, fn: () => Promise<T | false | undefined>, ms: number, w?: WorkerProc): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${w ? `\n${w.output().slice(-3000)}` : ''}`);
    await sleep(200);
  }
}

async function storedComments(): Promise<{ n: number; distinct: number }> {
  const r = await suite.pool.query<{ n: number; distinct: number }>(
    `SELECT count(*)::int n, count(DISTINCT comment_no)::int distinct FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.oid = $1 AND a.aid = $2`,
    [article.oid, article.aid],
  );
  return r.rows[0]!;
}

async function queueDepth(): Promise<{ messages: number; consumers: number }> {
  const qs = await broker.management.queues(suite.prefix + '.');
  return { messages: qs.reduce((n, q) => n + q.messagesReady + q.messagesUnacknowledged, 0), consumers: qs.reduce((n, q) => n + q.consumers, 0) };
}

for (const how of ['stopped cleanly', 'killed'] as const) {
  test(`broker ${how} and started again under a running worker: same process, the task in flight completes once, a new task is consumed`, async () => {
    await suite.pool.query('DELETE FROM comments');
    const w = await worker();
    const pid = w.child.pid;
    await until('the worker to be ready', async () => (await readyz(w)).status === 200, 30_000, w);
    let pub = await brokerPublisher();
    const job = await insertJob(suite, { source, type: 'Comments' });
    const shard = { url: article.url };
    const inflight = await insertTask(suite, job, 'comments', shard);
    // Slow enough that the task spans the broker's stop; the rule is lifted while the broker is away
    // (killed) or once the copy came back (stopped cleanly), so both ends of the task are covered.
    await portal.fault({ path: '^/commentBox/', action: 'slow', delayMs: 1500 });
    await pub.task(taskMessage({ taskId: inflight, jobUid: job, kind: 'comments', source, shard }));
    await waitTask(suite, inflight, (t) => t.state === 'running' && t.pages >= 1, 60_000, w);
    await pub.close();

    await broker.stop({ kill: how === 'killed' });
    await until('the worker to notice', async () => lines(w, /RabbitMQ connection lost/).length === 1, 15_000, w);
    const notReady = await readyz(w);
    assert.is(notReady.status, 503);
    assert.match(notReady.body, /not connected to RabbitMQ/);
    assert.is(await healthz(w), 200);
    assert.is(
      (await suite.pool.query('SELECT state FROM tasks WHERE id = $1', [inflight])).rows[0].state,
      'running',
      'the task goes on while the broker is away',
    );

    if (how === 'killed') {
      // The task finishes while the broker is away: its outcome is recorded, its message is not settled.
      await portal.clearFaults();
      const done = await waitTask(suite, inflight, finished, 120_000, w);
      assert.is(done.state, 'succeeded', JSON.stringify(done));
    }
    await broker.start();
    await until('the worker to be ready again', async () => (await readyz(w)).status === 200, 30_000, w);
    // One slot subscribed to both task queues again (the management statistics lag by a few seconds).
    await until('both task queues to have a consumer again', async () => (await queueDepth()).consumers === 2, 20_000, w);
    if (how === 'stopped cleanly') {
      // The task is still running: the broker gives the unacknowledged message back, and the copy waits
      // for the run still going on here.
      await until(
        'the copy to be redelivered',
        async () => lines(w, /redelivered while its earlier delivery is still running/).length === 1,
        30_000,
        w,
      );
      await portal.clearFaults();
    }

    const t = await waitTask(suite, inflight, finished, 120_000, w);
    assert.is(t.state, 'succeeded', JSON.stringify(t));
    assert.is(t.attempts, 1, 'claimed once: the copy was not run again');
    assert.is(t.comments, article.total);
    assert.equal(await storedComments(), { n: article.total, distinct: article.total });
    await until(
      'the copy dropped as already succeeded',
      async () => lines(w, /dropping task message/).some((l) => /already succeeded/.test(l)),
      30_000,
      w,
    );
    assert.ok(lines(w, /not settling a delivery of a lost channel/).length >= 1, 'the first delivery was not settled on the new channel');

    pub = await brokerPublisher();
    const metaJob = await insertJob(suite, { source, method: 'api' });
    const metaShard = { keyword: day.query, day: day.date, method: 'api' as const };
    const fresh = await insertTask(suite, metaJob, 'metadata', metaShard);
    await pub.task(taskMessage({ taskId: fresh, jobUid: metaJob, kind: 'metadata', source, shard: metaShard }));
    await pub.close();
    const f = await waitTask(suite, fresh, finished, 60_000, w);
    assert.is(f.state, 'succeeded', JSON.stringify(f));
    assert.ok(f.articles > 0);
    await until('the queues to be empty (every delivery settled)', async () => (await queueDepth()).messages === 0, 15_000, w);

    assert.is(w.child.pid, pid);
    assert.is(w.child.exitCode, null, 'the worker is still running');
    assert.is(lines(w, /RabbitMQ connection lost/).length, 1);
    assert.is(lines(w, /RabbitMQ connection is back/).length, 1);
    assert.is(await w.stop('SIGTERM'), 0, w.output().slice(-3000));
  });
}

test('SIGTERM while the worker waits to reconnect: it exits 0 promptly', async () => {
  const w = await worker();
  await until('the worker to be ready', async () => (await readyz(w)).status === 200, 30_000, w);
  await broker.stop();
  await until('the worker to notice', async () => lines(w, /RabbitMQ connection lost/).length === 1, 15_000, w);
  await sleep(3000); // a few reconnect attempts: the wait between them has grown
  const t0 = Date.now();
  const code = await w.stop('SIGTERM', 15_000);
  const ms = Date.now() - t0;
  assert.is(code, 0, w.output().slice(-3000));
  assert.ok(ms < 5000, `exited ${ms} ms after SIGTERM`);
  console.log(`worker: exit ${ms} ms after SIGTERM while waiting to reconnect`);
});

test.run();
