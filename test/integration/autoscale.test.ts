// The CollectorPool controller on the real apiserver, PostgreSQL, RabbitMQ and Selenium Grid: a burst
// of tasks raises the worker and Selenium node Deployments through their scale subresource within a
// couple of seconds (measured), with status, an Event per decision, metrics and the resource snapshot;
// after the backlog is gone the replicas come down only once the stabilization window has passed,
// never below the pods holding task leases, and busy pods carry a higher deletion cost than idle ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { createDeployment, createPool, deploymentBody, metric, poolStatus, pods, replicas } from './autoscale-support.js';
import { Consumer, Kube, operatorEnv, sleep, startOperator, waitFor, worker, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let port: number;
const WINDOW_S = 4;

test.before(async () => {
  suite = await isolatedSuite('autoscale');
  kube = new Kube(suite);
  await createDeployment(kube.rest, suite.namespace, deploymentBody('worker', 1, 'newsroom-worker'));
  await createDeployment(kube.rest, suite.namespace, deploymentBody('chrome', 0, 'selenium-node'));
  await createPool(kube.rest, suite.namespace, 'fleet', {
    workers: { deployment: 'worker', minReplicas: 1, maxReplicas: 20, slotsPerReplica: 2 },
    seleniumNodes: { deployment: 'chrome', minReplicas: 0, maxReplicas: 3, sessionsPerNode: 2 },
    gridUrl: suite.env.SELENIUM_GRID_URL,
    scaleDownStabilizationSeconds: WINDOW_S,
    maxScaleUpStep: 10,
    pollIntervalSeconds: 1,
  });
  await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 500 } });
  op = startOperator(operatorEnv(suite, { OPERATOR_STATUS_INTERVAL_MS: '200' }));
  port = await op.port();
  await waitFor('the pool status', async () => (await poolStatus(kube.rest, suite.namespace, 'fleet'))?.observedGeneration === 1, 30_000);
});

test.after(async () => {
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  await suite?.cleanup();
});

const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

test('a burst raises workers and Selenium nodes at once, bounded per step; scale-down waits the window and spares busy pods', async () => {
  const names = topologyNames(suite.prefix);
  const idle = await poolStatus(kube.rest, suite.namespace, 'fleet');
  assert.is(idle?.workers?.current, 1, 'the warm minimum');
  assert.is(idle?.seleniumNodes?.desired, 0, 'the local Grid node (not a pod of the pool) covers an idle fleet');
  assert.ok(
    idle?.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'True'),
    JSON.stringify(idle?.conditions),
  );

  // 40 tasks (one keyword, 40 days) land in the empty queue.
  const created = Date.now();
  const job = await kube.createJob('burst', {
    type: 'Metadata',
    keywords: ['autoscale'],
    dateRange: { from: '2024-01-01', to: '2024-02-09' },
    parallelism: 100,
  });
  const firstQueued = await waitFor(
    'the first task queued',
    async () => {
      const r = await suite.pool.query(`SELECT min(queued_at) AS t FROM tasks WHERE job_uid = $1`, [job.metadata.uid]);
      return r.rows[0]?.t as Date | null;
    },
    30_000,
    20,
  );
  const raised = await waitFor(
    'workers raised',
    async () => ((await replicas(kube.rest, suite.namespace, 'worker')) > 1 ? Date.now() : 0),
    20_000,
    20,
  );
  const reaction = raised - firstQueued.getTime();
  console.log(`reaction: first task queued -> worker replicas raised ${reaction} ms (job created -> raised ${raised - created} ms)`);
  assert.ok(reaction < 2_000, `workers raised ${reaction} ms after the first task was queued`);
  assert.is(await replicas(kube.rest, suite.namespace, 'worker'), 11, 'the first step is bounded: 1 + 10');
  await waitFor('workers at 20 (ceil(40 / 2))', async () => (await replicas(kube.rest, suite.namespace, 'worker')) === 20, 10_000, 50);
  await waitFor('Selenium nodes at their maximum of 3', async () => (await replicas(kube.rest, suite.namespace, 'chrome')) === 3, 10_000, 50);

  const st = await waitFor(
    'status with the backlog',
    async () => {
      const s = await poolStatus(kube.rest, suite.namespace, 'fleet');
      return s?.workers?.current === 20 && s.queues?.find((q) => q.name === names.queue.metadata)?.ready === 40 ? s : undefined;
    },
    10_000,
  );
  assert.is(st.workers?.desired, 20);
  assert.is(st.seleniumNodes?.current, 3);
  assert.ok(st.grid && st.grid.slots >= 2, 'the Grid as seen through GraphQL');
  assert.match(st.lastScaleReason ?? '', /workers|Selenium/);
  const events = await kube.events();
  assert.ok(
    events.some((e) => e.reason === 'ScaledUp' && /workers 1 -> 11/.test(e.message)),
    events.map((e) => `${e.reason}: ${e.message}`).join('\n'),
  );
  assert.ok(events.some((e) => e.reason === 'ScaledUp' && /Selenium nodes 0 -> 3/.test(e.message)));
  const m = await metrics();
  assert.is(metric(m, 'newsroom_autoscaler_desired_replicas', 'target="workers"'), 20);
  assert.is(metric(m, 'newsroom_queue_depth', `queue="${names.queue.metadata}"`), 40);
  assert.ok((metric(m, 'newsroom_scale_events_total', 'direction="up"') ?? 0) >= 1);
  assert.ok(metric(m, 'newsroom_grid_slots', 'state="free"') !== undefined);
  const snap = await waitFor(
    'the resource snapshot',
    async () => (await suite.pool.query(`SELECT data FROM resource_snapshots WHERE pool = $1`, [`${suite.namespace}/fleet`])).rows[0]?.data,
  );
  assert.ok(snap.selenium.slots >= 2 && snap.queues.metadata.ready >= 0 && snap.workers.total >= 11, JSON.stringify(snap));

  // Workers take everything; two tasks stay running under the names of two worker pods.
  const consumer = await Consumer.open(suite.env.AMQP_URL, names.queue.metadata);
  await waitFor('40 deliveries', async () => consumer.got.length === 40, 10_000);
  await consumer.close();
  const workerPods = (await pods(kube.rest, suite.namespace, 'worker'))
    .filter((p) => !p.deleting)
    .map((p) => p.name)
    .sort();
  const [busyA, busyB] = [workerPods[0]!, workerPods[1]!];
  const ids = consumer.got.map((d) => d.id);
  for (const id of ids) await worker.claim(suite, id);
  await suite.pool.query(`UPDATE tasks SET lease_owner = CASE WHEN id = $1 THEN $2 ELSE $3 END WHERE id = ANY($4::uuid[])`, [
    ids[0],
    busyA,
    `${busyB}-7`,
    ids.slice(0, 2),
  ]);
  const lowSince = Date.now();
  for (const id of ids.slice(2)) await worker.succeed(suite, id, 1);

  // Busy pods cost more to delete than idle ones.
  await waitFor(
    'deletion costs',
    async () => {
      const ps = await pods(kube.rest, suite.namespace, 'worker');
      const a = ps.find((p) => p.name === busyA);
      const idlePod = ps.find((p) => p.name !== busyA && p.name !== busyB && !p.deleting);
      return a?.cost === '1000' && ps.find((p) => p.name === busyB)?.cost === '1000' && idlePod?.cost === '-1000';
    },
    10_000,
  );

  // Held through the window, then down to the two busy pods, not the minimum.
  await sleep((WINDOW_S - 1.5) * 1000);
  assert.is(await replicas(kube.rest, suite.namespace, 'worker'), 20, 'no scale-down inside the stabilization window');
  const lowered = await waitFor(
    'workers lowered',
    async () => ((await replicas(kube.rest, suite.namespace, 'worker')) < 20 ? Date.now() : 0),
    15_000,
    50,
  );
  assert.ok(lowered - lowSince >= WINDOW_S * 1000 - 500, `scaled down ${lowered - lowSince} ms after the backlog ended`);
  assert.is(await replicas(kube.rest, suite.namespace, 'worker'), 2, 'never below the two pods holding leases');
  // On timeout, say which pods the ReplicaSet left and how it saw them (phase, deletion cost).
  let seen = '';
  await waitFor(
    'the ReplicaSet kept the busy pods',
    async () => {
      const ps = await pods(kube.rest, suite.namespace, 'worker');
      seen = ps.map((p) => `${p.name} ${p.phase} cost=${p.cost ?? '-'}${p.deleting ? ' deleting' : ''}`).join('; ');
      const left = ps
        .filter((p) => !p.deleting)
        .map((p) => p.name)
        .sort();
      if (left.length === 2 && left.join() !== [busyA, busyB].sort().join()) throw new Error(`busy ${busyA}, ${busyB}; pods: ${seen}`);
      return left.length === 2;
    },
    30_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; pods: ${seen}`);
  });
  await waitFor('Selenium nodes back to 0', async () => (await replicas(kube.rest, suite.namespace, 'chrome')) === 0, 15_000);
  const events2 = await kube.events();
  assert.ok(
    events2.some((e) => e.reason === 'ScaledDown' && /workers 20 -> 2/.test(e.message)),
    events2.map((e) => `${e.reason}: ${e.message}`).join('\n'),
  );

  // The last two finish: down to the warm minimum.
  for (const id of ids.slice(0, 2)) await worker.succeed(suite, id, 1);
  await waitFor('workers at the minimum', async () => (await replicas(kube.rest, suite.namespace, 'worker')) === 1, 20_000, 100);
  await waitFor('the job complete', async () => (await kube.getJob('burst')).status?.phase === 'Complete', 20_000);
});

test.run();
