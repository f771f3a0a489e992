// A RabbitMQ broker restart under a running operator, on a private broker node of this suite (the
// shared stack's node is used by other suites at the same time): the operator reconnects by itself,
// without a restart of its own, and every task of a job created before the restart, of a job created
// while the broker is down and of a job created right after it comes back is published exactly once
// (consumed and counted: distinct task ids == planned, no copies).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { planMetadata } from '../../operator/plan/plan.js';
import { privateBroker, type PrivateBroker } from '../harness/broker.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { Consumer, Kube, operatorEnv, sleep, startOperator, taskStates, waitFor, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
let broker: PrivateBroker;
let op: OperatorProcess | undefined;
const procs: OperatorProcess[] = [];

test.before(async () => {
  suite = await isolatedSuite('operator-broker-restart');
  kube = new Kube(suite);
  broker = await privateBroker('operator');
  await broker.start();
  await kube.createDepartment('restart', { namespaces: [suite.namespace], quota: { inFlightTasks: 1000 } });
});

test.after(async () => {
  for (const p of procs) await p.stop();
  await kube?.cleanup([suite.namespace]);
  await broker?.destroy();
  await suite?.cleanup();
});

const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

const spec = (keywords: string[]) => ({ type: 'Metadata', keywords, dateRange: { from: '2024-12-01', to: '2024-12-05' }, parallelism: 1000 });

for (const how of ['stopped cleanly', 'killed'] as const) {
  test(`broker ${how} and started again under a running operator: it recovers by itself and every task is published exactly once`, async () => {
    const tag = how === 'killed' ? 'k' : 's';
    op = startOperator(operatorEnv(suite, { AMQP_URL: broker.amqpUrl, RABBITMQ_MANAGEMENT_URL: broker.managementUrl }));
    procs.push(op);
    await op.port();
    const pid = op.child.pid;
    const specs = { before: spec(['a1', 'a2', 'a3']), down: spec(['b1', 'b2']), after: spec(['c1', 'c2', 'c3', 'c4']) };
    const before = await kube.createJob(`before-${tag}`, specs.before);
    await waitFor('the first job queued', async () => (await taskStates(suite, before.metadata.uid)).queued === 15, 60_000).catch(
      async (e: Error) => {
        const logs = await suite.pool.query('SELECT component, level, message FROM job_logs WHERE job_uid = $1 ORDER BY id', [before.metadata.uid]);
        const status = (await kube.getJob(before.metadata.name)).status;
        throw new Error(
          `${e.message}: ${JSON.stringify(await taskStates(suite, before.metadata.uid))}\n${JSON.stringify(status)}\n${JSON.stringify(logs.rows)}\n${op!.output().slice(-4000)}`,
        );
      },
    );

    await broker.stop({ kill: how === 'killed' });
    await waitFor('the operator to notice', async () => count(op!.output(), /RabbitMQ connection lost/) >= 1, 15_000);
    const down = await kube.createJob(`down-${tag}`, specs.down);
    await waitFor(
      'the job created while the broker is down to be planned',
      async () => (await taskStates(suite, down.metadata.uid)).pending === 10,
      30_000,
    );
    await sleep(1000);
    assert.equal(await taskStates(suite, down.metadata.uid), { pending: 10 }, 'nothing is marked queued while the broker is down');

    await broker.start();
    const startedAt = Date.now();
    const after = await kube.createJob(`after-${tag}`, specs.after);
    await waitFor(
      'every task queued',
      async () => {
        const [d, a] = [await taskStates(suite, down.metadata.uid), await taskStates(suite, after.metadata.uid)];
        return d.queued === 10 && a.queued === 20;
      },
      60_000,
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${JSON.stringify([await taskStates(suite, down.metadata.uid), await taskStates(suite, after.metadata.uid)])}\n${op!.output().slice(-4000)}`,
      );
    });
    const recoveredMs = Date.now() - startedAt;

    const planned = new Map<string, string>();
    for (const [name, job] of [
      ['before', before],
      ['down', down],
      ['after', after],
    ] as const) {
      for (const t of planMetadata(job.metadata.uid, specs[name] as never)) planned.set(t.id, name);
    }
    const consumer = await Consumer.open(broker.amqpUrl, topologyNames(suite.prefix).queue.metadata, { prefetch: 1000 });
    try {
      await waitFor('every planned task consumed', async () => new Set(consumer.got.map((d) => d.id)).size >= planned.size, 30_000);
      await sleep(1000);
      const ids = consumer.got.map((d) => d.id);
      assert.is(new Set(ids).size, planned.size, 'distinct task ids == planned');
      assert.is(ids.length, planned.size, `no task published twice (${ids.length} messages)`);
      assert.ok(
        ids.every((id) => planned.has(id)),
        'only planned ids',
      );
    } finally {
      await consumer.close();
    }

    assert.is(op.child.pid, pid);
    assert.is(op.child.exitCode, null, 'the operator is still running');
    assert.is(count(op.output(), /RabbitMQ connection lost/), 1, op.output());
    assert.is(count(op.output(), /RabbitMQ connection is back/), 1, op.output());
    console.log(
      `operator, broker ${how}: tasks of the jobs created while down and right after queued ${recoveredMs} ms after the broker answered again`,
    );
    assert.is(await op.stop(), 0);
  });
}

test.run();
