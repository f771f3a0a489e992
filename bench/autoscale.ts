// Autoscaling on the local stack (after `make up`): the operator's CollectorPool controller sizing a
// worker Deployment and a Selenium node Deployment whose pods KWOK runs. Three measurements:
//  1. reaction: a burst of 200 tasks lands in an empty queue; time until the worker Deployment's
//     replicas are raised, and the Selenium node Deployment's (REPS repetitions, p50/p90/max);
//  2. a ramp up and down of real browser tasks, with the development pod runner keeping real worker
//     processes and Grid nodes for the Running pods: tasks interrupted by a scale-down (retried, failed,
//     or not finished at attempt 1);
//  3. idle capacity: the Grid's free slots beyond the warm minimum (the stack's own node) 60 s after the
//     ramp's last task finished;
//  4. idle capacity under a steady load: a constant number of browser tasks in flight for a bounded
//     time; the free slots of the Grid nodes the pool added, sampled from the Grid's GraphQL endpoint
//     once the first scale-up has settled (mean and max).
// Prints one JSON line per measurement and writes the Autoscaling section of BENCHMARKS.md.
//   BENCH_REPS (10), BENCH_IDLE_AFTER_S (60), BENCH_WINDOW_S (stabilization window of the ramp, 10),
//   BENCH_STEADY_S (length of the steady load, 180), BENCH_STEADY_INFLIGHT (tasks in flight, 3),
//   BENCH_STEADY_WINDOW_S (stabilization window during the steady load, 60),
//   BENCH_RECORD (1; 0: print only, leave BENCHMARKS.md alone)
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { topologyNames } from '../lib/amqp/topology.js';
import { GridClient } from '../operator/grid/client.js';
import { MERGE_PATCH, resourcePath } from '../lib/kube/rest.js';
import type { PodRunner } from '../test/runner/pod-runner.js';
import { createOpenApiSecret, createRegistrationSecret } from '../test/harness/stack.js';
import { poolStatus, POOLS, replicas } from '../test/integration/autoscale-support.js';
import { daysBefore, pickDays } from '../test/harness/corpus.js';
import { createFleet, smallKeywordDays, truth } from '../test/integration/e2e-support.js';
import { sleep, waitFor } from '../test/integration/operator-support.js';
import { applyProfile, deleteProfile } from '../test/integration/worker-support.js';
import { percentile, setUp } from './operator-common.js';
import { runnerNodes, startRunner } from './pod-fleet.js';
import { writeWorkerSection } from './worker-report.js';

const REPS = Number(process.env.BENCH_REPS ?? 10);
const IDLE_AFTER_S = Number(process.env.BENCH_IDLE_AFTER_S ?? 60);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 180);
const INFLIGHT = Number(process.env.BENCH_STEADY_INFLIGHT ?? 3);
const STEADY_WINDOW_S = Number(process.env.BENCH_STEADY_WINDOW_S ?? 60);
/** The steady part starts at the latest this long after the load (if the scale-up never settles). */
const SETTLE_LIMIT_MS = 90_000;
const SAMPLE_MS = 3_000;
const BURST = 200;
const log = (s: string) => console.log(`[autoscale] ${s}`);
const out = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

/** Waits for the fleet back at its minimum (1 worker, no node); on a timeout, says what the pool saw. */
async function atRest(): Promise<void> {
  await waitFor(
    'the fleet at rest',
    async () => (await replicas(rest, ns, 'worker')) === 1 && (await replicas(rest, ns, 'chrome')) === 0,
    60_000,
    200,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}; pool status: ${JSON.stringify(await poolStatus(rest, ns, 'fleet'))}; operator: ${b.op.output().slice(-1500)}`);
  });
}

const b = await setUp('bench-autoscale', { OPERATOR_STATUS_INTERVAL_MS: '500' });
const { suite, kube } = b;
const ns = suite.namespace;
const rest = kube.rest;
const names = topologyNames(suite.prefix);
const started = new Date();
let runner: PodRunner | undefined;
let logDir = '';
let source = '';
try {
  await createRegistrationSecret(suite);
  await createFleet(rest, ns, {
    workers: { min: 1, max: 20 },
    nodes: { min: 0, max: 3 },
    windowSeconds: 3,
    pollSeconds: 2,
    gridUrl: suite.env.SELENIUM_GRID_URL,
    registrationSecret: 'selenium-registration',
  });
  await waitFor('the pool status', async () => (await poolStatus(rest, ns, 'fleet'))?.observedGeneration === 1, 30_000);
  const conn = await amqp.connect(suite.env.AMQP_URL);
  const ch = await conn.createChannel();

  // 1. Reaction to a burst of 200 tasks.
  log(
    `reaction: ${REPS} bursts of ${BURST} tasks (one keyword x ${BURST} days, parallelism ${BURST}), no consumers; workers 1..20 x 2 slots, Selenium nodes 0..3 x 2`,
  );
  const fromQueued: number[] = [];
  const fromCreated: number[] = [];
  const nodesFromQueued: number[] = [];
  for (let i = 0; i < REPS; i++) {
    await atRest();
    const to = new Date(Date.UTC(2025, 0, 1) + (BURST - 1) * 86_400_000).toISOString().slice(0, 10);
    const created = Date.now();
    const job = await kube.createJob(`burst-${i}`, {
      type: 'Metadata',
      method: 'api',
      keywords: [`burst${i}`],
      dateRange: { from: '2025-01-01', to },
      parallelism: BURST,
    });
    let raisedW = 0;
    let raisedN = 0;
    while (!raisedW || !raisedN) {
      const [w, n] = await Promise.all([replicas(rest, ns, 'worker'), replicas(rest, ns, 'chrome')]);
      const now = Date.now();
      if (!raisedW && w > 1) raisedW = now;
      if (!raisedN && n > 0) raisedN = now;
      if (now - created > 60_000) throw new Error(`burst ${i}: not raised within 60 s (workers ${w}, nodes ${n})`);
      await sleep(20);
    }
    const q = await waitFor(
      'every task queued',
      async () => {
        const r = await suite.pool.query<{ first: Date | null; n: number }>(
          `SELECT min(queued_at) AS first, count(queued_at)::int AS n FROM tasks WHERE job_uid = $1`,
          [job.metadata.uid],
        );
        return r.rows[0]!.n === BURST ? r.rows[0]! : undefined;
      },
      60_000,
      100,
    );
    const first = q.first!.getTime();
    fromQueued.push(raisedW - first);
    nodesFromQueued.push(raisedN - first);
    fromCreated.push(raisedW - created);
    out({
      bench: 'autoscale-reaction',
      rep: i + 1,
      firstQueuedToWorkersMs: raisedW - first,
      firstQueuedToNodesMs: raisedN - first,
      createdToWorkersMs: raisedW - created,
      workers: await replicas(rest, ns, 'worker'),
    });
    // The burst ends: the job goes, its messages are purged, and the fleet comes back to rest.
    await kube.deleteJob(`burst-${i}`);
    await waitFor('the job gone', async () => !(await kube.getJob(`burst-${i}`).catch(() => undefined)), 60_000, 200);
    await ch.purgeQueue(names.queue.metadata);
  }
  await conn.close();
  await atRest();
  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  const stats = (xs: number[]) => ({ p50: percentile(sorted(xs), 50), p90: percentile(sorted(xs), 90), max: Math.max(...xs) });
  const reaction = { workers: stats(fromQueued), nodes: stats(nodesFromQueued), created: stats(fromCreated) };
  out({ bench: 'autoscale-reaction', reps: REPS, ...reaction });

  // 2. A ramp of real browser tasks, up and down, with real worker processes and Grid nodes.
  logDir = await mkdtemp(join(tmpdir(), 'bench-autoscale-'));
  source = await applyProfile(suite, 'manifests/newssource-naver.yaml', suite.env.PORTAL_URL!, 'bench', (s) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  });
  await rest.request('PATCH', resourcePath(POOLS, ns, 'fleet'), {
    contentType: MERGE_PATCH,
    body: { spec: { scaleDownStabilizationSeconds: WINDOW_S, workers: { maxReplicas: 3 }, seleniumNodes: { maxReplicas: 2 } } },
  });
  const gridClient = new GridClient(suite.env.SELENIUM_GRID_URL);
  const warm = (await gridClient.state()).nodes.filter((n) => n.status === 'UP').reduce((a, n) => a + n.slots, 0);
  runner = startRunner(suite, rest, logDir);
  // Up: 2 long browser tasks (keyword-days of more than 10 results, every article page, 3-4 s between
  // page requests) and 12 quick tasks through the search API (two keywords x 6 days). Down: once the
  // quick ones are done the backlog is the two long tasks, for longer than the window, so the pool
  // scales down while they run.
  await createOpenApiSecret(ns);
  const small = await smallKeywordDays();
  const summary = await truth<{ now: string; keywords: string[] }>('summary');
  const long = (await pickDays(truth, { min_articles: 11, to: daysBefore(summary.now, 7) }, 2))
    .sort((x, y) => y.articles - x.articles || y.date.localeCompare(x.date) || x.query.localeCompare(y.query))
    .slice(0, 2);
  const rampStart = Date.now();
  log(`ramp: 2 long browser tasks and 12 quick search API tasks; workers 1..3 x 2 slots, Selenium nodes 0..2 x 2, window ${WINDOW_S} s`);
  const samples: { t: number; workers: number; nodes: number; busy: number; sessions: number; slots: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [w, n, g, st] = await Promise.all([
        replicas(rest, ns, 'worker'),
        replicas(rest, ns, 'chrome'),
        gridClient.state().catch(() => undefined),
        poolStatus(rest, ns, 'fleet'),
      ]);
      samples.push({
        t: Date.now() - rampStart,
        workers: w,
        nodes: n,
        busy: st?.busySlots ?? 0,
        sessions: g?.sessions ?? -1,
        slots: g?.totalSlots ?? -1,
      });
      await sleep(1000);
    }
  })();
  const jobs: string[] = [];
  for (const [i, d] of long.entries()) {
    await kube.createJob(`ramp-long-${i}`, {
      type: 'Metadata',
      source,
      method: 'search',
      keywords: [d.query],
      dateRange: { from: d.date, to: d.date },
      priority: 9,
      requestDelay: { minMs: 3000, maxMs: 4000 },
    });
    jobs.push(`ramp-long-${i}`);
  }
  const from = small[0]!.date;
  const to = new Date(Date.parse(from) + 5 * 86_400_000).toISOString().slice(0, 10);
  await kube.createJob('ramp-quick', {
    type: 'Metadata',
    source,
    method: 'api',
    keywords: summary.keywords.slice(0, 2),
    dateRange: { from, to },
    parallelism: 12,
    priority: 5,
  });
  jobs.push('ramp-quick');
  await waitFor(
    'the ramp jobs finished',
    async () => {
      for (const j of jobs) if (!['Complete', 'Failed'].includes((await kube.getJob(j)).status?.phase ?? '')) return false;
      return true;
    },
    600_000,
    1000,
  );
  const rampEnd = Date.now();
  const tasks = (
    await suite.pool.query<{ state: string; attempts: number; last_error: string | null }>(
      `SELECT t.state, t.attempts, t.last_error FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'ramp-%'`,
    )
  ).rows;
  const interrupted = tasks.filter((t) => t.state !== 'succeeded' || t.attempts !== 1);
  const events = (
    await rest.get<{ items: { reason: string; message: string; lastTimestamp?: string; eventTime?: string }[] }>(`/api/v1/namespaces/${ns}/events`)
  ).items.filter((e) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '') >= rampStart - 1000);
  const downs = events.filter((e) => e.reason === 'ScaledDown').map((e) => e.message);
  const lastFinished = (
    await suite.pool.query<{ t: Date }>(`SELECT max(finished_at) AS t FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'ramp-%'`)
  ).rows[0]!.t.getTime();
  const downsWhileRunning = events.filter((e) => e.reason === 'ScaledDown' && Date.parse(e.lastTimestamp ?? e.eventTime ?? '') < lastFinished).length;
  const ups = events.filter((e) => e.reason === 'ScaledUp').map((e) => e.message);
  const peak = samples.reduce(
    (m, s) => ({ workers: Math.max(m.workers, s.workers), nodes: Math.max(m.nodes, s.nodes), sessions: Math.max(m.sessions, s.sessions) }),
    { workers: 0, nodes: 0, sessions: 0 },
  );
  const ramp = {
    tasks: tasks.length,
    interrupted: interrupted.length,
    seconds: Math.round((rampEnd - rampStart) / 1000),
    peak,
    scaleUps: ups.length,
    scaleDowns: downs.length,
    downsWhileRunning,
    details: interrupted.slice(0, 5),
  };
  out({ bench: 'autoscale-ramp', ...ramp, downs });

  // 3. Idle capacity IDLE_AFTER_S after the last task finished.
  await sleep(Math.max(0, lastFinished + IDLE_AFTER_S * 1000 - Date.now()));
  sampling = false;
  await sampler;
  const after = await runnerNodes(gridClient);
  const idle = {
    warmSlots: warm,
    gridSlots: after.total.totalSlots,
    gridSessions: after.total.sessions,
    scaledNodes: after.nodes,
    idleBeyondWarm: after.slots - after.sessions,
    nodes: await replicas(rest, ns, 'chrome'),
    workers: await replicas(rest, ns, 'worker'),
  };
  out({ bench: 'autoscale-idle', afterSeconds: IDLE_AFTER_S, ...idle });
  out({ bench: 'autoscale-ramp-timeline', samples: samples.filter((_, i) => i % 5 === 0) });

  // 4. Steady load: INFLIGHT browser tasks in flight (one search task per job, a new job as soon as one
  // ends) for STEADY_S seconds, with the default stabilization window. The steady part starts once the
  // first scale-up has settled: node replicas raised and each of their Grid nodes registered.
  await rest.request('PATCH', resourcePath(POOLS, ns, 'fleet'), {
    contentType: MERGE_PATCH,
    body: { spec: { scaleDownStabilizationSeconds: STEADY_WINDOW_S } },
  });
  log(
    `steady load: ${INFLIGHT} browser search tasks in flight for ${STEADY_S} s (window ${STEADY_WINDOW_S} s); Grid sampled every ${SAMPLE_MS / 1000} s`,
  );
  const steadyStart = Date.now();
  const steadyEnd = steadyStart + STEADY_S * 1000;
  const inFlight = new Set<string>();
  let created = 0;
  let settledAt = 0;
  let nextSample = 0;
  const steadySamples: {
    t: number;
    idle: number;
    poolSessions: number;
    gridSessions: number;
    poolNodes: number;
    nodePods: number;
    workerPods: number;
  }[] = [];
  while (Date.now() < steadyEnd) {
    for (const j of [...inFlight]) if (['Complete', 'Failed'].includes((await kube.getJob(j)).status?.phase ?? '')) inFlight.delete(j);
    while (inFlight.size < INFLIGHT) {
      const d = small[created % small.length]!;
      const name = `steady-${created++}`;
      await kube.createJob(name, {
        type: 'Metadata',
        source,
        method: 'search',
        keywords: [d.query],
        dateRange: { from: d.date, to: d.date },
        priority: 5,
        requestDelay: { minMs: 1000, maxMs: 2000 },
      });
      inFlight.add(name);
    }
    if (Date.now() >= nextSample) {
      nextSample = Date.now() + SAMPLE_MS;
      const [g, nodePods, workerPods] = await Promise.all([runnerNodes(gridClient), replicas(rest, ns, 'chrome'), replicas(rest, ns, 'worker')]);
      if (!settledAt && ((nodePods > 0 && g.up >= nodePods) || Date.now() - steadyStart >= SETTLE_LIMIT_MS)) {
        settledAt = Date.now();
        log(
          `steady load: scale-up settled after ${Math.round((settledAt - steadyStart) / 1000)} s (node pods ${nodePods}, their Grid nodes UP ${g.up})`,
        );
      }
      if (settledAt) {
        steadySamples.push({
          t: Date.now() - steadyStart,
          idle: g.slots - g.sessions,
          poolSessions: g.sessions,
          gridSessions: g.total.sessions,
          poolNodes: g.nodes,
          nodePods,
          workerPods,
        });
      }
    }
    await sleep(500);
  }
  await waitFor(
    'the steady jobs finished',
    async () => {
      for (const j of [...inFlight]) if (['Complete', 'Failed'].includes((await kube.getJob(j)).status?.phase ?? '')) inFlight.delete(j);
      return inFlight.size === 0;
    },
    300_000,
    1000,
  );
  const steadyTasks = (
    await suite.pool.query<{ state: string; attempts: number }>(
      `SELECT t.state, t.attempts FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'steady-%'`,
    )
  ).rows;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);
  const range = (xs: number[]) => (xs.length ? `${Math.min(...xs)}-${Math.max(...xs)}` : '-');
  const steady = {
    seconds: STEADY_S,
    inFlight: INFLIGHT,
    jobs: created,
    tasks: steadyTasks.length,
    notFirstAttempt: steadyTasks.filter((t) => t.state !== 'succeeded' || t.attempts !== 1).length,
    settledAfterS: Math.round((settledAt - steadyStart) / 1000),
    steadySeconds: Math.round((steadyEnd - settledAt) / 1000),
    samples: steadySamples.length,
    idleMean: Number(mean(steadySamples.map((x) => x.idle)).toFixed(2)),
    idleMax: steadySamples.length ? Math.max(...steadySamples.map((x) => x.idle)) : 0,
    gridSessionsMean: Number(mean(steadySamples.map((x) => x.gridSessions)).toFixed(2)),
    poolSessionsMean: Number(mean(steadySamples.map((x) => x.poolSessions)).toFixed(2)),
    nodePods: range(steadySamples.map((x) => x.nodePods)),
    poolNodes: range(steadySamples.map((x) => x.poolNodes)),
    workerPods: range(steadySamples.map((x) => x.workerPods)),
  };
  out({ bench: 'autoscale-steady', ...steady });
  out({ bench: 'autoscale-steady-timeline', samples: steadySamples });

  // BENCHMARKS.md
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  const met = (ok: boolean) => (ok ? 'yes' : '**no**');
  const record =
    process.env.BENCH_RECORD === '0'
      ? () => log('BENCH_RECORD=0: BENCHMARKS.md left alone')
      : (lines: string[]) => {
          writeWorkerSection('autoscale', lines);
          log('figures written to BENCHMARKS.md');
        };
  record([
    `Measured by \`node dist/bench/autoscale.js\` (part of \`make bench\`) on ${started.toISOString().slice(0, 10)}: the reference machine (2 cores / 24 GiB, Debian 12, Node 20), shared with other work, against the local stack of \`make up\` (kube-apiserver + etcd + kube-controller-manager + scheduler, KWOK with one fake node, PostgreSQL, RabbitMQ 3.10, Selenium Grid with the stack's own 2-slot Chromium node). The operator runs as a child process scoped to an isolated suite; its CollectorPool scales a worker Deployment and a Selenium node Deployment whose pods KWOK marks Running. \`cat /proc/loadavg\` at the end: \`${load}\` (1-minute load average ${loadavg()[0]!.toFixed(1)} on 2 cores).`,
    '',
    `Reaction: ${REPS} bursts of ${BURST} tasks (one Metadata job, one keyword x ${BURST} days, parallelism ${BURST}) into an empty queue, nobody consuming; workers 1..20 x 2 slots, Selenium nodes 0..3 x 2 sessions, step limit +10. Measured from the first task marked queued (confirmed by RabbitMQ) to the Deployment's \`spec.replicas\` raised (the bench polls the scale subresource every 20 ms). After each burst the job is deleted, the queue purged, and the fleet back at rest (window 3 s) before the next.`,
    '',
    '| measurement | p50 | p90 | max | goal | met |',
    '|---|---:|---:|---:|---|---|',
    `| first task queued -> worker replicas raised | ${reaction.workers.p50} ms | ${reaction.workers.p90} ms | ${reaction.workers.max} ms | p50 < 2 s (KEDA's default poll alone is 30 s) | ${met(reaction.workers.p50 < 2000)} |`,
    `| first task queued -> Selenium node replicas raised | ${reaction.nodes.p50} ms | ${reaction.nodes.p90} ms | ${reaction.nodes.max} ms | p50 < 2 s | ${met(reaction.nodes.p50 < 2000)} |`,
    `| job created -> worker replicas raised (planning and publishing included) | ${reaction.created.p50} ms | ${reaction.created.p90} ms | ${reaction.created.max} ms | - | - |`,
    '',
    `Ramp: 2 long search tasks through the Grid (keyword-days of more than 10 results, visiting every article page, 3-4 s between page requests) and 12 quick ones through the search API (two keywords x 6 days), so the pool scales up for the burst and down while the long ones still run; with the development pod runner keeping one real worker process (2 slots) per Running worker pod (at most 3) and one real Selenium Grid node (2 sessions, Chromium) per Running node pod (at most 2); workers 1..3, nodes 0..2, stabilization window ${WINDOW_S} s. Idle capacity is read from the Grid's GraphQL endpoint ${IDLE_AFTER_S} s after the ramp's last task finished: the free slots of the Grid nodes the pool added (UP or draining), beyond the warm minimum, which is the stack's own Grid node (${warm} slots).`,
    '',
    '| measurement | measured | goal | met |',
    '|---|---|---|---|',
    `| tasks interrupted by scale-down (not succeeded at attempt 1) | ${ramp.interrupted} of ${ramp.tasks} (peak ${peak.workers} worker pods, ${peak.nodes} node pods, ${peak.sessions} Grid sessions; ${ramp.scaleUps} scale-up and ${ramp.scaleDowns} scale-down events, ${downsWhileRunning} of them while tasks were running; ${ramp.seconds} s) | 0 | ${met(ramp.interrupted === 0 && ramp.tasks > 0)} |`,
    `| Grid slots idle beyond the warm minimum ${IDLE_AFTER_S} s after the burst ended | ${idle.idleBeyondWarm} (scaled Grid nodes still registered: ${idle.scaledNodes}; the whole Grid: ${idle.gridSlots} slots, ${idle.gridSessions} sessions; node pods ${idle.nodes}, worker pods ${idle.workers}) | at most one node's slots (2) | ${met(idle.idleBeyondWarm <= 2)} |`,
    `| Grid slots idle beyond the warm minimum under a steady load: mean (max) | ${steady.idleMean} (${steady.idleMax}) over ${steady.samples} samples, ${steady.steadySeconds} s (sessions in the whole Grid ${steady.gridSessionsMean} on average, ${steady.poolSessionsMean} of them on the added nodes; node pods ${steady.nodePods}, added Grid nodes registered ${steady.poolNodes}, worker pods ${steady.workerPods}) | at most one node's slots (2) | ${met(steady.samples > 0 && steady.idleMax <= 2)} |`,
    '',
    `Steady load: ${INFLIGHT} browser search tasks kept in flight for ${STEADY_S} s (one search task per job, small keyword-days of the portal, 1-2 s between page requests; a new job is created as soon as one ends, ${steady.jobs} jobs in all, ${steady.notFirstAttempt} of ${steady.tasks} tasks not succeeded at attempt 1), same fleet and runner as the ramp, with the default stabilization window (${STEADY_WINDOW_S} s). Every ${SAMPLE_MS / 1000} s the bench reads the Grid's GraphQL endpoint and counts the free slots (slots minus sessions) of the Grid nodes the pool added (UP or draining); the stack's own node is the warm minimum and is not counted. Only the steady part is averaged: from the first scale-up settled (node replicas raised and every one of their Grid nodes registered, ${steady.settledAfterS} s after the load started, at most ${SETTLE_LIMIT_MS / 1000} s) to the end of the load. Sessions of other work on the shared Grid can land on the added nodes and are counted as busy.`,
    '',
    'Not measured here: reaction at the scale of a real cluster (pods here start in well under a second because KWOK runs no container).',
  ]);
} finally {
  await runner?.close();
  await b.close();
  if (source) await deleteProfile(source);
  if (logDir) await rm(logDir, { recursive: true, force: true });
}
