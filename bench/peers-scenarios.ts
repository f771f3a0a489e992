// The scenarios of `make bench-peers`, run the same way whichever system scales the fleet: the
// contender only says how the fleet is put back at rest. Real worker processes and Selenium Grid nodes
// run for the Running pods through the development pod runner, the same pod mechanism for both.
import { GridClient } from '../operator/grid/client.js';
import type { Bench } from './operator-common.js';
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
}

export interface Ctx {
  b: Bench;
  runner: PodRunner;
  grid: GridClient;
  source: string;
  /** Grid node ports of the runner: the nodes the scaler added (the stack's own node is the warm minimum). */
  ports: { from: number; to: number };
  log: (s: string) => void;
}

const done = (phase: string | undefined) => phase === 'Complete' || phase === 'Failed';

/** Free slots and sessions of the Grid nodes the runner started (UP or draining). */
export async function addedNodes(
  c: Ctx,
): Promise<{ nodes: number; up: number; slots: number; sessions: number; gridSessions: number; gridSlots: number }> {
  const g = await c.grid.state();
  const ours = g.nodes.filter((n) => n.status !== 'DOWN' && Number(new URL(n.uri).port) >= c.ports.from && Number(new URL(n.uri).port) < c.ports.to);
  return {
    nodes: ours.length,
    up: ours.filter((n) => n.status === 'UP').length,
    slots: ours.reduce((a, n) => a + n.slots, 0),
    sessions: ours.reduce((a, n) => a + n.sessions, 0),
    gridSessions: g.sessions,
    gridSlots: g.totalSlots,
  };
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
      await b.kube.createJob(name, {
        type: 'Metadata',
        source: c.source,
        method: 'search',
        keywords: [d.query],
        dateRange: { from: d.date, to: d.date },
        priority: 5,
        requestDelay: { minMs: 1000, maxMs: 2000 },
      });
      inFlight.add(name);
    }
    if (Date.now() >= nextSample) {
      nextSample = Date.now() + o.sampleMs;
      const [g, nodePods, workerPods] = await Promise.all([addedNodes(c), replicas(rest, ns, 'chrome'), replicas(rest, ns, 'worker')]);
      if (!settledAt && ((nodePods > 0 && g.up >= nodePods) || Date.now() - start >= o.settleLimitMs)) {
        settledAt = Date.now();
        c.log(
          `${who.label}, steady load: scale-up settled after ${Math.round((settledAt - start) / 1000)} s (node pods ${nodePods}, their Grid nodes UP ${g.up})`,
        );
      }
      // Once, halfway: what the scaler sees (the HPA's metrics for KEDA, the pool status for ours), for the log.
      if (settledAt && samples.length === Math.floor(o.seconds / (2 * (o.sampleMs / 1000))))
        c.log(`${who.label}, steady load, halfway: ${(await who.diagnose()).slice(0, 2000)}`);
      if (settledAt) samples.push({ idle: g.slots - g.sessions, gridSessions: g.gridSessions, added: g.nodes, nodePods, workerPods });
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
  interrupted: number;
  details: { state: string; attempts: number; last_error: string | null }[];
  seconds: number;
  peakWorkers: number;
  peakNodes: number;
  scaleDowns: number;
  scaleDownsWhileLongRan: number;
}

export interface RampOptions {
  long: { query: string; date: string }[];
  quick: { query: string; date: string }[];
  limitMs: number;
}

/**
 * A ramp up and down: long browser tasks (every article page, 3-4 s between requests) beside quick
 * ones, so the fleet grows for the quick ones and shrinks while the long ones still run. A task that
 * did not succeed at its first attempt was interrupted (its worker pod or Grid node went away).
 */
export async function ramp(c: Ctx, who: Contender, o: RampOptions): Promise<RampResult> {
  const { b } = c;
  const ns = b.suite.namespace;
  const rest = b.kube.rest;
  await who.reset();
  const start = Date.now();
  const jobs: string[] = [];
  for (const [i, d] of o.long.entries()) {
    await b.kube.createJob(`ramp-long-${i}`, {
      type: 'Metadata',
      source: c.source,
      method: 'search',
      keywords: [d.query],
      dateRange: { from: d.date, to: d.date },
      priority: 9,
      requestDelay: { minMs: 3000, maxMs: 4000 },
    });
    jobs.push(`ramp-long-${i}`);
  }
  for (const [i, d] of o.quick.entries()) {
    await b.kube.createJob(`ramp-quick-${i}`, {
      type: 'Metadata',
      source: c.source,
      method: 'search',
      keywords: [d.query],
      dateRange: { from: d.date, to: d.date },
      priority: 5,
    });
    jobs.push(`ramp-quick-${i}`);
  }
  let prev = { workers: await replicas(rest, ns, 'worker'), nodes: await replicas(rest, ns, 'chrome') };
  let peakW = prev.workers;
  let peakN = prev.nodes;
  const downs: number[] = [];
  for (;;) {
    const phases = await Promise.all(jobs.map(async (j) => (await b.kube.getJob(j)).status?.phase));
    const now = { workers: await replicas(rest, ns, 'worker'), nodes: await replicas(rest, ns, 'chrome') };
    if (now.workers < prev.workers || now.nodes < prev.nodes) downs.push(Date.now());
    peakW = Math.max(peakW, now.workers);
    peakN = Math.max(peakN, now.nodes);
    prev = now;
    if (phases.every(done)) break;
    if (Date.now() - start > o.limitMs)
      throw new Error(
        `${who.label}, ramp: jobs not finished within ${o.limitMs / 1000} s (${jobs.map((j, i) => `${j} ${phases[i]}`).join(', ')}); scaler: ${(await who.diagnose()).slice(0, 1500)}`,
      );
    await sleep(1000);
  }
  const seconds = Math.round((Date.now() - start) / 1000);
  const tasks = (
    await b.suite.pool.query<{ state: string; attempts: number; last_error: string | null }>(
      `SELECT t.state, t.attempts, t.last_error FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'ramp-%'`,
    )
  ).rows;
  const longEnd =
    (
      await b.suite.pool.query<{ t: Date | null }>(
        `SELECT max(t.finished_at) AS t FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'ramp-long-%'`,
      )
    ).rows[0]!.t?.getTime() ?? Date.now();
  const interrupted = tasks.filter((t) => t.state !== 'succeeded' || t.attempts !== 1);
  return {
    tasks: tasks.length,
    interrupted: interrupted.length,
    details: interrupted.slice(0, 5),
    seconds,
    peakWorkers: peakW,
    peakNodes: peakN,
    scaleDowns: downs.length,
    scaleDownsWhileLongRan: downs.filter((t) => t < longEnd).length,
  };
}
