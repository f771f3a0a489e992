// The loop queue -> scale -> consumers -> queue drains, closed for real: three departments submit
// jobs at once, the operator's CollectorPool raises the worker Deployment, the real ReplicaSet
// controller and scheduler create its pods, KWOK runs them on its fake node, and the development pod
// runner starts one real worker process per Running pod. When the backlog is gone the pool scales back
// down, the ReplicaSet removes pods and their processes get SIGTERM, and no task was retried or lost
// on the way (every task succeeded at its first attempt). Tasks use the search API (no browser), so
// the burst is quick on this machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../lib/log.js';
import { k8s } from '../../lib/kube/client.js';
import { PodRunner } from '../runner/pod-runner.js';
import { createOpenApiSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import { pods, poolStatus, replicas } from './autoscale-support.js';
import { createFleet, smallKeywordDays, truth } from './e2e-support.js';
import { Kube, operatorEnv, sleep, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, freePort } from './worker-support.js';

const WINDOW_S = 6;
let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let runner: PodRunner;
let source: string;
let logDir: string;
let namespaces: string[];

test.before(async () => {
  try {
    suite = await isolatedSuite('e2e-scale');
    kube = new Kube(suite);
    const core = suite.kc.makeApiClient(k8s.CoreV1Api);
    namespaces = [suite.namespace, `${suite.namespace}-b`.slice(0, 63), `${suite.namespace}-c`.slice(0, 63)];
    for (const ns of namespaces.slice(1))
      await core.createNamespace({ body: { metadata: { name: ns, labels: { 'newsroom.dev/test-suite': 'e2e-scale' } } } });
    for (const [i, ns] of namespaces.entries()) {
      await kube.createDepartment(`d${i}`, { namespaces: [ns], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 20 } });
    }
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', suite.env.PORTAL_URL!, 'scale', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    // The search API's credentials, read by the workers from their own namespace.
    await createOpenApiSecret(suite.namespace);
    await createFleet(kube.rest, suite.namespace, {
      workers: { min: 1, max: 3 },
      nodes: { min: 0, max: 0 },
      windowSeconds: WINDOW_S,
      gridUrl: suite.env.SELENIUM_GRID_URL,
    });
    op = startOperator(operatorEnv(suite, { OPERATOR_WATCH_NAMESPACES: namespaces.join(',') }));
    await op.port();
    logDir = mkdtempSync(join(tmpdir(), 'e2e-scale-pods-'));
    runner = new PodRunner({
      rest: kube.rest,
      log: createLogger('e2e-runner', 'warn'),
      namespace: suite.namespace,
      workerDeployment: 'worker',
      workerEnv: suite.programEnv({ WORKER_NAMESPACE: suite.namespace, WORKER_PAGE_RETRY_BACKOFF_MS: '300' }),
      workerSlots: 2,
      maxWorkers: 3,
      maxNodes: 0,
      sessionsPerNode: 2,
      basePort: await freePort(),
      gridUrl: suite.env.SELENIUM_GRID_URL,
      registrationSecret: '',
      logDir,
    });
    runner.start();
    await waitFor('the pool status', async () => (await poolStatus(kube.rest, suite.namespace, 'fleet'))?.workers?.current === 1, 30_000);
    await waitFor('one worker process for the warm pod', async () => runner.counts().workers === 1, 30_000);
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await runner?.close();
  await kube?.cleanup(namespaces ?? []);
  await op?.stop();
  if (source) await deleteProfile(source);
  const core = suite?.kc.makeApiClient(k8s.CoreV1Api);
  for (const ns of namespaces?.slice(1) ?? []) await core?.deleteNamespace({ name: ns }).catch(() => undefined);
  if (logDir) rmSync(logDir, { recursive: true, force: true });
  await suite?.cleanup();
});

test('a burst from three departments scales the workers up and back down, and no task is interrupted', async () => {
  const day = (await smallKeywordDays())[0]!;
  const keywords = (await truth<{ keywords: string[] }>('summary')).keywords;
  const from = new Date(Date.parse(day.date) - 7 * 86_400_000).toISOString().slice(0, 10);
  // Three departments, two keywords x 8 days each: 48 tasks. Each request waits 500 ms first, so the
  // burst outlasts the seconds a new worker process needs before it consumes (without the wait the
  // warm worker alone could finish it on a busy machine, and the test would prove nothing).
  const started = Date.now();
  for (const [i, ns] of namespaces.entries()) {
    await kube.createJob(
      `burst-${i}`,
      {
        type: 'Metadata',
        source,
        method: 'api',
        keywords: keywords.slice(2 * i, 2 * i + 2),
        dateRange: { from, to: day.date },
        parallelism: 8,
        requestDelay: { minMs: 500, maxMs: 500 },
      },
      { namespace: ns },
    );
  }
  // Which worker pods hold task leases while the burst runs, and when each was first seen holding one.
  const firstLease = new Map<string, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const r = await suite.pool.query<{ lease_owner: string }>(
        `SELECT DISTINCT lease_owner FROM tasks WHERE state = 'running' AND lease_owner IS NOT NULL`,
      );
      for (const x of r.rows) if (!firstLease.has(x.lease_owner)) firstLease.set(x.lease_owner, Date.now() - started);
      await sleep(100);
    }
  })();
  const raised = await waitFor(
    'workers raised to 3',
    async () => ((await replicas(kube.rest, suite.namespace, 'worker')) === 3 ? Date.now() : 0),
    30_000,
    100,
  );
  const three = await waitFor('three worker processes', async () => (runner.counts().workers === 3 ? Date.now() : 0), 30_000, 200);
  const scaledPods = (await pods(kube.rest, suite.namespace, 'worker')).filter((p) => !p.deleting).map((p) => p.name);
  for (const [i, ns] of namespaces.entries()) {
    await waitFor(
      `job burst-${i} finished`,
      async () => ['Complete', 'Failed'].includes((await kube.getJob(`burst-${i}`, ns)).status?.phase ?? ''),
      180_000,
      500,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${op.output().slice(-2000)}`);
    });
  }
  const done = Date.now();
  watching = false;
  await watcher;
  const holders = new Set(firstLease.keys());
  console.log(
    `burst: workers raised to 3 after ${raised - started} ms, three processes after ${three - started} ms, 48 tasks done after ${done - started} ms, leases held by ${holders.size} pods (first lease at ${[...firstLease.values()].join(', ')} ms)`,
  );

  // Back down to the warm minimum once the window has passed, the pods removed and their processes ended.
  const lowered = await waitFor(
    'workers back at 1',
    async () => ((await replicas(kube.rest, suite.namespace, 'worker')) === 1 ? Date.now() : 0),
    (WINDOW_S + 30) * 1000,
    200,
  );
  console.log(`workers back at 1, ${lowered - done} ms after the last job was seen finished (window ${WINDOW_S} s)`);
  await waitFor('one worker pod left', async () => (await pods(kube.rest, suite.namespace, 'worker')).length === 1, 60_000, 200);
  await waitFor('one worker process left', async () => runner.counts().workers === 1, 60_000, 200);
  const left = (await pods(kube.rest, suite.namespace, 'worker')).map((p) => p.name);

  // Every task of the three jobs succeeded at its first attempt: none was retried because its pod went.
  const tasks = (
    await suite.pool.query<{ name: string; state: string; attempts: number; last_error: string | null }>(
      `SELECT j.name, t.state, t.attempts, t.last_error FROM tasks t JOIN jobs j ON j.uid = t.job_uid`,
    )
  ).rows;
  assert.is(tasks.length, 48);
  assert.equal(
    tasks.filter((t) => t.state !== 'succeeded' || t.attempts !== 1),
    [],
    'tasks retried, failed or unfinished',
  );
  for (const [i, ns] of namespaces.entries()) assert.is((await kube.getJob(`burst-${i}`, ns)).status?.phase, 'Complete');
  // The check means something: several pods did work, and pods that did work were removed by the scale-down.
  assert.ok(holders.size >= 2, `leases held by ${[...holders].join(', ')}`);
  assert.ok(
    [...holders].some((h) => scaledPods.includes(h) && !left.includes(h)),
    `a pod that held leases was removed (held: ${[...holders].join(', ')}; left: ${left.join(', ')})`,
  );
  const events = await kube.events();
  assert.ok(
    events.some((e) => e.reason === 'ScaledUp' && /^workers 1 -> [23]/.test(e.message)),
    events.map((e) => `${e.reason}: ${e.message}`).join('\n'),
  );
  assert.ok(events.some((e) => e.reason === 'ScaledDown' && /^workers [23] -> 1/.test(e.message)));
});

test.run();
