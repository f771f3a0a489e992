// The worker's life cycle against the real stack: a worker killed mid-task has its task taken over and
// completed without duplicates, SIGTERM drains (finishing within the grace period or giving the task
// back), pause/resume stop and start consumption, and cancel stops a running task at the next page.
// Comments through the JSON API with slowed portal answers make tasks long enough to interrupt.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickArticles } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  finished,
  insertJob,
  insertTask,
  publisher,
  startPortal,
  startWorker,
  taskMessage,
  taskRow,
  waitJobLog,
  waitTask,
  tearDown,
  type PortalProc,
  type WorkerProc,
} from './worker-support.js';

let suite: Suite;
let portal: PortalProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;
let article: { url: string; oid: string; aid: string; total: number };
const workers: WorkerProc[] = [];

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-life');
    portal = await startPortal();
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'slow', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
      s.comments.strategy = 'api';
      s.comments.pageSize = 10;
    });
    pub = await publisher(suite);
    const [a] = await pickArticles(portal.truth, { min_comments: 150, max_comments: 400 });
    article = { url: a!.portal_link, oid: a!.oid, aid: a!.aid, total: a!.comment_count };
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers, signal: 'SIGKILL', pub, portal, profiles: [source], suite }));

test.before.each(async () => {
  await portal.clearFaults();
});

async function worker(extra: Record<string, string> = {}): Promise<WorkerProc> {
  const w = await startWorker(suite, { WORKER_SLOTS: '1', WORKER_LEASE_SECONDS: '5', WORKER_TAKEOVER_WAIT_SECONDS: '30', ...extra });
  workers.push(w);
  return w;
}

async function commentsTask(): Promise<{ job: string; id: string }> {
  const job = await insertJob(suite, { source, type: 'Comments' });
  const shard = { url: article.url };
  const id = await insertTask(suite, job, 'comments', shard);
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'comments', source, shard }));
  return { job, id };
}

const slowComments = (delayMs: number) => portal.fault({ path: '^/commentBox/', action: 'slow', delayMs });

async function storedComments(): Promise<{ n: number; distinct: number }> {
  const r = await suite.pool.query<{ n: number; distinct: number }>(
    `SELECT count(*)::int n, count(DISTINCT comment_no)::int distinct FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.oid = $1 AND a.aid = $2`,
    [article.oid, article.aid],
  );
  return r.rows[0]!;
}

test('a worker killed mid-task: the task is redelivered, taken over after its lease expired, and completed without duplicates', async () => {
  await slowComments(250);
  const a = await worker();
  const { id } = await commentsTask();
  await waitTask(suite, id, (t) => t.state === 'running' && t.pages >= 2, 60_000, a);
  a.child.kill('SIGKILL');
  await a.exit;
  const b = await worker();
  await portal.clearFaults();
  const t = await waitTask(suite, id, finished, 90_000, b);
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  assert.is(t.attempts, 2);
  assert.is(t.comments, article.total);
  assert.equal(await storedComments(), { n: article.total, distinct: article.total });
  await b.stop();
});

test('SIGTERM lets a task in flight finish within the grace period, then the worker exits 0', async () => {
  await suite.pool.query('DELETE FROM comments');
  await slowComments(100);
  const w = await worker({ WORKER_GRACE_SECONDS: '60' });
  const { id } = await commentsTask();
  await waitTask(suite, id, (t) => t.state === 'running' && t.pages >= 1, 60_000, w);
  assert.is(await w.stop('SIGTERM'), 0, w.output());
  const t = await taskRow(suite, id);
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  assert.is(t.comments, article.total);
});

test('SIGTERM with a task that outlasts the grace period gives it back to the queue; another worker completes it', async () => {
  await suite.pool.query('DELETE FROM comments');
  await slowComments(400);
  const w = await worker({ WORKER_GRACE_SECONDS: '1' });
  const { job, id } = await commentsTask();
  await waitTask(suite, id, (t) => t.state === 'running' && t.pages >= 1, 60_000, w);
  assert.is(await w.stop('SIGTERM'), 0, w.output());
  const released = await taskRow(suite, id);
  assert.equal([released.state, released.error_kind, released.lease_owner], ['queued', 'retryable', null]);
  assert.match(released.last_error ?? '', /stopped before the task finished/);
  await waitJobLog(suite, job, /was interrupted/);
  await portal.clearFaults();
  const b = await worker();
  const t = await waitTask(suite, id, finished, 60_000, b);
  assert.is(t.state, 'succeeded');
  assert.is(t.comments, article.total);
  assert.equal(await storedComments(), { n: article.total, distinct: article.total });
  await b.stop();
});

test('pause stops taking tasks, resume starts again; cancel stops a running task at the next page and keeps what it stored', async () => {
  await suite.pool.query('DELETE FROM comments');
  const w = await worker();
  await pub.control({ v: 1, action: 'pause' });
  await new Promise((r) => setTimeout(r, 1000));
  const { id } = await commentsTask();
  await new Promise((r) => setTimeout(r, 3000));
  assert.is((await taskRow(suite, id)).state, 'queued');
  assert.is((await pub.ch.checkQueue(pub.names.queue.comments)).messageCount, 1);
  await slowComments(300);
  await pub.control({ v: 1, action: 'resume' });
  const running = await waitTask(suite, id, (t) => t.state === 'running' && t.pages >= 3, 60_000, w);
  const jobUid = (await suite.pool.query<{ job_uid: string }>('SELECT job_uid FROM tasks WHERE id = $1', [id])).rows[0]!.job_uid;
  await pub.control({ v: 1, action: 'cancel', jobUid });
  const t = await waitTask(suite, id, finished, 30_000, w);
  assert.is(t.state, 'cancelled', JSON.stringify(t));
  assert.ok(t.pages >= running.pages && t.pages < Math.ceil(article.total / 10) + 50, JSON.stringify(t));
  await waitJobLog(suite, jobUid, /was stopped \(cancelled\)/);
  await w.stop();
});

test.run();
