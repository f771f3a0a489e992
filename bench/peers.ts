// Autoscaling side by side with KEDA (`make bench-peers`, which starts KEDA first): the same scenarios
// on the same stack in one run, scaled by KEDA with its recommended settings, by KEDA tuned, and by our
// operator's CollectorPool. Each contender gets its own isolated suite (namespace, database, queues)
// with the operator dispatching tasks; only "ours" has a CollectorPool, so in KEDA's runs nothing but
// KEDA scales the Deployments. Real worker processes and Grid nodes run for the Running pods through
// the development pod runner, for every contender alike.
//   1. burst: 200 browser search tasks (one keyword x 200 days) into an empty queue; from the first
//      task queued to the worker and node Deployments' replicas raised, and to the first task started by
//      a worker pod the burst added (PEERS_REPS repetitions, 3);
//   2. steady browser load: PEERS_STEADY_INFLIGHT (3) search tasks kept in flight for PEERS_STEADY_S
//      (150) seconds; the free slots of the Grid nodes the scaler added, beyond the warm minimum;
//   3. ramp (PEERS_RAMP=0 leaves it out): quick browser tasks, then, once they are done, long ones
//      browsing for the contender's scale-down window plus PEERS_RAMP_MARGIN_S (150) seconds; tasks and
//      Grid sessions interrupted by the scale-down that follows;
//   4. priorities (PEERS_PRIORITIES=0 leaves it out): three departments, the same work at priorities 2,
//      5 and 8, resumed together onto the fleet at rest; the order of first starts and each one's waits.
// Prints one JSON line per measurement, writes the "Autoscaling compared with KEDA" section of
// BENCHMARKS.md (PEERS_RECORD=0: print only) and the plot docs/peers-burst.png.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { topologyNames } from '../lib/amqp/topology.js';
import { MERGE_PATCH, resourcePath } from '../lib/kube/rest.js';
import { fromRoot } from '../lib/paths.js';
import { GridClient } from '../operator/grid/client.js';
import { daysBefore, pickDays } from '../test/harness/corpus.js';
import { createDeployment, deploymentBody, poolStatus, POOLS, replicas } from '../test/integration/autoscale-support.js';
import { createFleet, smallKeywordDays, truth } from '../test/integration/e2e-support.js';
import { waitFor } from '../test/integration/operator-support.js';
import { applyProfile, deleteProfile } from '../test/integration/worker-support.js';
import type { PodRunner } from '../test/runner/pod-runner.js';
import { percentile, setUp, type Bench } from './operator-common.js';
import {
  createKedaAuth,
  hpaStatus,
  kedaSettings,
  kedaWindowS,
  resetKeda,
  startKeda,
  stopKeda,
  type FleetShape,
  type KedaSettings,
  type KedaTarget,
} from './peers-keda.js';
import { burstSvg, writePng, type Series } from './peers-plot.js';
import { priorities, type PrioritiesResult } from './peers-priorities.js';
import { createRegistrationSecret } from '../test/harness/stack.js';
import { startRunner } from './pod-fleet.js';
import { burst, ramp, steady, type BurstRep, type Contender, type Ctx, type RampResult, type SteadyResult } from './peers-scenarios.js';
import { writeWorkerSection } from './worker-report.js';

const REPS = Number(process.env.PEERS_REPS ?? 3);
const STEADY_S = Number(process.env.PEERS_STEADY_S ?? 150);
const INFLIGHT = Number(process.env.PEERS_STEADY_INFLIGHT ?? 3);
const RAMP = process.env.PEERS_RAMP !== '0';
const RAMP_MARGIN_S = Number(process.env.PEERS_RAMP_MARGIN_S ?? 150);
const PRIORITIES = process.env.PEERS_PRIORITIES !== '0';
const PRIORITY_LEVELS = [2, 5, 8];
const PRIORITY_DAYS = 8;
const BURST = 200;
const BURST_LIMIT_MS = 180_000;
const PLOT_MS = 60_000;
const WINDOW_S = 60;
const KEDA_VERSION = process.env.KEDA_VERSION ?? 'unknown';
const ONLY = (process.env.PEERS_ONLY ?? '').split(',').filter(Boolean);
/** The reaction scenario: room to scale up (processes run for at most 3 worker and 2 node pods). */
const BURST_SHAPE: FleetShape = { workers: { min: 1, max: 10, slots: 2 }, nodes: { min: 0, max: 3, sessions: 2 } };
/** The steady load: bounded by the processes this machine runs. */
const STEADY_SHAPE: FleetShape = { workers: { min: 1, max: 3, slots: 2 }, nodes: { min: 0, max: 2, sessions: 2 } };

const log = (s: string) => console.log(`[peers] ${s}`);
const out = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

interface Result {
  label: string;
  name: Contender['name'];
  reps: BurstRep[];
  steady: SteadyResult;
  ramp?: RampResult;
  priorities?: PrioritiesResult;
  describe: string[];
}

/** An isolated suite, the Deployments, the scaler (a CollectorPool or KEDA's ScaledObjects), the runner. */
async function run(kind: 'ours' | KedaSettings): Promise<Result> {
  const name = kind === 'ours' ? 'ours' : kind.name;
  const label = kind === 'ours' ? 'ours' : kind.label;
  const b: Bench = await setUp(`bench-peers-${name}`, { OPERATOR_STATUS_INTERVAL_MS: '500' }, PRIORITY_LEVELS.length);
  const { suite, kube } = b;
  const ns = suite.namespace;
  const rest = kube.rest;
  let runner: PodRunner | undefined;
  let source = '';
  let target: KedaTarget | undefined;
  const logDir = await mkdtemp(join(tmpdir(), `bench-peers-${name}-`));
  try {
    await createRegistrationSecret(suite);
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', suite.env.PORTAL_URL!, 'peers', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    const shape = { ...BURST_SHAPE };
    let contender: Contender;
    let describe: string[];
    let applyShape: (s: FleetShape) => Promise<void>;
    if (kind === 'ours') {
      await createFleet(rest, ns, {
        workers: { min: shape.workers.min, max: shape.workers.max },
        nodes: { min: shape.nodes.min, max: shape.nodes.max },
        windowSeconds: WINDOW_S,
        pollSeconds: 2,
        gridUrl: suite.env.SELENIUM_GRID_URL,
        registrationSecret: 'selenium-registration',
      });
      await waitFor('the pool status', async () => (await poolStatus(rest, ns, 'fleet'))?.observedGeneration === 1, 30_000);
      const patch = (spec: Record<string, unknown>) =>
        rest.request('PATCH', resourcePath(POOLS, ns, 'fleet'), { contentType: MERGE_PATCH, body: { spec } });
      let current = shape;
      applyShape = async (s) => {
        current = s;
        await patch({ workers: { maxReplicas: s.workers.max }, seleniumNodes: { maxReplicas: s.nodes.max } });
      };
      contender = {
        name: 'ours',
        label,
        async reset() {
          // A short window brings the fleet back at once; the scenarios run with the 60 s window.
          await patch({ scaleDownStabilizationSeconds: 3 });
          await waitFor(
            'the fleet at rest',
            async () => (await replicas(rest, ns, 'worker')) === current.workers.min && (await replicas(rest, ns, 'chrome')) === current.nodes.min,
            120_000,
            250,
          ).catch(async (e: Error) => {
            throw new Error(
              `${e.message}; pool status: ${JSON.stringify(await poolStatus(rest, ns, 'fleet'))}; operator: ${b.op.output().slice(-1500)}`,
            );
          });
          await patch({ scaleDownStabilizationSeconds: WINDOW_S });
        },
        diagnose: async () => JSON.stringify(await poolStatus(rest, ns, 'fleet')),
        windowS: WINDOW_S,
      };
      describe = [
        `CollectorPool: workers min ${shape.workers.min}, max ${shape.workers.max} in the burst and ${STEADY_SHAPE.workers.max} in the other scenarios, x ${shape.workers.slots} slots; Selenium nodes min ${shape.nodes.min}, max ${shape.nodes.max} in the burst and ${STEADY_SHAPE.nodes.max} in the others, x ${shape.nodes.sessions} sessions; scaleDownStabilizationSeconds ${WINDOW_S}, maxScaleUpStep 10, pollIntervalSeconds 2 (a backstop: it reconciles on every task change)`,
      ];
    } else {
      await createDeployment(rest, ns, deploymentBody('worker', shape.workers.min, 'newsroom-worker'));
      await createDeployment(rest, ns, deploymentBody('chrome', shape.nodes.min, 'selenium-node'));
      const t: KedaTarget = {
        rest,
        namespace: ns,
        queue: topologyNames(suite.prefix).queue.metadata,
        managementUrl: suite.env.RABBITMQ_MANAGEMENT_URL,
        gridUrl: suite.env.SELENIUM_GRID_URL,
        shape,
      };
      target = t;
      await createKedaAuth(t);
      await startKeda(kind, t);
      applyShape = async (s) => {
        t.shape = s;
        await stopKeda(t);
        await startKeda(kind, t);
      };
      contender = {
        name: kind.name,
        label,
        reset: () => resetKeda(kind, t),
        diagnose: () => hpaStatus(t),
        windowS: kedaWindowS(kind),
      };
      describe = kind.describe;
    }
    runner = startRunner(suite, rest, logDir);
    const ctx: Ctx = {
      b,
      runner,
      grid: new GridClient(suite.env.SELENIUM_GRID_URL),
      source,
      log,
    };

    const summary = await truth<{ now: string; keywords: string[] }>('summary');
    const reps: BurstRep[] = [];
    for (let i = 1; i <= REPS; i++) {
      log(`${label}: burst ${i} of ${REPS}: ${BURST} browser search tasks into an empty queue`);
      const r = await burst(ctx, contender, i, {
        tasks: BURST,
        keyword: summary.keywords[0]!,
        to: daysBefore(summary.now, 7),
        limitMs: BURST_LIMIT_MS,
        plotMs: i === 1 ? PLOT_MS : 0,
      });
      out({ bench: 'peers-burst', contender: name, ...r, timeline: undefined });
      reps.push(r);
    }

    await applyShape(STEADY_SHAPE);
    log(`${label}: steady load, ${INFLIGHT} browser search tasks in flight for ${STEADY_S} s`);
    const days = await smallKeywordDays();
    const s = await steady(ctx, contender, { seconds: STEADY_S, inFlight: INFLIGHT, days, settleLimitMs: 90_000, sampleMs: 3_000 });
    out({ bench: 'peers-steady', contender: name, ...s });
    let rampResult: RampResult | undefined;
    if (RAMP) {
      const long = (await pickDays(truth, { min_articles: 8, to: daysBefore(summary.now, 7) }, 4))
        .sort((x, y) => y.articles - x.articles || y.date.localeCompare(x.date) || x.query.localeCompare(y.query))
        .slice(0, 4);
      const quick = Array.from({ length: 8 }, (_, i) => days[i % days.length]!);
      const longMs = (contender.windowS + RAMP_MARGIN_S) * 1000;
      log(
        `${label}: ramp, 8 quick and then 4 long browser search tasks (each about ${longMs / 1000} s: window ${contender.windowS} s + ${RAMP_MARGIN_S} s)`,
      );
      rampResult = await ramp(ctx, contender, { long, quick, longMs, limitMs: longMs * 2 + 300_000 });
      out({ bench: 'peers-ramp', contender: name, ...rampResult });
    }
    let prio: PrioritiesResult | undefined;
    if (PRIORITIES) {
      log(`${label}: priorities, three departments x ${PRIORITY_DAYS} browser search tasks at priorities ${PRIORITY_LEVELS.join(', ')}`);
      prio = await priorities(ctx, contender, {
        priorities: PRIORITY_LEVELS,
        keyword: summary.keywords[0]!,
        days: PRIORITY_DAYS,
        to: daysBefore(summary.now, 7),
        limitMs: 600_000,
      });
      out({ bench: 'peers-priorities', contender: name, ...prio });
    }
    return { label, name, reps, steady: s, ramp: rampResult, priorities: prio, describe };
  } finally {
    await runner?.close();
    if (target) await stopKeda(target).catch((e: Error) => log(`stopping KEDA's ScaledObjects: ${e.message}`));
    await b.close();
    if (source) await deleteProfile(source);
    await rm(logDir, { recursive: true, force: true });
  }
}

const started = new Date();
const contenders: ('ours' | KedaSettings)[] = [...kedaSettings(BURST_SHAPE, STEADY_SHAPE), 'ours'];
const results: Result[] = [];
for (const c of contenders) {
  const name = c === 'ours' ? 'ours' : c.name;
  if (ONLY.length && !ONLY.includes(name)) continue;
  results.push(await run(c));
}

// The report.
const sec = (ms: number | null) => (ms === null ? null : ms / 1000);
const fmt = (s: number | null) => (s === null ? `not within ${BURST_LIMIT_MS / 1000} s` : s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
/** p50 and max over the repetitions; a repetition where it never happened counts as the limit and is named. */
function stat(r: Result, key: 'workersRaisedMs' | 'nodesRaisedMs' | 'firstNewTaskMs'): { p50: number | null; max: number | null; text: string } {
  const xs = r.reps.map((x) => sec(x[key]));
  const missing = xs.filter((x) => x === null).length;
  const got = xs.filter((x): x is number => x !== null).sort((a, c) => a - c);
  if (!got.length) return { p50: null, max: null, text: fmt(null) };
  const p50 = percentile(got, 50);
  const max = got[got.length - 1]!;
  return { p50, max, text: `${fmt(p50)} (max ${fmt(max)})${missing ? `; ${missing} of ${xs.length} not within ${BURST_LIMIT_MS / 1000} s` : ''}` };
}
const by = (n: Contender['name']) => results.find((r) => r.name === n);
/** A count and its noun: "1 node", "2 nodes". */
const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const ratio = (k: number | null | undefined, o: number | null | undefined) =>
  k === null || k === undefined || o === null || o === undefined
    ? '-'
    : o === 0
      ? k === 0
        ? 'equal'
        : 'ours 0'
      : `x${(k / o).toFixed(k / o >= 10 ? 0 : 1)}`;
const rows: string[] = [];
const cell = (r: Result | undefined, f: (r: Result) => string) => (r ? f(r) : 'not run');
for (const [key, what] of [
  ['workersRaisedMs', '1. burst: first task queued -> worker replicas raised, p50 (max)'],
  ['nodesRaisedMs', '1. burst: first task queued -> Selenium node replicas raised, p50 (max)'],
  ['firstNewTaskMs', '1. burst: first task queued -> first task started on an added worker pod, p50 (max)'],
] as const) {
  const [d, t, o] = [by('keda-defaults'), by('keda-tuned'), by('ours')];
  rows.push(
    `| ${what} | ${cell(d, (r) => stat(r, key).text)} | ${cell(t, (r) => stat(r, key).text)} | ${cell(o, (r) => stat(r, key).text)} | defaults ${ratio(d && stat(d, key).p50, o && stat(o, key).p50)}, tuned ${ratio(t && stat(t, key).p50, o && stat(o, key).p50)} |`,
  );
}
{
  const [d, t, o] = [by('keda-defaults'), by('keda-tuned'), by('ours')];
  const sampled = (r: Result | undefined) => (r?.steady.samples ? r.steady.idleMean : undefined);
  // No samples: the node replicas were not raised (or their Grid nodes not up) within the load, so
  // there is no idle figure to give; a 0 there would read as a measured "no idle slot".
  const steadyCell = (r: Result) =>
    r.steady.samples
      ? `${r.steady.idleMean} (max ${r.steady.idleMax}); node pods ${r.steady.nodePods}, worker pods ${r.steady.workerPods}`
      : `no samples: no node added and up within the ${r.steady.seconds} s load`;
  rows.push(
    `| 2. steady load: Grid slots idle beyond the warm minimum, mean (max) | ${cell(d, steadyCell)} | ${cell(t, steadyCell)} | ${cell(o, steadyCell)} | defaults ${ratio(sampled(d), sampled(o))}, tuned ${ratio(sampled(t), sampled(o))} |`,
  );
  const tasksCell = (r: Result) => `${r.steady.notFirstAttempt} of ${r.steady.tasks}`;
  rows.push(`| 2. steady load: tasks not succeeded at attempt 1 | ${cell(d, tasksCell)} | ${cell(t, tasksCell)} | ${cell(o, tasksCell)} | - |`);
}
{
  const [d, t, o] = [by('keda-defaults'), by('keda-tuned'), by('ours')];
  const rampCell = (r: Result) =>
    r.ramp
      ? `${r.ramp.interrupted} of ${r.ramp.tasks} (${r.ramp.byWorkerStop} of them on a removed worker pod); ${r.ramp.scaleDownsWhileLongRan} scale-downs while a long task ran`
      : 'not measured in this run';
  rows.push(
    `| 3. ramp: tasks interrupted by a scale-down (not succeeded at attempt 1) | ${cell(d, rampCell)} | ${cell(t, rampCell)} | ${cell(o, rampCell)} | - |`,
  );
  const lostCell = (r: Result) =>
    r.ramp
      ? `${n(r.ramp.busyWorkerPodsRemoved, 'worker pod')} holding ${n(r.ramp.tasksOnRemovedPods, 'task')}; ${n(r.ramp.busyNodesRemoved, 'Grid node')} with ${n(r.ramp.sessionsLost, 'session')} open`
      : 'not measured in this run';
  rows.push(
    `| 3. ramp: busy pods removed (worker pods holding a task; Grid nodes with a session open) | ${cell(d, lostCell)} | ${cell(t, lostCell)} | ${cell(o, lostCell)} | - |`,
  );
  const prio = (r: Result) => r.priorities;
  const orderCell = (r: Result) => {
    const p = prio(r);
    if (!p) return 'not measured in this run';
    const first = [...p.perPriority].sort((x, y) => (x.firstStartS ?? Infinity) - (y.firstStartS ?? Infinity)).map((x) => x.priority);
    return `first starts ${first.join(' > ')}; the first ${p.startOrder.length} starts: ${p.startOrder.join(' ')}; ${p.startedAheadOfHigher} of ${p.tasks} started while a higher priority waited`;
  };
  rows.push(
    `| 4. priorities, short capacity: order of the departments' first starts, and tasks that jumped a waiting higher priority | ${cell(d, orderCell)} | ${cell(t, orderCell)} | ${cell(o, orderCell)} | - |`,
  );
  const waitsCell = (r: Result) => {
    const p = prio(r);
    if (!p) return 'not measured in this run';
    const f = (x: number | null) => (x === null ? '-' : `${x} s`);
    return p.perPriority
      .slice()
      .reverse()
      .map((x) => `priority ${x.priority}: ${f(x.waitP50S)} (max ${f(x.waitMaxS)})`)
      .join('; ');
  };
  const p50 = (r: Result | undefined, level: number) => r?.priorities?.perPriority.find((x) => x.priority === level)?.waitP50S;
  const top = PRIORITY_LEVELS[PRIORITY_LEVELS.length - 1]!;
  rows.push(
    `| 4. priorities: wait from resumed to started, per priority, p50 (max) | ${cell(d, waitsCell)} | ${cell(t, waitsCell)} | ${cell(o, waitsCell)} | priority ${top} p50: defaults ${ratio(p50(d, top), p50(o, top))}, tuned ${ratio(p50(t, top), p50(o, top))} |`,
  );
}

const series: Series[] = results.map((r, i) => ({
  label: r.label,
  color: ['#d62728', '#ff7f0e', '#1f77b4'][i] ?? '#2ca02c',
  points: r.reps[0]?.timeline ?? [],
}));
const png = fromRoot('docs', 'peers-burst.png');
/** What this run left out of the full one (its defaults), said next to the figures. */
const reduced = [
  REPS < 3 ? `${REPS} burst repetition${REPS === 1 ? '' : 's'} instead of 3 (PEERS_REPS)` : '',
  STEADY_S < 150 ? `a steady load of ${STEADY_S} s instead of 150 s (PEERS_STEADY_S)` : '',
  RAMP ? '' : 'no ramp (PEERS_RAMP=0)',
  RAMP && RAMP_MARGIN_S < 150 ? `long ramp tasks of the window + ${RAMP_MARGIN_S} s instead of + 150 s (PEERS_RAMP_MARGIN_S)` : '',
  PRIORITIES ? '' : 'no priorities scenario (PEERS_PRIORITIES=0)',
  ONLY.length ? `only ${ONLY.join(', ')} (PEERS_ONLY)` : '',
].filter(Boolean);
const load = readFileSync('/proc/loadavg', 'utf8').trim();
/** The fleets are KWOK pods either way; on the real node the release's own pods run beside them. */
const STACK_NODE =
  process.env.NEWSROOM_NODE === 'real'
    ? "KWOK's simulated node for the benchmark's fleets beside the real node (containerd + kubelet), whose helm release runs its own pods on the same machine"
    : "KWOK's simulated node alone (NEWSROOM_NODE=kwok, the stack `make bench-peers` starts when none is up)";
const lines = [
  `Measured by \`make bench-peers\` (\`hack/bench-peers.sh\`, \`bench/peers.ts\`) on ${started.toISOString().slice(0, 10)}: the reference machine (2 cores / 24 GiB, Debian 12, Node 20) with nothing else running beside the benchmark (the load average below is its own: the stack, KEDA, the contenders' worker processes and Chromium nodes), against the local stack of \`make up\` (kube-apiserver + etcd + kube-controller-manager with its HPA controller at the default 15 s sync period + scheduler, ${STACK_NODE}, PostgreSQL, RabbitMQ 3.10, Selenium Grid with the stack's own 2-slot Chromium node as the warm minimum). KEDA ${KEDA_VERSION} (operator and metrics adapter built from the Go module proxy, run as host processes; the adapter serves external.metrics.k8s.io to the HPA controller through an APIService). Each contender has its own isolated namespace, database and queues; the operator dispatches tasks for all of them, and only in "ours" does a CollectorPool scale the Deployments. For every contender the development pod runner keeps one real worker process (2 slots) per Running worker pod (at most 3) and one real Selenium Grid node (Chromium, 2 sessions) per Running node pod (at most 2): the same pod mechanism for both systems. \`cat /proc/loadavg\` at the end: \`${load}\` (1-minute load average ${loadavg()[0]!.toFixed(1)} on 2 cores).`,
  ...(reduced.length
    ? ['', `A reduced run, shorter than the full one: ${reduced.join('; ')}. Figures from fewer repetitions or a shorter load carry more noise.`]
    : []),
  '',
  `1. Burst: ${REPS} repetition${REPS === 1 ? '' : 's'} of ${BURST} browser search tasks (one Metadata job, one keyword x ${BURST} days, parallelism ${BURST}) into an empty queue with the fleet at rest (1 worker pod, 0 node pods); workers 1..${BURST_SHAPE.workers.max}, nodes 0..${BURST_SHAPE.nodes.max}. Measured from the first task marked queued (confirmed by RabbitMQ) to the Deployment's \`spec.replicas\` raised (scale subresource polled every 100 ms), and to the first task started (its \`started_at\`) by a worker pod that was not there before the burst. Between repetitions the fleet is put back at rest: ours with a 3 s window; KEDA's ScaledObjects are deleted, the Deployments set to their minimum and the ScaledObjects created again (its own 300 s window would take five minutes).`,
  `2. Steady load: ${INFLIGHT} browser search tasks kept in flight for ${STEADY_S} s (one task per job, small keyword-days, 1-2 s between page requests); workers 1..${STEADY_SHAPE.workers.max}, nodes 0..${STEADY_SHAPE.nodes.max}. Every 3 s the Grid's GraphQL endpoint is read and the free slots (slots minus sessions) of the Grid nodes the scaler added are counted, from the first scale-up settled (node replicas raised and their Grid nodes registered, at most 90 s) to the end of the load.`,
  `3. Ramp (${RAMP ? 'run' : 'not run: PEERS_RAMP=0'}): 8 quick browser search tasks (small keyword-days), then 4 long ones (the keyword-days of most articles, every article page), one job each, all at priority 5, with the steady load's bounds. The long tasks are submitted the moment the last quick task ends (its retries included), onto the fleet the quick ones grew, which every scaler keeps for its window, so they land on the added pods too; each is paced (the pause between page requests) to browse for about the contender's scale-down window plus ${RAMP_MARGIN_S} s: ${results.map((r) => `${r.label} ${r.ramp ? `${r.ramp.windowS} s + ${RAMP_MARGIN_S} s` : 'not run'}`).join(', ')}. From then on the queue holds only the 4 long tasks, all running, on up to 3 worker pods and their sessions on up to 3 Grid nodes, so every scaler lowers the Deployments while they still run. Every second the bench reads the replicas, the worker pods and the task leases they hold, and the Grid nodes the runner started with their sessions: a worker pod that goes while it holds a lease stops its tasks (SIGTERM: 25 s to finish, then the task goes back to the queue), a Grid node that goes ends its sessions. A task is interrupted when it did not succeed at its first attempt (the warnings and errors its attempts logged are listed below the table: a retry that succeeds clears the task's last error); the ramp ends when every task succeeded or was interrupted (retries are not waited for).`,
  `4. Priorities (${PRIORITIES ? 'run' : 'not run: PEERS_PRIORITIES=0'}): three departments (each a namespace and a Department of its own) each submit the same job, one keyword x ${PRIORITY_DAYS} days (at most 3 articles per day, 1-2 s between page requests, parallelism ${PRIORITY_DAYS}), at priorities ${PRIORITY_LEVELS.join(', ')}: created suspended, lowest priority first, and resumed together onto the fleet at rest (1 worker pod = 2 slots, at most 3 pods = 6 slots for ${PRIORITY_LEVELS.length * PRIORITY_DAYS} tasks). The wait of a task is from the resume to its \`started_at\`. Ordering within the fleet is the operator's admission and RabbitMQ's priority queue for every contender; the scaler decides how soon more slots exist.`,
  '',
  '| scenario | KEDA (defaults) | KEDA (tuned) | ours | ratio (KEDA / ours) |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  `![Replicas over time during the first burst](docs/peers-burst.png)`,
  '',
  'Settings:',
  ...results.flatMap((r) => [`- ${r.label}:`, ...r.describe.map((d) => `  - ${d}`)]),
  '',
  'Per repetition (seconds from the first task queued: workers raised / nodes raised / first task on an added worker; peak replicas):',
  ...results.map(
    (r) =>
      `- ${r.label}: ${r.reps.map((x) => `${fmt(sec(x.workersRaisedMs))} / ${fmt(sec(x.nodesRaisedMs))} / ${fmt(sec(x.firstNewTaskMs))} (peak ${n(x.peakWorkers, 'worker')}, ${n(x.peakNodes, 'node')})`).join('; ')}`,
  ),
  ...results.map(
    (r) =>
      `- ${r.label}, steady: ${r.steady.jobs} jobs, ${r.steady.samples} samples over the settled part (${r.steady.settledAfterS === null ? 'the scale-up never settled: no samples' : `settled after ${r.steady.settledAfterS} s`}), added Grid nodes registered ${r.steady.addedNodes}, sessions in the whole Grid ${r.steady.gridSessionsMean} on average`,
  ),
  ...results.flatMap((r) =>
    r.ramp
      ? [
          `- ${r.label}, ramp: ${r.ramp.seconds} s; quick tasks done and the long ones submitted after ${r.ramp.quickDoneS ?? '-'} s; long tasks paced for ${r.ramp.longTargetS} s, ${r.ramp.longRanS.length ? `those finished at attempt 1 ran ${r.ramp.longRanS.join(', ')} s` : 'none finished at attempt 1'}; peak ${n(r.ramp.peakWorkers, 'worker pod')}, ${n(r.ramp.peakNodes, 'node pod')}; scale-downs: ${r.ramp.scaleDowns.join('; ') || 'none'}${r.ramp.details.length ? `; interrupted: ${r.ramp.details.map((x) => `${x.job} (${x.state}, attempt ${x.attempts}: ${x.last_error ?? 'no last error'}; logged: ${x.logged.join(' / ') || 'nothing at warn or above'})`).join('; ')}` : ''}`,
        ]
      : [],
  ),
  ...results.flatMap((r) =>
    r.priorities
      ? [
          `- ${r.label}, priorities: ${r.priorities.tasks} tasks in ${r.priorities.seconds} s, ${r.priorities.notFirstAttempt} not succeeded at attempt 1; first start per priority ${r.priorities.perPriority.map((x) => `${x.priority}: ${x.firstStartS ?? '-'} s`).join(', ')}; peak ${n(r.priorities.peakWorkers, 'worker pod')}, ${n(r.priorities.peakNodes, 'node pod')}`,
        ]
      : [],
  ),
];
if (process.env.PEERS_RECORD === '0') {
  log('PEERS_RECORD=0: BENCHMARKS.md and the plot left alone');
  for (const l of lines) console.log(l);
} else {
  await writePng(burstSvg(`Burst of ${BURST} tasks: replicas over time (first repetition)`, series), png);
  writeWorkerSection('peers', lines);
  log('figures written to BENCHMARKS.md and docs/peers-burst.png');
}
