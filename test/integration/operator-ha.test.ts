// Crash safety and leader election: an operator killed with SIGKILL in the middle of publishing a
// 500-task job loses nothing once restarted; of two operator processes only the leader acts, and
// killing it hands over to the other; a RabbitMQ connection dropped under a running operator is
// re-established by itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { planMetadata } from '../../operator/plan/plan.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { Consumer, Kube, operatorEnv, sleep, startOperator, taskStates, waitFor, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
const procs: (OperatorProcess & { identity: string })[] = [];

test.before(async () => {
  suite = await isolatedSuite('operator-ha');
  kube = new Kube(suite);
  await kube.createDepartment('ha', { namespaces: [suite.namespace], quota: { inFlightTasks: 1000 } });
});

test.after(async () => {
  await kube?.cleanup([suite.namespace]);
  for (const p of procs) await p.stop();
  await suite?.cleanup();
});

const start = (extra: Record<string, string> = {}) => {
  const identity = `op-${procs.length}-${suite.id}`;
  const p = Object.assign(startOperator(operatorEnv(suite, { OPERATOR_PUBLISH_BATCH: '10', OPERATOR_IDENTITY: identity, ...extra })), { identity });
  procs.push(p);
  return p;
};

async function leaderStatus(p: OperatorProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await p.port()}/metrics`)).text();
  return Number(/leader_election_master_status\{[^}]*\} (\d)/.exec(text)?.[1] ?? -1);
}

test('SIGKILL in the middle of publishing a 500-task job: after a restart every task is published, none lost', async () => {
  const keywords = Array.from({ length: 50 }, (_, i) => `kw${i}`);
  const spec = { type: 'Metadata', keywords, dateRange: { from: '2024-12-01', to: '2024-12-10' }, parallelism: 1000 };
  const first = start();
  await first.port();
  const job = await kube.createJob('big', spec);
  const uid = job.metadata.uid;
  const queuedAtKill = await waitFor(
    'publishing to begin',
    async () => {
      const n = (await taskStates(suite, uid)).queued ?? 0;
      return n > 0 ? n : undefined;
    },
    30_000,
    5,
  );
  first.child.kill('SIGKILL');
  await first.exit;
  const after = await taskStates(suite, uid);
  assert.ok(queuedAtKill < 500 && (after.queued ?? 0) < 500, `killed while publishing (queued ${after.queued ?? 0} of 500)`);
  const second = start();
  await waitFor('all 500 queued after the restart', async () => (await taskStates(suite, uid)).queued === 500, 60_000);
  const consumer = await Consumer.open(suite.env.AMQP_URL, topologyNames(suite.prefix).queue.metadata, { prefetch: 1000 });
  try {
    await waitFor('500 distinct task ids consumed', async () => new Set(consumer.got.map((d) => d.id)).size >= 500, 30_000);
    await sleep(500);
    const planned = new Set(planMetadata(uid, spec as never).map((t) => t.id));
    const distinct = new Set(consumer.got.map((d) => d.id));
    assert.is(distinct.size, 500);
    assert.ok(
      [...distinct].every((id) => planned.has(id)),
      'only planned ids',
    );
    assert.ok(consumer.got.length >= 500, `${consumer.got.length} messages (duplicates of the crash window are harmless)`);
  } finally {
    await consumer.close();
  }
  await second.stop();
});

test('two operators: only the leader acts; killing it hands over within the lease duration', async () => {
  const a = start();
  const b = start();
  const [pa, pb] = [await a.port(), await b.port()];
  void pa;
  void pb;
  const statuses = await waitFor(
    'one leader',
    async () => {
      const s = [await leaderStatus(a), await leaderStatus(b)];
      return s[0]! + s[1]! === 1 ? s : undefined;
    },
    30_000,
  );
  const [leader, standby] = statuses[0] === 1 ? [a, b] : [b, a];
  const j1 = await kube.createJob('ha-one', { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000011'] } });
  await waitFor('published by the leader', async () => (await taskStates(suite, j1.metadata.uid)).queued === 1);
  assert.is(await leaderStatus(standby), 0, 'the standby stays standby');
  leader.child.kill('SIGKILL');
  await leader.exit;
  const killedAt = Date.now();
  const j2 = await kube.createJob('ha-two', { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000012'] } });
  await waitFor('the standby takes over and publishes', async () => (await taskStates(suite, j2.metadata.uid)).queued === 1, 30_000);
  const tookMs = Date.now() - killedAt;
  assert.ok(
    tookMs < 25_000,
    `handed over in ${tookMs} ms\n${standby
      .output()
      .split('\n')
      .filter((l) => /leader|lease/.test(l))
      .join('\n')}`,
  );
  assert.is(await leaderStatus(standby), 1);
  console.log(`leader handover: ${tookMs} ms from SIGKILL to the standby's first publish`);
});

test('a RabbitMQ connection closed under the operator is re-established and publishing goes on', async () => {
  const op = procs.find((p) => p.child.exitCode === null && p.child.signalCode === null)!;
  const base = new URL(suite.env.RABBITMQ_MANAGEMENT_URL);
  const auth = 'Basic ' + Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
  base.username = '';
  base.password = '';
  const conns = (await (await fetch(new URL('/api/connections', base), { headers: { authorization: auth } })).json()) as {
    name: string;
    user_provided_name?: string;
    client_properties?: { connection_name?: string };
  }[];
  const mine = `newsroom-operator ${op.identity}`;
  const ours = conns.filter((c) => (c.user_provided_name ?? c.client_properties?.connection_name) === mine);
  assert.ok(ours.length >= 1);
  for (const c of ours)
    await fetch(new URL(`/api/connections/${encodeURIComponent(c.name)}`, base), {
      method: 'DELETE',
      headers: { authorization: auth, 'x-reason': 'test' },
    });
  await sleep(300);
  const j = await kube.createJob('after-drop', { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000013'] } });
  await waitFor('published after the reconnect', async () => (await taskStates(suite, j.metadata.uid)).queued === 1, 30_000);
});

test.run();
