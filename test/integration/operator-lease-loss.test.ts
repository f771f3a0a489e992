// A leader that loses its Lease stops at once. The operator is paused (SIGSTOP) past its renew
// deadline while work is waiting for it (a task finished, so a status write and the next publish are
// due; a new job arrived), and the Lease is taken over by another identity meanwhile. Once resumed,
// it must write nothing to the apiserver and publish nothing: it stays a standby. When the Lease is
// free again it leads again and does the waiting work, which shows the silence was the lease's doing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { resourcePath, type KubeObject } from '../../lib/kube/rest.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  Consumer,
  DEPTS,
  Kube,
  operatorEnv,
  sleep,
  startOperator,
  taskStates,
  waitFor,
  worker,
  type Job,
  type OperatorProcess,
} from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess | undefined;

test.before(async () => {
  suite = await isolatedSuite('operator-lease-loss');
  kube = new Kube(suite);
  await kube.createDepartment('lease', { namespaces: [suite.namespace], quota: { inFlightTasks: 100 } });
});

test.after(async () => {
  if (op && op.child.exitCode === null) op.child.kill('SIGCONT');
  await op?.stop();
  await kube?.cleanup([suite.namespace]);
  await suite?.cleanup();
});

interface Lease {
  metadata: { resourceVersion: string };
  spec: { holderIdentity?: string | null; renewTime?: string; leaseDurationSeconds?: number; leaseTransitions?: number };
}

const microTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

async function leaderStatus(p: OperatorProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await p.port()}/metrics`)).text();
  return Number(/leader_election_master_status\{[^}]*\} (\d)/.exec(text)?.[1] ?? -1);
}

async function eventCount(): Promise<number> {
  return (await kube.events()).length;
}

test('a leader paused past its renew deadline while its lease was taken over writes and publishes nothing once resumed', async () => {
  const env = operatorEnv(suite, { OPERATOR_IDENTITY: `op-${suite.id}` });
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${suite.namespace}/leases/${env.LEADER_ELECTION_ID}`;
  op = startOperator(env);
  await op.port();
  await waitFor('the operator to lead', async () => (await leaderStatus(op!)) === 1, 30_000);

  const urls = [1, 2, 3].map((i) => `https://n.news.naver.com/mnews/article/001/00000001${i}0`);
  const j1 = await kube.createJob('before', { type: 'Comments', articles: { urls }, parallelism: 1 });
  const uid1 = j1.metadata.uid;
  await waitFor(
    'the first task queued and the status written',
    async () => {
      const j = await kube.getJob('before');
      return (await taskStates(suite, uid1)).queued === 1 && j.status?.tasks?.queued === 1 && j.metadata.finalizers?.length ? true : undefined;
    },
    30_000,
  );
  const consumer = await Consumer.open(suite.env.AMQP_URL, topologyNames(suite.prefix).queue.comments, { prefetch: 100 });
  try {
    await waitFor('the first task consumed', async () => consumer.got.length === 1);
    await sleep(1000); // the last status write and its events settle

    op.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    try {
      const before = await kube.getJob('before');
      const eventsBefore = await eventCount();
      const deptPath = resourcePath(DEPTS, undefined, kube.deptName('lease'));
      const deptBefore = await kube.rest.get<KubeObject>(deptPath);
      // Another identity takes the Lease, as a standby would after the lease duration.
      const lease = await kube.rest.get<Lease>(leasePath);
      assert.is(lease.spec.holderIdentity, env.OPERATOR_IDENTITY);
      await kube.rest.request('PUT', leasePath, {
        body: {
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: 'someone-else',
            renewTime: microTime(new Date()),
            leaseDurationSeconds: 120,
            leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1,
          },
        },
      });
      // Work waits for the operator: the queued task finished (status and the next publish are
      // due) and a new job arrived (finalizer, planning, status and publishing are due).
      const [first] = consumer.got;
      await worker.claim(suite, first!.id);
      await worker.succeed(suite, first!.id, 0, 5);
      const j2 = await kube.createJob('during', { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000140'] } });
      // Past the renew deadline (10 s) since the last renewal (at most one retry period, 2 s, before the stop).
      await sleep(Math.max(0, stoppedAt + 10_500 - Date.now()));
      op.child.kill('SIGCONT');
      await waitFor('the operator to notice', async () => /stopped leading/.test(op!.output()), 10_000);
      await sleep(3000); // many status intervals (300 ms) and dispatcher rounds

      assert.is(await leaderStatus(op), 0, 'a standby now');
      assert.ok(op.child.exitCode === null && op.child.signalCode === null, 'it stays up as a standby');
      const after = await kube.getJob('before');
      assert.is(after.metadata.resourceVersion, before.metadata.resourceVersion, 'no write to the job that had a status write due');
      assert.equal(after.status, before.status);
      const during: Job = await kube.getJob('during');
      assert.is(during.metadata.finalizers, undefined, 'no finalizer on the new job');
      assert.is(during.status, undefined, 'no status on the new job');
      assert.is(
        (await kube.rest.get<KubeObject>(deptPath)).metadata?.resourceVersion,
        deptBefore.metadata?.resourceVersion,
        'no write to the Department',
      );
      assert.is(await eventCount(), eventsBefore, 'no events recorded');
      assert.equal(await taskStates(suite, uid1), { succeeded: 1, pending: 2 }, 'nothing more published for the first job');
      assert.equal(await taskStates(suite, j2.metadata.uid), {}, 'the new job was not even planned');
      assert.is(consumer.got.length, 1, 'no message published');
      const holder = (await kube.rest.get<Lease>(leasePath)).spec.holderIdentity;
      assert.is(holder, 'someone-else', 'the lease was left alone');

      // The lease is let go: the operator leads again and does the work that waited.
      const taken = await kube.rest.get<Lease>(leasePath);
      await kube.rest.request('PUT', leasePath, { body: { ...taken, spec: { ...taken.spec, holderIdentity: null, leaseDurationSeconds: 1 } } });
      await waitFor('the operator to lead again', async () => (await leaderStatus(op!)) === 1, 20_000);
      await waitFor(
        'the waiting work done',
        async () => {
          const [s1, s2] = [await taskStates(suite, uid1), await taskStates(suite, j2.metadata.uid)];
          const d = await kube.getJob('during');
          return s1.queued === 1 && s2.queued === 1 && d.status?.tasks?.queued === 1 && d.metadata.finalizers?.length ? true : undefined;
        },
        20_000,
      );
      await waitFor('both messages consumed', async () => consumer.got.length === 3);
    } finally {
      if (op.child.exitCode === null) op.child.kill('SIGCONT');
    }
  } finally {
    await consumer.close();
  }
});

test.run();
