// The scenarios of `make bench-peers`, run the same way whichever system scales the fleet: the
// contender only says how the fleet is put back at rest. Real worker processes and Selenium Grid nodes
// run for the Running pods through the development pod runner, the same pod mechanism for both.
import type { GridClient } from '../operator/grid/client.js';
import type { Bench } from './operator-common.js';
import { runnerNodes } from './pod-fleet.js';
import { ANNOTATION_GRID_NODE } from '../operator/controllers/collectorpool.js';
import { pods, replicas } from '../test/integration/autoscale-support.js';
import { sleep, waitFor } from '../test/integration/operator-support.js';
import type { PodRunner } from '../test/runner/pod-runner.js';

export interface Contender {
  name: 'keda-defaults' | 'keda-tuned' | 'ours';
  label: string;
  /** Puts the fleet at its minimum with the scaler watching, ready for the next load. */
  reset(): Promise<void>;
  /** What the scaler saw, for a timeout's message. */
  diagnose(): Promise<string>;
  /** Seconds the scaler waits, at the longest, from the backlog gone to a pod removed (its scale-down window or cooldown). */
  windowS: number;
}

export interface Ctx {
  b: Bench;
  runner: PodRunner;
  grid: GridClient;
  source: string;
  log: (s: string) => void;
}

const done = (phase: string | undefined) => phase === 'Complete' || phase === 'Failed';

/** One browser search task: a job of one keyword-day at priority 5, with an optional pause between page requests. */
async function dayJob(c: Ctx, name: string, d: { query: string; date: string }, requestDelay?: { minMs: number; maxMs: number }): Promise<void> {
  await c.b.kube.createJob(name, {
    type: 'Metadata',
    source: c.source,
    method: 'search',
    keywords: [d.query],
    dateRange: { from: d.date, to: d.date },
    priority: 5,
    ...(requestDelay ? { requestDelay } : {}),
  });
}

export interface BurstRep {
  rep: number;
  /** ms from the first task queued (confirmed by RabbitMQ) to the Deployment's replicas raised; null: not within the limit. */
  workersRaisedMs: number | null;
  nodesRaisedMs: number | null;
  /** ms from the first task queued to the first task started by a worker pod that was not there before the burst. */
  firstNewTaskMs: number | null;
  createdToQueuedMs: number;
  peakWorkers: number;
  peakNodes: number;
  /** Replicas every SAMPLE_MS from the job's creation (ms relative to the first task queued). */
  timeline: { t: number; workers: number; nodes: number }[];
}

export interface BurstOptions {
  tasks: number;
  keyword: string;
  to: string;
  limitMs: number;
  /** Keep sampling at least this long (for the plot), even when every event has happened. */
  plotMs: number;
}

/** One burst of `tasks` browser search tasks (one keyword x `tasks` days) into an empty queue. */
export async function burst(c: Ctx, who: Contender, rep: number, o: BurstOptions): Promise<BurstRep> {
  const { b } = c;
  const ns = b.suite.namespace;
  const rest = b.kube.rest;
  await who.reset();
  const before = (await pods(rest, ns, 'worker')).map((p) => p.name);
  await waitFor('the resting worker process', async () => c.runner.counts().workers === before.length && c.runner.counts().nodes === 0, 60_000, 200);
  const from = new Date(Date.parse(o.to) - (o.tasks - 1) * 86_400_000).toISOString().slice(0, 10);
  const name = `burst-${rep}`;
  const created = Date.now();
  const job = await b.kube.createJob(name, {
    type: 'Metadata',
    source: c.source,
    method: 'search',
    keywords: [o.keyword],
    dateRange: { from, to: o.to },
    parallelism: o.tasks,
    priority: 5,
  });
  const uid = job.metadata.uid;
  let raisedW = 0;
  let raisedN = 0;
  let firstNew = 0;
  let peakW = 0;
  let peakN = 0;
  const samples: { at: number; workers: number; nodes: number }[] = [];
  for (;;) {
    const [w, n, r] = await Promise.all([
      replicas(rest, ns, 'worker'),
      replicas(rest, ns, 'chrome'),
      b.suite.pool.query<{ t: Date | null }>(
        `SELECT min(started_at) AS t FROM tasks WHERE job_uid = $1 AND lease_owner IS NOT NULL AND NOT (lease_owner = ANY($2))`,
        [uid, before],
      ),
    ]);
    const now = Date.now();
    samples.push({ at: now, workers: w, nodes: n });
    peakW = Math.max(peakW, w);
    peakN = Math.max(peakN, n);
    if (!raisedW && w > before.length) raisedW = now;
    if (!raisedN && n > 0) raisedN = now;
    if (!firstNew && r.rows[0]!.t) firstNew = r.rows[0]!.t.getTime();
    const all = raisedW && raisedN && firstNew;
    if ((all && now - created >= o.plotMs) || now - created > o.limitMs) break;
    await sleep(100);
  }
  const q = await b.suite.pool.query<{ first: Date | null }>(`SELECT min(queued_at) AS first FROM tasks WHERE job_uid = $1`, [uid]);
  if (!q.rows[0]!.first) throw new Error(`${who.label}, burst ${rep}: no task queued within ${o.limitMs} ms`);
  const first = q.rows[0]!.first.getTime();
  const rel = (t: number) => (t ? t - first : null);
  if (!raisedW || !raisedN || !firstNew)
    c.log(
      `${who.label}, burst ${rep}: not everything happened within ${o.limitMs / 1000} s (workers raised ${!!raisedW}, nodes raised ${!!raisedN}, a new worker's first task ${!!firstNew}); scaler: ${(await who.diagnose()).slice(0, 1500)}`,
    );
  await b.kube.deleteJob(name);
  await waitFor(`the job ${name} gone`, async () => !(await b.kube.getJob(name).catch(() => undefined)), 120_000, 250);
  return {
    rep,
    workersRaisedMs: rel(raisedW),
    nodesRaisedMs: rel(raisedN),
    firstNewTaskMs: rel(firstNew),
    createdToQueuedMs: first - created,
    peakWorkers: peakW,
    peakNodes: peakN,
    timeline: samples.filter((_, i) => i % 5 === 0).map((s) => ({ t: s.at - first, workers: s.workers, nodes: s.nodes })),
  };
}

export interface SteadyResult {
  seconds: number;
  inFlight: number;
  jobs: number;
  tasks: number;
  notFirstAttempt: number;
  /** null: the scale-up never settled within the load (no samples). */
  settledAfterS: number | null;
  samples: number;
  idleMean: number;
  idleMax: number;
  nodePods: string;
  addedNodes: string;
  workerPods: string;
  gridSessionsMean: number;
}

export interface SteadyOptions {
  seconds: number;
  inFlight: number;
  days: { query: string; date: string }[];
  settleLimitMs: number;
  sampleMs: number;
}

/**
 * A steady browser load: `inFlight` search tasks kept in flight (one task per job, a new job as soon as
 * one ends). Counted from the first scale-up settled (node replicas raised and their Grid nodes
 * registered, or settleLimitMs): the free slots of the Grid nodes the scaler added.
 */
export async function steady(c: Ctx, who: Contender, o: SteadyOptions): Promise<SteadyResult> {
  const { b } = c;
  const ns = b.suite.namespace;
  const rest = b.kube.rest;
  await who.reset();
  const start = Date.now();
  const end = start + o.seconds * 1000;
  const inFlight = new Set<string>();
  let created = 0;
  let settledAt = 0;
  let nextSample = 0;
  const samples: { idle: number; gridSessions: number; added: number; nodePods: number; workerPods: number }[] = [];
  while (Date.now() < end) {
    for (const j of [...inFlight]) if (done((await b.kube.getJob(j)).status?.phase)) inFlight.delete(j);
    while (inFlight.size < o.inFlight) {
      const d = o.days[created % o.days.length]!;
      const name = `steady-${created++}`;
      await dayJob(c, name, d, { minMs: 1000, maxMs: 2000 });
      inFlight.add(name);
    }
    if (Date.now() >= nextSample) {
      nextSample = Date.now() + o.sampleMs;
      const [g, nodePods, workerPods] = await Promise.all([runnerNodes(c.grid), replicas(rest, ns, 'chrome'), replicas(rest, ns, 'worker')]);
      if (!settledAt && ((nodePods > 0 && g.up >= nodePods) || Date.now() - start >= o.settleLimitMs)) {
        settledAt = Date.now();
        c.log(
          `${who.label}, steady load: scale-up settled after ${Math.round((settledAt - start) / 1000)} s (node pods ${nodePods}, their Grid nodes UP ${g.up})`,
        );
      }
      // Once, halfway: what the scaler sees (the HPA's metrics for KEDA, the pool status for ours), for the log.
      if (settledAt && samples.length === Math.floor(o.seconds / (2 * (o.sampleMs / 1000))))
        c.log(`${who.label}, steady load, halfway: ${(await who.diagnose()).slice(0, 2000)}`);
      if (settledAt) samples.push({ idle: g.slots - g.sessions, gridSessions: g.total.sessions, added: g.nodes, nodePods, workerPods });
    }
    await sleep(500);
  }
  await waitFor(
    'the steady jobs finished',
    async () => {
      for (const j of [...inFlight]) if (done((await b.kube.getJob(j)).status?.phase)) inFlight.delete(j);
      return inFlight.size === 0;
    },
    300_000,
    1000,
  );
  const tasks = (
    await b.suite.pool.query<{ state: string; attempts: number }>(
      `SELECT t.state, t.attempts FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'steady-%'`,
    )
  ).rows;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);
  const range = (xs: number[]) => (xs.length ? `${Math.min(...xs)}-${Math.max(...xs)}` : '-');
  return {
    seconds: o.seconds,
    inFlight: o.inFlight,
    jobs: created,
    tasks: tasks.length,
    notFirstAttempt: tasks.filter((t) => t.state !== 'succeeded' || t.attempts !== 1).length,
    settledAfterS: settledAt ? Math.round((settledAt - start) / 1000) : null,
    samples: samples.length,
    idleMean: Number(mean(samples.map((s) => s.idle)).toFixed(2)),
    idleMax: samples.length ? Math.max(...samples.map((s) => s.idle)) : 0,
    nodePods: range(samples.map((s) => s.nodePods)),
    addedNodes: range(samples.map((s) => s.added)),
    workerPods: range(samples.map((s) => s.workerPods)),
    gridSessionsMean: Number(mean(samples.map((s) => s.gridSessions)).toFixed(2)),
  };
}

export interface RampResult {
  tasks: number;
  /** Tasks not succeeded at their first attempt, when the ramp ended. */
  interrupted: number;
  /** Of those: tasks a removed worker pod held (its worker stopped). */
  byWorkerStop: number;
  /** Each interrupted task, with the warnings and errors its attempts logged (a retry that succeeded clears last_error). */
  details: { job: string; state: string; attempts: number; last_error: string | null; logged: string[] }[];
  /** Worker pods removed while a lease on a ramp task named them, and those tasks. */
  busyWorkerPodsRemoved: number;
  tasksOnRemovedPods: number;
  /** Node pods removed while the Grid showed sessions on their node, and those sessions. */
  busyNodesRemoved: number;
  sessionsLost: number;
  /** The long tasks' target length (the contender's window plus the margin) and what they ran (finished at attempt 1), s. */
  longTargetS: number;
  longRanS: number[];
  windowS: number;
  /** Seconds from the start to the last quick task finished, when the long tasks are submitted. */
  quickDoneS: number | null;
  seconds: number;
  peakWorkers: number;
  peakNodes: number;
  scaleDowns: string[];
  /** Drops of either Deployment's replicas while a long task ran at its first attempt. */
  scaleDownsWhileLongRan: number;
}

export interface RampOptions {
  /** Keyword-days of many articles: browsed page by page, paced so each lasts longMs. */
  long: { query: string; date: string; articles: number }[];
  quick: { query: string; date: string }[];
  longMs: number;
  limitMs: number;
}

interface RampRow {
  id: string;
  job: string;
  state: string;
  attempts: number;
  lease_owner: string | null;
  last_error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * A ramp up and down: quick browser tasks first (the fleet grows for them); the moment the last of them
 * ends, long ones onto the fleet they grew (every scaler keeps it for its window), paced to browse for
 * longMs, beyond the contender's scale-down window. From then on the queue holds only the long tasks,
 * all running, so the scaler lowers the Deployments while they run, whatever the quick phase took. Sampled every second: replicas, the worker pods and the leases they hold, the Grid nodes the
 * runner started and their sessions. A task is interrupted when it did not succeed at its first attempt
 * (a worker stopped because its pod went away gives it back to the queue; a Grid node that went away
 * ends its session and the task is retried). The ramp ends when every task succeeded or was
 * interrupted: a retry's outcome is not waited for.
 */
export async function ramp(c: Ctx, who: Contender, o: RampOptions): Promise<RampResult> {
  const { b } = c;
  const ns = b.suite.namespace;
  const rest = b.kube.rest;
  await who.reset();
  const start = Date.now();
  const jobs: string[] = [];
  const longJobs = async () => {
    for (const [i, d] of o.long.entries()) {
      // One result page, then every article page, each after the pause: the pauses set the task's length.
      const pause = Math.round(o.longMs / d.articles);
      await dayJob(c, `ramp-long-${i}`, d, { minMs: Math.round(pause * 0.9), maxMs: Math.round(pause * 1.1) });
      jobs.push(`ramp-long-${i}`);
    }
  };
  for (const [i, d] of o.quick.entries()) {
    await dayJob(c, `ramp-quick-${i}`, d);
    jobs.push(`ramp-quick-${i}`);
  }
  const expected = o.quick.length + o.long.length;
  let quickDone = 0;
  const interruptedRow = (t: RampRow) => t.attempts > 1 || t.last_error !== null || t.state === 'failed';
  const ended = (t: RampRow) => t.state === 'succeeded' || interruptedRow(t);
  let prev = { workers: await replicas(rest, ns, 'worker'), nodes: await replicas(rest, ns, 'chrome') };
  let peakW = prev.workers;
  let peakN = prev.nodes;
  const downs: { at: number; what: string; longRunning: boolean }[] = [];
  const seenWorkers = new Set<string>();
  /** Worker pods removed while holding leases: the tasks they held. */
  const removedBusy = new Map<string, string[]>();
  /** Node pods seen with their Grid node's port; those removed, and the sessions their node still had. */
  const seenNodes = new Map<string, number>();
  const removedNodes = new Map<string, number>();
  let rows: RampRow[] = [];
  for (;;) {
    const [w, n, podList, nodePods, grid, r] = await Promise.all([
      replicas(rest, ns, 'worker'),
      replicas(rest, ns, 'chrome'),
      pods(rest, ns, 'worker'),
      rest.get<{ items: { metadata: { name: string; deletionTimestamp?: string; annotations?: Record<string, string> } }[] }>(
        `/api/v1/namespaces/${ns}/pods`,
        { labelSelector: 'app.kubernetes.io/instance=chrome' },
      ),
      c.grid.state().catch(() => undefined),
      b.suite.pool.query<RampRow>(
        `SELECT t.id, j.name AS job, t.state, t.attempts, t.lease_owner, t.last_error, t.started_at, t.finished_at
           FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'ramp-%'`,
      ),
    ]);
    rows = r.rows;
    const longRunning = rows.some((t) => t.job.startsWith('ramp-long-') && t.state === 'running' && t.attempts === 1);
    if (w < prev.workers) downs.push({ at: Date.now(), what: `workers ${prev.workers} -> ${w}`, longRunning });
    if (n < prev.nodes) downs.push({ at: Date.now(), what: `nodes ${prev.nodes} -> ${n}`, longRunning });
    peakW = Math.max(peakW, w);
    peakN = Math.max(peakN, n);
    prev = { workers: w, nodes: n };
    // A worker pod gone (or going) while a lease on a ramp task still names it: its worker was stopped
    // with that task in hand (SIGTERM: it has the grace period to finish, then gives the task back).
    const live = new Set(podList.filter((p) => !p.deleting).map((p) => p.name));
    for (const t of rows)
      if (t.state === 'running' && t.lease_owner && seenWorkers.has(t.lease_owner) && !live.has(t.lease_owner)) {
        const held = removedBusy.get(t.lease_owner) ?? [];
        if (!held.includes(t.id)) removedBusy.set(t.lease_owner, [...held, t.id]);
      }
    for (const p of live) seenWorkers.add(p);
    // A node pod gone (or going) while the Grid still shows sessions on its node: those sessions end
    // with the node. Counted from the Grid read in the same sample, so a session that ended just before
    // the pod went does not count (nor does a node already gone from the Grid: this undercounts).
    const liveNodes = new Set(nodePods.items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name));
    for (const [pod, port] of seenNodes)
      if (!liveNodes.has(pod) && !removedNodes.has(pod)) {
        const node = grid?.nodes.find((x) => x.status !== 'DOWN' && Number(new URL(x.uri).port) === port);
        removedNodes.set(pod, node?.sessions ?? 0);
      }
    for (const p of nodePods.items) {
      const port = Number(p.metadata.annotations?.[ANNOTATION_GRID_NODE]?.split(':')[1] ?? 0);
      if (port && liveNodes.has(p.metadata.name)) seenNodes.set(p.metadata.name, port);
    }
    // The quick tasks' retries too: until they end the queue holds more than the long tasks.
    if (!quickDone && rows.length === o.quick.length && rows.every((t) => t.state === 'succeeded' || t.state === 'failed')) {
      quickDone = Date.now();
      await longJobs();
    }
    if (rows.length === expected && rows.every(ended)) break;
    if (Date.now() - start > o.limitMs)
      throw new Error(
        `${who.label}, ramp: tasks not finished within ${o.limitMs / 1000} s (${rows.map((t) => `${t.job} ${t.state} attempt ${t.attempts}`).join(', ')}); scaler: ${(await who.diagnose()).slice(0, 1500)}`,
      );
    await sleep(1000);
  }
  const seconds = Math.round((Date.now() - start) / 1000);
  // Retries of interrupted tasks are not waited for: the jobs go, with whatever still runs.
  for (const j of jobs) await b.kube.deleteJob(j).catch(() => undefined);
  await waitFor(
    'the ramp jobs gone',
    async () => (await Promise.all(jobs.map((j) => b.kube.getJob(j).catch(() => undefined)))).every((x) => !x),
    120_000,
    500,
  );
  const interrupted = rows.filter(interruptedRow);
  const logged = async (id: string) =>
    (
      await b.suite.pool.query<{ message: string }>(`SELECT message FROM job_logs WHERE task_id = $1 AND level >= 40 ORDER BY id LIMIT 3`, [id])
    ).rows.map((x) => x.message.slice(0, 200));
  const onRemoved = new Set([...removedBusy.values()].flat());
  return {
    tasks: rows.length,
    interrupted: interrupted.length,
    byWorkerStop: interrupted.filter((t) => onRemoved.has(t.id)).length,
    details: await Promise.all(
      interrupted.map(async ({ id, job, state, attempts, last_error }) => ({
        job,
        state,
        attempts,
        last_error: last_error?.slice(0, 300) ?? null,
        logged: await logged(id),
      })),
    ),
    busyWorkerPodsRemoved: removedBusy.size,
    tasksOnRemovedPods: onRemoved.size,
    busyNodesRemoved: [...removedNodes.values()].filter((x) => x > 0).length,
    sessionsLost: [...removedNodes.values()].reduce((a, x) => a + x, 0),
    longTargetS: Math.round(o.longMs / 1000),
    longRanS: rows
      .filter((t) => t.job.startsWith('ramp-long-') && t.state === 'succeeded' && t.attempts === 1 && t.started_at && t.finished_at)
      .map((t) => Math.round((t.finished_at!.getTime() - t.started_at!.getTime()) / 1000))
      .sort((x, y) => x - y),
    windowS: who.windowS,
    quickDoneS: quickDone ? Math.round((quickDone - start) / 1000) : null,
    seconds,
    peakWorkers: peakW,
    peakNodes: peakN,
    scaleDowns: downs.map((d) => `${Math.round((d.at - start) / 1000)} s: ${d.what}${d.longRunning ? ' (a long task running)' : ''}`),
    scaleDownsWhileLongRan: downs.filter((d) => d.longRunning).length,
  };
}
