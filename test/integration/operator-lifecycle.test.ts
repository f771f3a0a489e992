// The operator's timed and held paths against the real apiserver, PostgreSQL and RabbitMQ:
// ttlSecondsAfterFinished deletes a finished job (its data stays), activeDeadlineSeconds fails a job
// with DeadlineExceeded and stops its tasks, a paused Department holds admission until it resumes, a
// Comments job reading a still-running job picks up the articles that keep arriving, and a Comments
// query plans one task per matching stored article.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  condition,
  controlListener,
  Kube,
  operatorEnv,
  startOperator,
  taskStates,
  waitFor,
  worker,
  type OperatorProcess,
} from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let control: Awaited<ReturnType<typeof controlListener>>;

test.before(async () => {
  suite = await isolatedSuite('operator-lifecycle');
  kube = new Kube(suite);
  await kube.createDepartment('main', { namespaces: [suite.namespace], defaultPriority: 5, quota: { inFlightTasks: 50 } });
  op = startOperator(operatorEnv(suite));
  await op.port();
  control = await controlListener(suite.env.AMQP_URL, topologyNames(suite.prefix).controlExchange);
});

test.after(async () => {
  await control?.close();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  await suite?.cleanup();
});

const url = (n: number) => `https://n.news.naver.com/mnews/article/001/${String(n).padStart(10, '0')}`;
const gone = async (name: string) => {
  try {
    await kube.getJob(name);
    return false;
  } catch (e) {
    return (e as { status?: number }).status === 404;
  }
};
const taskIds = async (uid: string, state?: string) =>
  (
    await suite.pool.query(`SELECT id FROM tasks WHERE job_uid=$1 AND ($2::text IS NULL OR state=$2) ORDER BY shard_key`, [uid, state ?? null])
  ).rows.map((r) => r.id as string);

/** Articles stored for a job, as a worker's metadata task would store them. */
async function storeArticles(
  jobUid: string,
  taskId: string | null,
  rows: { n: number; keyword?: string; publisher?: string; published?: string }[],
): Promise<void> {
  for (const r of rows) {
    const oid = '001';
    const aid = String(r.n).padStart(10, '0');
    const a = await suite.pool.query(
      `INSERT INTO articles (source, identity, oid, aid, portal_url, title, publisher, published_at) VALUES ('naver', $1, $2, $3, $4, 't', $5, $6) RETURNING id`,
      [`${oid}/${aid}`, oid, aid, url(r.n), r.publisher ?? null, r.published ?? null],
    );
    await suite.pool.query(`INSERT INTO job_articles (job_uid, article_id, keyword, task_id) VALUES ($1, $2, $3, $4)`, [
      jobUid,
      a.rows[0].id,
      r.keyword ?? '',
      taskId,
    ]);
  }
}

test('ttlSecondsAfterFinished: a finished job is deleted after its TTL; the jobs row and the data stay', async () => {
  const job = await kube.createJob('short-lived', { type: 'Comments', articles: { urls: [url(1)] }, ttlSecondsAfterFinished: 1 });
  const uid = job.metadata.uid;
  await waitFor('queued', async () => (await taskStates(suite, uid)).queued === 1);
  const [id] = await taskIds(uid);
  await worker.claim(suite, id!);
  const finished = Date.now();
  await worker.succeed(suite, id!, 0, 7);
  await waitFor('the object is deleted', () => gone('short-lived'), 20_000);
  assert.ok(Date.now() - finished >= 1000, 'not deleted before its TTL');
  const row = (await suite.pool.query(`SELECT phase, comments, deleted_at FROM jobs WHERE uid=$1`, [uid])).rows[0];
  assert.is(row.phase, 'Complete');
  assert.is(Number(row.comments), 7);
  assert.ok(row.deleted_at instanceof Date, 'the row is kept, marked deleted');
  assert.equal(await taskStates(suite, uid), { succeeded: 1 });
});

test('activeDeadlineSeconds: the job fails with DeadlineExceeded, pending tasks are cancelled, running ones told to stop', async () => {
  const job = await kube.createJob('slowpoke', {
    type: 'Metadata',
    keywords: ['d'],
    dateRange: { from: '2024-12-01', to: '2024-12-03' },
    parallelism: 1,
    activeDeadlineSeconds: 2,
  });
  const uid = job.metadata.uid;
  await waitFor('1 queued', async () => (await taskStates(suite, uid)).queued === 1);
  const [running] = await taskIds(uid, 'queued');
  await worker.claim(suite, running!);
  const j = await waitFor(
    'Failed',
    async () => {
      const x = await kube.getJob('slowpoke');
      return x.status?.phase === 'Failed' ? x : undefined;
    },
    20_000,
  );
  assert.is(condition(j, 'Failed')?.reason, 'DeadlineExceeded');
  assert.is(condition(j, 'Failed')?.status, 'True');
  const cancel = await waitFor('a cancel broadcast naming the running task', async () =>
    control.messages.find((m) => m.action === 'cancel' && m.jobUid === uid),
  );
  assert.equal(cancel.taskIds, [running]);
  assert.equal(await taskStates(suite, uid), { cancelled: 2, running: 1 });
  await waitFor('a DeadlineExceeded event', async () =>
    (await kube.events()).some((e) => e.involvedObject.name === 'slowpoke' && e.reason === 'DeadlineExceeded'),
  );
});

test('a paused Department holds admission; resuming it publishes', async () => {
  await kube.patchDepartment('main', { paused: true });
  try {
    const job = await kube.createJob('held', { type: 'Comments', articles: { urls: [url(2), url(3)] } });
    const uid = job.metadata.uid;
    const j = await waitFor('the held message', async () => {
      const x = await kube.getJob('held');
      return /paused/.test(x.status?.message ?? '') ? x : undefined;
    });
    assert.is(condition(j, 'Admitted')?.status, 'True', 'admitted, but held');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await taskStates(suite, uid), { pending: 2 }, 'nothing is published while the department is paused');
    await kube.patchDepartment('main', { paused: false });
    await waitFor('2 queued after resume', async () => (await taskStates(suite, uid)).queued === 2);
  } finally {
    await kube.patchDepartment('main', { paused: false });
  }
});

test('fromJob: a Comments job follows a running source job, picking up its new articles, and completes after it', async () => {
  const src = await kube.createJob('source', { type: 'Metadata', keywords: ['s'], dateRange: { from: '2024-12-01', to: '2024-12-01' } });
  const srcUid = src.metadata.uid;
  await waitFor('source queued', async () => (await taskStates(suite, srcUid)).queued === 1);
  const [srcTask] = await taskIds(srcUid);
  await worker.claim(suite, srcTask!);
  await storeArticles(srcUid, srcTask!, [{ n: 101 }]);
  const dep = await kube.createJob('follower', { type: 'Comments', articles: { fromJob: 'source' } });
  const uid = dep.metadata.uid;
  await waitFor('a comments task for the first article', async () => (await taskIds(uid)).length === 1);
  // The source is still running and finds another article.
  await storeArticles(srcUid, srcTask!, [{ n: 102 }]);
  await waitFor('a comments task for the new article', async () => (await taskIds(uid)).length === 2, 20_000);
  const urls = (await suite.pool.query(`SELECT shard->>'url' AS url FROM tasks WHERE job_uid=$1 ORDER BY 1`, [uid])).rows.map((r) => r.url);
  assert.equal(urls, [url(101), url(102)]);
  // Its own tasks done while the source still runs: not complete yet.
  await waitFor('2 queued', async () => (await taskStates(suite, uid)).queued === 2);
  for (const id of await taskIds(uid)) {
    await worker.claim(suite, id);
    await worker.succeed(suite, id, 0, 1);
  }
  await new Promise((r) => setTimeout(r, 1500));
  assert.is.not((await kube.getJob('follower')).status?.phase, 'Complete', 'not complete while its source runs');
  await worker.succeed(suite, srcTask!, 2);
  await waitFor('the follower Complete after its source', async () => (await kube.getJob('follower')).status?.phase === 'Complete', 20_000);
});

test('a Comments query plans one task per matching stored article: keywords, publishers, dates, newest first, limit', async () => {
  // Stored by some earlier job of this namespace.
  const earlier = await kube.createJob('earlier', { type: 'Comments', articles: { urls: [url(200)] } });
  await waitFor('the earlier job planned', async () => (await taskIds(earlier.metadata.uid)).length === 1);
  await storeArticles(earlier.metadata.uid, null, [
    { n: 201, keyword: 'q', publisher: 'Alpha', published: '2024-12-02T03:00:00Z' },
    { n: 202, keyword: 'q', publisher: 'Alpha', published: '2024-12-03T03:00:00Z' },
    { n: 203, keyword: 'q', publisher: 'Alpha', published: '2024-12-04T03:00:00Z' },
    { n: 204, keyword: 'q', publisher: 'Beta', published: '2024-12-03T03:00:00Z' },
    { n: 205, keyword: 'other', publisher: 'Alpha', published: '2024-12-03T03:00:00Z' },
    { n: 206, keyword: 'q', publisher: 'Alpha', published: '2024-11-01T03:00:00Z' },
  ]);
  const job = await kube.createJob('by-query', {
    type: 'Comments',
    articles: { query: { keywords: ['q'], publishers: ['Alpha'], dateRange: { from: '2024-12-01', to: '2024-12-31' }, limit: 2 } },
  });
  const uid = job.metadata.uid;
  await waitFor('2 tasks', async () => (await taskIds(uid)).length === 2);
  await new Promise((r) => setTimeout(r, 500));
  const urls = (await suite.pool.query(`SELECT shard->>'url' AS url FROM tasks WHERE job_uid=$1 ORDER BY 1`, [uid])).rows.map((r) => r.url);
  assert.equal(urls, [url(202), url(203)], 'Alpha, keyword q, December, the newest two');
});

test.run();
