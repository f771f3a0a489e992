// The operator against the real apiserver, PostgreSQL and RabbitMQ: a job becomes prioritized task
// messages with deterministic ids, its status and the jobs table follow the task outcomes, and
// NoDepartment, a missing fromJob, suspend/resume, retries, includeComments and deletion with the
// finalizer behave as documented.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTaskMessage } from '../../lib/amqp/messages.js';
import { topologyNames } from '../../lib/amqp/topology.js';
import { k8s } from '../../lib/kube/client.js';
import { planMetadata } from '../../operator/plan/plan.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { applyProfile, deleteProfile } from './worker-support.js';
import {
  condition,
  Consumer,
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
let nsB: string;
let control: Awaited<ReturnType<typeof controlListener>>;

test.before(async () => {
  suite = await isolatedSuite('operator');
  kube = new Kube(suite);
  nsB = `${suite.namespace}-b`.slice(0, 63);
  await suite.kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: nsB } } });
  await kube.createDepartment('main', { namespaces: [suite.namespace], defaultPriority: 4, maxPriority: 7, quota: { inFlightTasks: 50 } });
  op = startOperator(operatorEnv(suite, { OPERATOR_WATCH_NAMESPACES: `${suite.namespace},${nsB}`, OPERATOR_RETRY_BASE_MS: '300' }));
  await op.port();
  control = await controlListener(suite.env.AMQP_URL, topologyNames(suite.prefix).controlExchange);
});

test.after(async () => {
  await control?.close();
  await kube?.cleanup([suite.namespace, nsB]);
  await op?.stop();
  await suite.kc
    .makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: nsB })
    .catch(() => undefined);
  await suite?.cleanup();
});

const names = () => topologyNames(suite.prefix);

test('a Metadata job: its planned tasks arrive in RabbitMQ with the effective priority and deterministic ids', async () => {
  const spec = { type: 'Metadata', keywords: ['반도체', '금리'], dateRange: { from: '2024-12-01', to: '2024-12-03' }, priority: 9, parallelism: 10 };
  const job = await kube.createJob('chips', spec, { annotations: { 'collection.newsroom.dev/request-id': `req-${suite.id}` } });
  const consumer = await Consumer.open(suite.env.AMQP_URL, names().queue.metadata);
  try {
    await waitFor('6 task messages', async () => consumer.got.length >= 6);
    const planned = planMetadata(job.metadata.uid, spec as never)
      .map((t) => t.id)
      .sort();
    assert.equal(consumer.got.map((d) => d.id).sort(), planned, 'distinct ids == planned ids');
    assert.ok(
      consumer.got.every((d) => d.priority === 7),
      'priority 9 capped at the department maximum 7',
    );
    for (const d of consumer.got) {
      const m = parseTaskMessage(JSON.stringify(d.body));
      assert.is(m.taskId, d.id);
      assert.is(m.jobUid, job.metadata.uid);
      assert.is(m.attempt, 1);
      assert.is(d.msg.properties.contentType, 'application/json');
      assert.is(d.msg.properties.deliveryMode, 2);
    }
  } finally {
    await consumer.close();
  }
  const j = await waitFor('status with 6 queued tasks', async () => {
    const x = await kube.getJob('chips');
    return x.status?.tasks?.queued === 6 ? x : undefined;
  });
  assert.is(j.status!.phase, 'Admitted');
  assert.is(j.status!.priority, 7);
  assert.is(j.status!.department, kube.deptName('main'));
  assert.is(condition(j, 'Admitted')?.status, 'True');
  assert.is(j.status!.observedGeneration, 1);
  assert.ok(j.metadata.finalizers?.includes('collection.newsroom.dev/cancel-tasks'));
  const row = (await suite.pool.query(`SELECT * FROM jobs WHERE uid=$1`, [job.metadata.uid])).rows[0];
  assert.is(row.request_id, `req-${suite.id}`);
  assert.is(row.tasks_queued, 6);
  assert.equal(row.keywords, ['반도체', '금리']);
  const events = await kube.events();
  assert.ok(
    events.some((e) => e.involvedObject.name === 'chips' && e.reason === 'Admitted'),
    'an Admitted event',
  );
});

test('task outcomes become status and the jobs row: Running with progress, then Complete', async () => {
  const job = await kube.getJob('chips');
  const ids = (await suite.pool.query(`SELECT id FROM tasks WHERE job_uid=$1 ORDER BY shard_key`, [job.metadata.uid])).rows.map(
    (r) => r.id as string,
  );
  for (const id of ids) await worker.claim(suite, id);
  for (const id of ids.slice(0, 3)) await worker.succeed(suite, id, 10);
  const running = await waitFor('Running at 50%', async () => {
    const x = await kube.getJob('chips');
    return x.status?.progress === '50%' && x.status.phase === 'Running' ? x : undefined;
  });
  assert.is(running.status!.articles, 30);
  assert.is(condition(running, 'Running')?.status, 'True');
  for (const id of ids.slice(3)) await worker.succeed(suite, id, 1);
  const done = await waitFor('Complete', async () => {
    const x = await kube.getJob('chips');
    return x.status?.phase === 'Complete' ? x : undefined;
  });
  assert.is(done.status!.progress, '100%');
  assert.is(done.status!.articles, 33);
  assert.is(condition(done, 'Complete')?.status, 'True');
  const row = await waitFor('the jobs row Complete', async () => {
    const r = (await suite.pool.query(`SELECT * FROM jobs WHERE uid=$1`, [job.metadata.uid])).rows[0];
    return r?.phase === 'Complete' ? r : undefined;
  });
  assert.is(row.progress, 100);
  assert.is(row.articles, 33);
  assert.ok(row.completed_at instanceof Date);
});

test('NoDepartment: the job waits, and is admitted once a Department lists its namespace', async () => {
  await kube.createJob(
    'orphan',
    { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000001'] } },
    { namespace: nsB },
  );
  const waiting = await waitFor('NoDepartment', async () => {
    const x = await kube.getJob('orphan', nsB);
    return condition(x, 'Admitted')?.reason === 'NoDepartment' ? x : undefined;
  });
  assert.is(waiting.status!.phase, 'Pending');
  assert.is(condition(waiting, 'Admitted')?.status, 'False');
  const consumer = await Consumer.open(suite.env.AMQP_URL, names().queue.comments);
  try {
    await kube.createDepartment('late', { namespaces: [nsB], defaultPriority: 3 });
    await waitFor('the comments task message', async () => consumer.got.length >= 1);
    assert.is(consumer.got[0]!.priority, 3);
    assert.equal((consumer.got[0]!.body.shard as { url: string }).url, 'https://n.news.naver.com/mnews/article/001/0000000001');
  } finally {
    await consumer.close();
  }
  const admitted = await waitFor('Admitted', async () => {
    const x = await kube.getJob('orphan', nsB);
    return condition(x, 'Admitted')?.status === 'True' ? x : undefined;
  });
  assert.is(admitted.status!.department, kube.deptName('late'));
});

test('a Comments job whose fromJob does not exist gets a clear condition', async () => {
  await kube.createJob('dangling', { type: 'Comments', articles: { fromJob: 'no-such-job' } });
  const j = await waitFor('SourceJobNotFound', async () => {
    const x = await kube.getJob('dangling');
    return condition(x, 'Admitted')?.reason === 'SourceJobNotFound' ? x : undefined;
  });
  assert.match(condition(j, 'Admitted')!.message!, /no-such-job/);
  assert.is(j.status!.phase, 'Pending');
});

test('suspend cancels queued tasks and tells workers; resume publishes the rest', async () => {
  const spec = { type: 'Metadata', keywords: ['a'], dateRange: { from: '2024-12-01', to: '2024-12-06' }, parallelism: 2 };
  const job = await kube.createJob('pausable', spec);
  const uid = job.metadata.uid;
  await waitFor('2 queued', async () => (await taskStates(suite, uid)).queued === 2);
  const [first] = (await suite.pool.query(`SELECT id FROM tasks WHERE job_uid=$1 AND state='queued' ORDER BY shard_key LIMIT 1`, [uid])).rows;
  await worker.claim(suite, first.id);
  await kube.patchJob('pausable', { suspend: true });
  const sus = await waitFor('Suspended', async () => {
    const x = await kube.getJob('pausable');
    return x.status?.phase === 'Suspended' ? x : undefined;
  });
  assert.is(condition(sus, 'Suspended')?.status, 'True');
  const states = await taskStates(suite, uid);
  assert.equal(states, { cancelled: 1, running: 1, pending: 4 });
  const cancel = await waitFor('a cancel broadcast', async () => control.messages.find((m) => m.action === 'cancel' && m.jobUid === uid));
  assert.equal(cancel.taskIds, [first.id]);
  // The worker stops the running task at its next page.
  await suite.pool.query(`UPDATE tasks SET state='cancelled' WHERE id=$1`, [first.id]);
  await new Promise((r) => setTimeout(r, 500));
  assert.is((await taskStates(suite, uid)).queued, undefined, 'nothing is published while suspended');
  await kube.patchJob('pausable', { suspend: false });
  await waitFor('2 queued again after resume', async () => (await taskStates(suite, uid)).queued === 2);
  const res = await kube.getJob('pausable');
  await waitFor('Resumed condition', async () => condition(await kube.getJob('pausable'), 'Suspended')?.reason === 'JobResumed');
  assert.ok(['Admitted', 'Running'].includes(res.status!.phase!) || res.status!.phase === 'Suspended');
  const ev = await kube.events();
  assert.ok(ev.some((e) => e.involvedObject.name === 'pausable' && e.reason === 'Suspended'));
  await waitFor('a Resumed event', async () => (await kube.events()).some((e) => e.involvedObject.name === 'pausable' && e.reason === 'Resumed'));
});

test('a retryable failure is published again after backoff, and fails for good after backoffLimit', async () => {
  const job = await kube.createJob('flaky', {
    type: 'Comments',
    articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000009'] },
    backoffLimit: 1,
  });
  const uid = job.metadata.uid;
  await waitFor('queued', async () => (await taskStates(suite, uid)).queued === 1);
  const [{ id }] = (await suite.pool.query(`SELECT id FROM tasks WHERE job_uid=$1`, [uid])).rows;
  await worker.claim(suite, id);
  await worker.retryable(suite, id, 'timeout loading the comment page');
  const t = await waitFor(
    're-published',
    async () => {
      const r = (await suite.pool.query(`SELECT state, attempts, not_before FROM tasks WHERE id=$1`, [id])).rows[0];
      return r.state === 'queued' ? r : undefined;
    },
    10_000,
  );
  assert.is(t.attempts, 1);
  await worker.claim(suite, id);
  await worker.retryable(suite, id, 'timeout loading the comment page');
  const failed = await waitFor('failed after 2 attempts', async () => {
    const r = (await suite.pool.query(`SELECT state, last_error FROM tasks WHERE id=$1`, [id])).rows[0];
    return r.state === 'failed' ? r : undefined;
  });
  assert.match(failed.last_error, /timeout loading the comment page \(gave up after 2 attempts\)/);
  const j = await waitFor('job Failed', async () => {
    const x = await kube.getJob('flaky');
    return x.status?.phase === 'Failed' ? x : undefined;
  });
  assert.is(condition(j, 'Failed')?.reason, 'TooManyFailedTasks');
  // Why, where people look: the condition, the Event and the row the gateway serves name the task and its reason.
  const why = condition(j, 'Failed')?.message ?? '';
  assert.match(why, /^1 of 1 tasks failed \(tolerance 0\); .+: timeout loading the comment page \(gave up after 2 attempts\)$/);
  assert.ok((await kube.events()).some((e) => e.involvedObject.name === 'flaky' && e.reason === 'Retried'));
  await waitFor('the Failed Event naming the reason', async () =>
    (await kube.events()).some((e) => e.involvedObject.name === 'flaky' && e.reason === 'TooManyFailedTasks' && e.message === why),
  );
  await waitFor(
    "the gateway's row naming the reason",
    async () => (await suite.pool.query(`SELECT message FROM jobs WHERE uid=$1`, [uid])).rows[0]?.message === why,
  );
});

test('includeComments: a succeeded metadata task plans one comments task per portal article it found', async () => {
  const job = await kube.createJob('with-comments', {
    type: 'Metadata',
    keywords: ['x'],
    dateRange: { from: '2024-12-01', to: '2024-12-01' },
    includeComments: true,
  });
  const uid = job.metadata.uid;
  await waitFor('queued', async () => (await taskStates(suite, uid)).queued === 1);
  const [{ id }] = (await suite.pool.query(`SELECT id FROM tasks WHERE job_uid=$1`, [uid])).rows;
  await worker.claim(suite, id);
  const arts = await suite.pool.query(
    `INSERT INTO articles (source, identity, oid, aid, portal_url, title) VALUES
       ('naver','001/0000000101','001','0000000101','http://127.0.0.1:18090/mnews/article/001/0000000101','a'),
       ('naver','002/0000000102','002','0000000102','http://127.0.0.1:18090/mnews/article/002/0000000102','b'),
       ('naver','https://pub.example/x',NULL,NULL,NULL,'publisher only') RETURNING id`,
  );
  for (const a of arts.rows)
    await suite.pool.query(`INSERT INTO job_articles (job_uid, article_id, keyword, task_id) VALUES ($1,$2,'x',$3)`, [uid, a.id, id]);
  await worker.succeed(suite, id, 3);
  await waitFor('2 comments tasks queued', async () => {
    const r = await suite.pool.query(`SELECT count(*)::int AS n FROM tasks WHERE job_uid=$1 AND kind='comments' AND state='queued'`, [uid]);
    return r.rows[0].n === 2;
  });
  const j = await kube.getJob('with-comments');
  assert.not.equal(j.status?.phase, 'Complete', 'not complete while comments tasks are open');
});

test("a Comments job on a site of one-part ids: its URLs are keyed by that site's profile, the same article once", async () => {
  const source = await applyProfile(suite, 'manifests/examples/newssource-wire.yaml', 'http://127.0.0.1:18090', 'op');
  try {
    const urls = [
      'http://127.0.0.1:18090/wire/news/A0010000000101',
      'http://127.0.0.1:18090/wire/news/A0010000000101/comments',
      'http://127.0.0.1:18090/wire/news/A0020000000102?ref=list',
    ];
    const job = await kube.createJob('one-part-ids', { type: 'Comments', source, articles: { urls } });
    const uid = job.metadata.uid;
    const keys = await waitFor('2 comments tasks', async () => {
      const r = await suite.pool.query(`SELECT shard_key FROM tasks WHERE job_uid=$1 ORDER BY shard_key`, [uid]);
      return r.rows.length >= 2 && r.rows.map((x) => x.shard_key as string);
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(
      (await suite.pool.query(`SELECT shard_key FROM tasks WHERE job_uid=$1 ORDER BY shard_key`, [uid])).rows.map((x) => x.shard_key),
      ['comments/A0010000000101', 'comments/A0020000000102'],
    );
    assert.equal(keys, ['comments/A0010000000101', 'comments/A0020000000102']);
  } finally {
    await deleteProfile(source);
  }
});

test('deleting a job: the finalizer cancels outstanding tasks, the data stays, the object goes', async () => {
  const job = await kube.createJob('doomed', {
    type: 'Metadata',
    keywords: ['z'],
    dateRange: { from: '2024-12-01', to: '2024-12-10' },
    parallelism: 3,
  });
  const uid = job.metadata.uid;
  await waitFor('3 queued', async () => (await taskStates(suite, uid)).queued === 3);
  await kube.deleteJob('doomed');
  await waitFor('the object is gone', async () => {
    try {
      await kube.getJob('doomed');
      return false;
    } catch (e) {
      return (e as { status?: number }).status === 404;
    }
  });
  assert.equal(await taskStates(suite, uid), { cancelled: 10 });
  const row = (await suite.pool.query(`SELECT deleted_at FROM jobs WHERE uid=$1`, [uid])).rows[0];
  assert.ok(row.deleted_at instanceof Date, 'the jobs row is kept and marked deleted');
});

test('metrics carry controller-runtime and newsroom names', async () => {
  const text = await (await fetch(`http://127.0.0.1:${await op.port()}/metrics`)).text();
  for (const name of [
    'controller_runtime_reconcile_total{',
    'controller_runtime_reconcile_time_seconds_bucket{',
    'workqueue_depth{',
    'workqueue_adds_total{',
    'workqueue_queue_duration_seconds_bucket{',
    'workqueue_work_duration_seconds_bucket{',
    'leader_election_master_status{',
    'newsroom_tasks_published_total{queue="metadata",priority="7"',
    'newsroom_admission_wait_seconds_bucket{',
  ]) {
    assert.ok(text.includes(name), `metrics include ${name}`);
  }
  assert.match(text, /leader_election_master_status\{name="[^"]+",program="operator"\} 1/);
});

test.run();
