// Three departments submit at once and a one-slot worker drains the queue: in-flight counts stay within
// quota (+ borrowing), higher priority is consumed first, a department borrows idle capacity once its
// owner no longer needs it, and the low-priority department still progresses long before the
// high-priority one has finished (the starvation guard).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { k8s } from '../../lib/kube/client.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { Consumer, Kube, operatorEnv, sleep, startOperator, waitFor, worker, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
const ns: Record<string, string> = {};

const depts = {
  hot: { quota: 4, borrow: 0, priority: 8, tasks: 16 },
  mid: { quota: 2, borrow: 2, priority: 5, tasks: 8 },
  cold: { quota: 2, borrow: 0, priority: 2, tasks: 6 },
} as const;
type Name = keyof typeof depts;

test.before(async () => {
  suite = await isolatedSuite('operator-fair');
  kube = new Kube(suite);
  const core = suite.kc.makeApiClient(k8s.CoreV1Api);
  for (const name of Object.keys(depts) as Name[]) {
    ns[name] = `${suite.namespace}-${name}`.slice(0, 63);
    await core.createNamespace({ body: { metadata: { name: ns[name] } } });
    const d = depts[name];
    await kube.createDepartment(name, {
      namespaces: [ns[name]],
      defaultPriority: d.priority,
      maxPriority: 9,
      quota: { inFlightTasks: d.quota, borrowingLimit: d.borrow },
    });
  }
  op = startOperator(operatorEnv(suite, { OPERATOR_WATCH_NAMESPACES: Object.values(ns).join(','), OPERATOR_STARVATION_SECONDS: '1' }));
  await op.port();
});

test.after(async () => {
  await kube?.cleanup(Object.values(ns));
  await op?.stop();
  const core = suite.kc.makeApiClient(k8s.CoreV1Api);
  for (const n of Object.values(ns)) await core.deleteNamespace({ name: n }).catch(() => undefined);
  await suite?.cleanup();
});

async function inFlightByDepartment(): Promise<Record<string, number>> {
  const r = await suite.pool.query(`SELECT department, count(*)::int AS n FROM tasks WHERE state IN ('queued','running') GROUP BY department`);
  return Object.fromEntries(r.rows.map((x: { department: string; n: number }) => [x.department, x.n]));
}

test('three departments at once: quota, priority, borrowing and progress of the low-priority department', async () => {
  // The fleet is paused while the jobs are created, so one admission round sees all three.
  const poolPath = `/apis/collection.newsroom.dev/v1alpha1/namespaces/${ns.hot}/collectorpools`;
  await kube.rest.request('POST', poolPath, {
    body: {
      apiVersion: 'collection.newsroom.dev/v1alpha1',
      kind: 'CollectorPool',
      metadata: { name: 'fleet' },
      spec: { paused: true, workers: { deployment: 'w' }, seleniumNodes: { deployment: 's' } },
    },
  });
  const uidToDept = new Map<string, Name>();
  for (const name of Object.keys(depts) as Name[]) {
    const to = new Date(Date.parse('2024-01-01T00:00:00Z') + (depts[name].tasks - 1) * 86_400_000).toISOString().slice(0, 10);
    const j = await kube.createJob(
      `${name}-job`,
      { type: 'Metadata', keywords: ['k'], dateRange: { from: '2024-01-01', to }, parallelism: 10 },
      { namespace: ns[name] },
    );
    uidToDept.set(j.metadata.uid, name);
  }
  const deptOf = (full: string) => (Object.keys(depts) as Name[]).find((n) => kube.deptName(n) === full)!;
  for (const name of Object.keys(depts) as Name[]) {
    await waitFor(`${name} admitted and held`, async () => {
      const j = await kube.getJob(`${name}-job`, ns[name]);
      return j.status?.phase === 'Admitted' && /paused/.test(j.status.message ?? '');
    });
  }
  assert.equal(await inFlightByDepartment(), {}, 'nothing is published while the fleet is paused');
  await kube.rest.request('PATCH', `${poolPath}/fleet`, { contentType: 'application/merge-patch+json', body: { spec: { paused: false } } });
  // The first round fills every department's quota; nothing may be borrowed while the owners need it.
  await waitFor('8 tasks queued', async () => Object.values(await inFlightByDepartment()).reduce((s, n) => s + n, 0) === 8);
  await sleep(300);
  const first = await inFlightByDepartment();
  assert.equal(Object.fromEntries(Object.entries(first).map(([k, v]) => [deptOf(k), v])), { hot: 4, mid: 2, cold: 2 });

  const consumer = await Consumer.open(suite.env.AMQP_URL, topologyNames(suite.prefix).queue.metadata, { prefetch: 1, autoAck: false });
  const order: Name[] = [];
  const max: Record<Name, number> = { hot: 0, mid: 0, cold: 0 };
  const total = Object.values(depts).reduce((s, d) => s + d.tasks, 0);
  // In-flight counts are sampled all along (not only when a message is consumed), so a refill the
  // dispatcher makes between two consumptions is seen too; every sample must respect quota + borrowing.
  const over: string[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [k, v] of Object.entries(await inFlightByDepartment())) {
        const n = deptOf(k);
        max[n] = Math.max(max[n], v);
        if (v > depts[n].quota + depts[n].borrow) over.push(`${n} had ${v} in flight, above quota ${depts[n].quota} + borrowing ${depts[n].borrow}`);
      }
      await sleep(25);
    }
  })();
  try {
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while (order.length < total) {
      if (Date.now() > deadline) throw new Error(`only ${order.length} of ${total} tasks consumed: ${order.join(' ')}`);
      if (consumer.got.length === seen) {
        await sleep(20);
        continue;
      }
      const d = consumer.got[seen++]!;
      const dept = uidToDept.get(d.body.jobUid as string)!;
      assert.is(d.priority, depts[dept].priority);
      await worker.claim(suite, d.id);
      const inflight = await inFlightByDepartment();
      for (const [k, v] of Object.entries(inflight)) {
        const n = deptOf(k);
        max[n] = Math.max(max[n], v);
        assert.ok(v <= depts[n].quota + depts[n].borrow, `${n} has ${v} in flight, above quota ${depts[n].quota} + borrowing ${depts[n].borrow}`);
      }
      order.push(dept);
      await sleep(120); // the work
      await worker.succeed(suite, d.id, 1);
      consumer.ack(d);
    }
  } finally {
    sampling = false;
    await sampler;
    await consumer.close();
  }
  assert.equal(over, [], 'no department went above its quota plus borrowing limit');
  assert.equal(order.slice(0, 4), ['hot', 'hot', 'hot', 'hot'], 'the highest priority is consumed first');
  const firstCold = order.indexOf('cold');
  const lastHot = order.lastIndexOf('hot');
  assert.ok(
    firstCold >= 0 && firstCold < lastHot,
    `the low-priority department progressed before the high-priority one finished: ${order.join(' ')}`,
  );
  // Borrowing happened (above its quota); how far it gets within its limit depends on how fast the
  // dispatcher refills against this test's consumer, which a loaded machine slows down.
  assert.ok(max.mid > depts.mid.quota, `mid borrowed idle capacity once the owners no longer needed it (peak ${max.mid})`);
  assert.ok(max.hot <= 4 && max.cold <= 2);
  for (const name of Object.keys(depts) as Name[]) {
    await waitFor(`${name} Complete`, async () => (await kube.getJob(`${name}-job`, ns[name])).status?.phase === 'Complete');
  }
  const status = await kube.rest.get<{ status?: { inFlight?: number; activeJobs?: number } }>(
    `/apis/collection.newsroom.dev/v1alpha1/departments/${kube.deptName('hot')}`,
  );
  assert.is(status.status?.inFlight, 0);
  const mirrored = await suite.pool.query(`SELECT name FROM departments ORDER BY name`);
  assert.is(mirrored.rows.length, 3, 'the departments table mirrors the three departments');
});

test.run();
