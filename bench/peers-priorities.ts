// Scenario 4 of `make bench-peers`: three departments submit the same work at three priorities while
// the fleet is at rest, so capacity is short until the scaler has added pods. Whether the higher
// priority's tasks start first: the order of first starts and each priority's waits.
import { percentile } from './operator-common.js';
import type { Contender, Ctx } from './peers-scenarios.js';
import { replicas } from '../test/integration/autoscale-support.js';
import { sleep, waitFor } from '../test/integration/operator-support.js';

export interface PriorityWaits {
  priority: number;
  tasks: number;
  /** Seconds from the jobs resumed to the department's first task started. */
  firstStartS: number | null;
  /** Seconds from the jobs resumed to each task started: p50 and max. */
  waitP50S: number | null;
  waitMaxS: number | null;
}

export interface PrioritiesResult {
  tasks: number;
  perPriority: PriorityWaits[];
  /** The priorities of the first tasks started, in order of their start. */
  startOrder: number[];
  /** Tasks started while a task of a higher priority was still waiting. */
  startedAheadOfHigher: number;
  notFirstAttempt: number;
  seconds: number;
  peakWorkers: number;
  peakNodes: number;
}

export interface PrioritiesOptions {
  /** Lowest first: the jobs are created and resumed in this order, so creation order works against priority. */
  priorities: number[];
  keyword: string;
  /** Days of the keyword, ending at `to`: one task per day in each department's job. */
  days: number;
  to: string;
  limitMs: number;
}

/**
 * One job per department (the bench's namespaces), each the same keyword over the same days at its own
 * priority. They are created suspended, lowest priority first, and resumed together once the operator
 * has taken them in, so every task becomes publishable within one dispatch round. Capacity is short: the
 * fleet starts at its minimum (one worker pod, two slots) and the tasks outnumber even its maximum.
 */
export async function priorities(c: Ctx, who: Contender, o: PrioritiesOptions): Promise<PrioritiesResult> {
  const { b } = c;
  const rest = b.kube.rest;
  const ns = b.suite.namespace;
  if (b.namespaces.length < o.priorities.length)
    throw new Error(`the priorities scenario needs ${o.priorities.length} departments; the bench has ${b.namespaces.length}`);
  await who.reset();
  const from = new Date(Date.parse(o.to) - (o.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const jobs = o.priorities.map((p, i) => ({ name: `prio-${p}`, namespace: b.namespaces[i]!, priority: p }));
  for (const j of jobs) {
    await b.kube.createJob(
      j.name,
      {
        type: 'Metadata',
        source: c.source,
        method: 'search',
        keywords: [o.keyword],
        dateRange: { from, to: o.to },
        parallelism: o.days,
        priority: j.priority,
        maxArticles: 3,
        requestDelay: { minMs: 1000, maxMs: 2000 },
        suspend: true,
      },
      { namespace: j.namespace },
    );
  }
  await waitFor(
    'the priority jobs taken in, suspended',
    async () => (await Promise.all(jobs.map(async (j) => (await b.kube.getJob(j.name, j.namespace)).status?.phase))).every((p) => p === 'Suspended'),
    60_000,
    250,
  );
  const resumed = Date.now();
  await Promise.all(jobs.map((j) => b.kube.patchJob(j.name, { suspend: false }, j.namespace)));
  let peakW = 0;
  let peakN = 0;
  for (;;) {
    const phases = await Promise.all(jobs.map(async (j) => (await b.kube.getJob(j.name, j.namespace)).status?.phase));
    peakW = Math.max(peakW, await replicas(rest, ns, 'worker'));
    peakN = Math.max(peakN, await replicas(rest, ns, 'chrome'));
    if (phases.every((p) => p === 'Complete' || p === 'Failed')) break;
    if (Date.now() - resumed > o.limitMs)
      throw new Error(
        `${who.label}, priorities: jobs not finished within ${o.limitMs / 1000} s (${jobs.map((j, i) => `${j.name} ${phases[i]}`).join(', ')}); scaler: ${(await who.diagnose()).slice(0, 1500)}`,
      );
    await sleep(1000);
  }
  const seconds = Math.round((Date.now() - resumed) / 1000);
  const rows = (
    await b.suite.pool.query<{ job: string; state: string; attempts: number; started_at: Date | null }>(
      `SELECT j.name AS job, t.state, t.attempts, t.started_at FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.name LIKE 'prio-%'`,
    )
  ).rows;
  const tasks = rows.map((t) => ({
    priority: Number(t.job.slice('prio-'.length)),
    startS: t.started_at ? (t.started_at.getTime() - resumed) / 1000 : null,
  }));
  const started = tasks.filter((t): t is { priority: number; startS: number } => t.startS !== null).sort((x, y) => x.startS - y.startS);
  const round = (x: number | null) => (x === null ? null : Number(x.toFixed(1)));
  const perPriority = o.priorities.map((p) => {
    const waits = started.filter((t) => t.priority === p).map((t) => t.startS);
    return {
      priority: p,
      tasks: tasks.filter((t) => t.priority === p).length,
      firstStartS: round(waits[0] ?? null),
      waitP50S: round(waits.length ? percentile(waits, 50) : null),
      waitMaxS: round(waits.length ? waits[waits.length - 1]! : null),
    };
  });
  for (const j of jobs) await b.kube.deleteJob(j.name, j.namespace).catch(() => undefined);
  return {
    tasks: rows.length,
    perPriority,
    startOrder: started.slice(0, 12).map((t) => t.priority),
    startedAheadOfHigher: started.filter((x) => started.some((y) => y.priority > x.priority && y.startS > x.startS)).length,
    notFirstAttempt: rows.filter((t) => t.state !== 'succeeded' || t.attempts !== 1).length,
    seconds,
    peakWorkers: peakW,
    peakNodes: peakN,
  };
}
