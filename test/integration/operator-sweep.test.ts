// Jobs deleted while no operator was watching (the finalizer removed by hand, as `kubectl patch` would)
// are found by the sweep at start: their tasks are cancelled and their row is marked deleted. A job
// created meanwhile, whose row the gateway wrote before any operator saw it, is left alone and runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceOf } from '../../lib/kube/resources.js';
import { MERGE_PATCH, resourcePath } from '../../lib/kube/rest.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { Kube, operatorEnv, startOperator, taskStates, waitFor, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess | undefined;

test.before(async () => {
  suite = await isolatedSuite('operator-sweep');
  kube = new Kube(suite);
  await kube.createDepartment('main', { namespaces: [suite.namespace], defaultPriority: 5, quota: { inFlightTasks: 50 } });
});

test.after(async () => {
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  await suite?.cleanup();
});

const url = (n: number) => `https://n.news.naver.com/mnews/article/001/${String(n).padStart(10, '0')}`;
const row = async (uid: string) => (await suite.pool.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM jobs WHERE uid = $1', [uid])).rows[0];

test('a job deleted while no operator ran is cancelled at start; one created meanwhile is kept', async () => {
  op = startOperator(operatorEnv(suite));
  await op.port();
  const deleted = await kube.createJob('deleted-offline', { type: 'Comments', articles: { urls: [url(1), url(2)] } });
  await waitFor('its two tasks queued', async () => (await taskStates(suite, deleted.metadata.uid)).queued === 2, 30_000);
  assert.is(await op.stop(), 0);
  op = undefined;

  // No operator: the first job is deleted for good, a second one is created and the gateway's
  // provisional row for it is written, as a POST start would.
  await kube.deleteJob('deleted-offline');
  await kube.rest.request('PATCH', resourcePath(resourceOf('CollectionJob'), suite.namespace, 'deleted-offline'), {
    contentType: MERGE_PATCH,
    body: { metadata: { finalizers: null } },
  });
  await waitFor('the first job gone from the apiserver', async () =>
    kube.getJob('deleted-offline').then(
      () => false,
      (e: { status?: number }) => e.status === 404,
    ),
  );
  const kept = await kube.createJob('created-offline', { type: 'Comments', articles: { urls: [url(3)] } });
  await suite.pool.query(
    `INSERT INTO jobs (uid, namespace, name, department, type, source, keywords, phase, spec, created_at) VALUES ($1, $2, 'created-offline', $3, 'Comments', 'naver', '{}', 'Pending', '{}', now())`,
    [kept.metadata.uid, suite.namespace, kube.deptName('main')],
  );
  assert.is((await row(deleted.metadata.uid))?.deleted_at, null, 'the deleted job still looks live in PostgreSQL');

  op = startOperator(operatorEnv(suite));
  await op.port();
  await waitFor('the deleted job cancelled', async () => (await taskStates(suite, deleted.metadata.uid)).cancelled === 2, 30_000);
  // The row is marked just after the tasks are cancelled.
  await waitFor('its row marked deleted', async () => !!(await row(deleted.metadata.uid))?.deleted_at, 10_000);
  await waitFor('the job created meanwhile published', async () => (await taskStates(suite, kept.metadata.uid)).queued === 1, 30_000);
  assert.is((await row(kept.metadata.uid))?.deleted_at, null);
  assert.equal(await taskStates(suite, deleted.metadata.uid), { cancelled: 2 });
});

test.run();
