// The broker forgets while a job has tasks waiting and running, on a private broker node of this
// suite: the task queues purged, a task queue deleted, and the node restarted without its data (a lost
// volume). PostgreSQL still holds the tasks as queued; the operator's broker audit notices the queues no
// longer hold them and publishes them again, the worker declares a deleted queue again and subscribes
// again. Every job completes with exactly the portal's ground truth of its keyword-days, nothing is
// restarted by hand (same processes), and newsroom_tasks_republished_total says what happened.
// No browser: metadata through the Search API emulation, slowed by a fault rule so tasks wait.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topologyNames } from '../../lib/amqp/topology.js';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { privateBroker, type PrivateBroker } from '../harness/broker.js';
import { pickDays } from '../harness/corpus.js';
import { createOpenApiSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import type { TruthArticle } from '../portal/truth.js';
import { condition, Kube, operatorEnv, startOperator, taskStates, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, startPortal, startWorker, tearDown, type PortalProc, type WorkerProc } from './worker-support.js';

let suite: Suite;
let kube: Kube;
let broker: PrivateBroker;
let portal: PortalProc;
let op: OperatorProcess;
let worker: WorkerProc;
let source: string;
let keyword: string;
let days: string[];
let metricsUrl: string;

const DAYS = 8;

test.before(async () => {
  try {
    suite = await isolatedSuite('broker-loss');
    kube = new Kube(suite);
    broker = await privateBroker('loss');
    await broker.start();
    portal = await startPortal();
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'loss', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    await createOpenApiSecret(suite.namespace);
    const day = (await pickDays(portal.truth, { min_articles: 2, max_articles: 12 }))[0]!;
    keyword = day.query;
    const first = Date.parse(`${day.date}T00:00:00Z`) - 3 * 86_400_000;
    days = Array.from({ length: DAYS }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
    await kube.createDepartment('loss', { namespaces: [suite.namespace], quota: { inFlightTasks: 50 } });
    const amqp = { AMQP_URL: broker.amqpUrl, RABBITMQ_MANAGEMENT_URL: broker.managementUrl };
    op = startOperator(operatorEnv(suite, { ...amqp, OPERATOR_BROKER_AUDIT_SECONDS: '2' }));
    metricsUrl = `http://127.0.0.1:${await op.port()}/metrics`;
    worker = await startWorker(suite, { AMQP_URL: broker.amqpUrl, WORKER_SLOTS: '2', WORKER_LEASE_SECONDS: '10' });
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  await tearDown({ workers: [worker], portal, profiles: [source], also: async () => broker?.destroy(), suite });
});

async function republished(): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^newsroom_tasks_republished_total\{([^}]*)\} (\d+)/gm)) {
    const label = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m[1]!)?.[1];
    if (Number(m[2])) out[`${label('queue')}/${label('reason')}`] = Number(m[2]);
  }
  if (!/newsroom_tasks_republished_total/.test(text)) throw new Error(`no newsroom_tasks_republished_total at ${metricsUrl}: ${text.slice(0, 500)}`);
  return out;
}

const names = () => topologyNames(suite.prefix);
const lines = (p: { output(): string }, re: RegExp) =>
  p
    .output()
    .split('\n')
    .filter((l) => re.test(l));

/** Every keyword-day of the job stored exactly as the portal's Search API truth has it, nothing else. */
async function checkTruth(uid: string): Promise<number> {
  const truth: TruthArticle[] = [];
  for (const date of days)
    truth.push(...(await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(keyword)}&date=${date}`)).articles);
  const r = await suite.pool.query<{ identity: string; title: string; original_url: string; published_at: Date }>(
    `SELECT a.identity, a.title, a.original_url, a.published_at FROM articles a JOIN job_articles ja ON ja.article_id = a.id
      WHERE ja.job_uid = $1 AND ja.keyword = $2`,
    [uid, keyword],
  );
  const stored = new Map(r.rows.map((a) => [a.identity, a]));
  assert.is(stored.size, truth.length, 'articles');
  for (const ta of truth) {
    const a = stored.get(ta.portal ? `${ta.oid}/${ta.aid}` : canonicalUrl(ta.originallink));
    assert.ok(a, `${ta.key} is stored`);
    assert.equal(
      [a.title, a.original_url, a.published_at.toISOString()],
      [ta.title, canonicalUrl(ta.originallink), new Date(ta.published_at).toISOString()],
      ta.key,
    );
  }
  return truth.length;
}

const faults: Record<string, { expect: RegExp; inflict: () => Promise<void> }> = {
  'the task queues purged': {
    expect: /metadata\/short/,
    inflict: async () => {
      for (const q of Object.values(names().queue)) await broker.management.purgeQueue(q);
    },
  },
  'the metadata queue deleted': {
    expect: /metadata\/(short|queue-missing)/,
    inflict: () => broker.management.deleteQueue(names().queue.metadata),
  },
  'the broker restarted without its data': {
    expect: /metadata\/(short|queue-missing)/,
    inflict: async () => {
      await broker.stop({ kill: true });
      broker.wipe();
      await broker.start();
    },
  },
};

let n = 0;
for (const [what, f] of Object.entries(faults)) {
  test(`${what} while tasks wait and run: the job completes with exactly the ground truth, nothing restarted`, async () => {
    const pids = [op.child.pid, worker.child.pid];
    const before = await republished();
    // Each Search API call takes 2 s: two tasks run and the rest wait in the queue when the fault hits.
    await portal.fault({ path: '^/v1/search/news', action: 'slow', delayMs: 2000 });
    const name = `loss-${++n}`;
    const job = await kube.createJob(name, {
      type: 'Metadata',
      method: 'api',
      source,
      keywords: [keyword],
      dateRange: { from: days[0], to: days.at(-1) },
      parallelism: 50,
    });
    await waitFor(
      'tasks waiting and running',
      async () => {
        const s = await taskStates(suite, job.metadata.uid);
        return (s.running ?? 0) >= 1 && (s.queued ?? 0) >= 3;
      },
      60_000,
      200,
    );
    await f.inflict();
    await portal.clearFaults();
    const done = await waitFor(
      'the job to finish',
      async () => {
        const j = await kube.getJob(name);
        return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True' ? j : null;
      },
      180_000,
      500,
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${JSON.stringify(await taskStates(suite, job.metadata.uid))}\n${op.output().slice(-3000)}\n${worker.output().slice(-3000)}`,
      );
    });
    assert.is(condition(done, 'Complete')?.status, 'True', JSON.stringify(done.status));
    assert.equal(await taskStates(suite, job.metadata.uid), { succeeded: DAYS });
    const articles = await checkTruth(job.metadata.uid);
    const after = await republished();
    const grew = Object.keys(after).filter((k) => after[k] !== before[k]);
    assert.ok(
      grew.some((k) => f.expect.test(k)),
      `newsroom_tasks_republished_total grew for ${f.expect} (before ${JSON.stringify(before)}, after ${JSON.stringify(after)})\n${lines(op, /published them again|was missing|audit/).join('\n')}\n${worker.output().slice(-2000)}`,
    );
    assert.equal([op.child.pid, worker.child.pid], pids, 'the same processes');
    assert.is(op.child.exitCode, null);
    assert.is(worker.child.exitCode, null);
    console.log(
      `${what}: ${DAYS} tasks, ${articles} articles exact; republished ${JSON.stringify(Object.fromEntries(grew.map((k) => [k, after[k]! - (before[k] ?? 0)])))}`,
    );
  });
}

test('the worker declared the deleted queue again itself, and counted the cancelled consumers', async () => {
  const text = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
  const cancels = Number(/^newsroom_worker_consumer_cancels_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
  assert.ok(
    cancels >= 2,
    `newsroom_worker_consumer_cancels_total ${cancels}: both slots' consumers of the deleted queue\n${lines(worker, /cancel|declar|RabbitMQ/).join('\n')}`,
  );
  assert.ok(lines(worker, /the broker cancelled our consumer/).length >= 1, worker.output().slice(-3000));
  assert.ok(lines(worker, /task queues declared again and every slot subscribed/).length >= 1, worker.output().slice(-3000));
});

test.run();
