// The CollectorPool's decision, pure: from what the controller observed (the scaling sources' answers,
// the two Deployments and their pods, the status pacer) and what it remembers of the pool (the
// recommendation histories, the pod deletion costs written, when a pod was last protected), what to
// do now: which pods get which deletion cost, which Grid nodes to drain, the replicas of each
// Deployment with the Event's words, the metrics, the status and the resource snapshot, and when to
// look again. The scaling math itself is in decide.ts; no clock is read here.
import type { QueueInfo } from '../../lib/amqp/management.js';
import { POOL_DEFAULTS } from '../../lib/crd/defaults.js';
import type { CollectorPool, CollectorPoolSpec, CollectorPoolStatus } from '../../lib/crd/types.gen.js';
import { nodeAddress, type GridNode, type GridState } from '../grid/client.js';
import { sameStatus, setCondition, type Condition } from '../status/status.js';
import {
  costSettleWaitMs,
  decide,
  deletionCosts,
  desiredNodes,
  desiredWorkers,
  newHistory,
  nodesToDrain,
  protects,
  settledDecision,
  workloadFrom,
  type Bounds,
  type History,
  type ScaleDecision,
  type Target,
  type Workload,
} from './decide.js';
import { leasesOf } from './signals.js';
import type { Contribution } from './sources/types.js';

/** Set by a pod runner outside a cluster: the host:port its Grid node registered with (else the pod IP). */
export const ANNOTATION_GRID_NODE = 'collection.newsroom.dev/grid-node';
const GRID_NODE_PORT = 5555;
/** Status is written at least this many pacer intervals apart even when only the volatile figures moved. */
const REFRESH_INTERVALS = 5;

/** The spec with the schema's defaults filled in (lib/crd/defaults.ts). */
export interface PoolSpec {
  workers: { deployment: string; minReplicas: number; maxReplicas: number; slotsPerReplica: number };
  seleniumNodes: { deployment: string; minReplicas: number; maxReplicas: number; sessionsPerNode: number };
  gridUrl: string;
  registrationSecretRef?: { name: string; key: string };
  scaleDownStabilizationSeconds: number;
  maxScaleUpStep: number;
  pollIntervalSeconds: number;
}

export function poolSpec(s: CollectorPoolSpec): PoolSpec {
  const d = POOL_DEFAULTS;
  return {
    workers: { deployment: '', ...d.workers, ...s.workers },
    seleniumNodes: { deployment: '', ...d.seleniumNodes, ...s.seleniumNodes },
    gridUrl: s.gridUrl ?? '',
    ...(s.registrationSecretRef ? { registrationSecretRef: { key: d.registrationSecretKey, ...s.registrationSecretRef } } : {}),
    scaleDownStabilizationSeconds: s.scaleDownStabilizationSeconds ?? d.scaleDownStabilizationSeconds,
    maxScaleUpStep: s.maxScaleUpStep ?? d.maxScaleUpStep,
    pollIntervalSeconds: s.pollIntervalSeconds ?? d.pollIntervalSeconds,
  };
}

/** One scaling source's answer: what it contributes, null when not configured, or why it could not be read. */
export interface SourceReading {
  source: string;
  contribution: Contribution | null;
  error?: string;
}

/** A pod of a fleet Deployment, as far as the decision needs it. */
export interface FleetPod {
  name: string;
  annotations?: Record<string, string>;
  podIP?: string;
}

/** One Deployment: its replicas (undefined: not found) and its live pods, or why it could not be read. */
export interface Fleet {
  replicas?: number;
  pods: FleetPod[];
  error?: string;
}

export interface PoolFacts {
  pool: CollectorPool;
  spec: PoolSpec;
  readings: SourceReading[];
  workers: Fleet;
  nodes: Fleet;
  /** The status pacer: ms until a write is allowed (<= 0: now), since the last one, and its interval. */
  pace: { waitMs: number; sinceLastMs: number; intervalMs: number };
}

/** The one memory record of a pool. */
export interface PoolMemory {
  history: Record<Target, History>;
  /** The pod deletion cost last written per pod. */
  costs: Map<string, number>;
  /** When a pod of each Deployment last got a protecting cost (decide.ts, COST_SETTLE_MS). */
  protectedAt: Partial<Record<Target, number>>;
}

export const newPoolMemory = (now: Date): PoolMemory => ({
  history: { workers: newHistory(now.getTime()), seleniumNodes: newHistory(now.getTime()) },
  costs: new Map(),
  protectedAt: {},
});

export interface ScaleStep {
  target: Target;
  deployment: string;
  from: number;
  to: number;
  direction: 'up' | 'down';
  reason: string;
  /** The Event's and lastScaleReason's words: "workers 1 -> 11: backlog needs 20 replicas, 1 running". */
  message: string;
}

export interface PoolMetrics {
  desired: Record<Target, number>;
  current: Record<Target, number>;
  busySlots: number;
  queues: { name: string; depth: number }[];
  gridSlots: { busy: number; draining: number; free: number } | null;
}

export interface PoolDecision {
  /** The memory after this reconcile (costs are kept by the controller as it writes them). */
  history: Record<Target, History>;
  protectedAt: Partial<Record<Target, number>>;
  /** Deletion costs that differ from the ones written. */
  costs: { pod: string; cost: number }[];
  /** Idle Grid nodes to drain before the node Deployment is lowered. */
  drain: { id: string; pod: string }[];
  scale: ScaleStep[];
  metrics: PoolMetrics;
  /** The status and the snapshot are due (replicas changed, or the pacer allows a write): the pacer records a write. */
  due: boolean;
  /** The status to write, or null when it is not due or nothing worth writing changed. */
  status: CollectorPoolStatus | null;
  /** The resource snapshot the gateway serves, when due. */
  snapshot: Record<string, unknown> | null;
  requeueAfterMs: number;
}

/** Everything the sources said, combined; pool node pods told apart from the Grid's fixed capacity. */
export interface PoolSignals {
  workload: Workload;
  busySlots: number;
  queues: QueueInfo[];
  grid: GridState | null;
  /** Busy task slots per worker pod. */
  workerBusy: Map<string, number>;
  /** Grid nodes that are pods of the node Deployment, by pod name. */
  podNodes: Map<string, GridNode>;
  read: string[];
  unavailable: string[];
}

export function combineSignals(readings: SourceReading[], nodePods: FleetPod[], workerPods: FleetPod[]): PoolSignals {
  const running: number[] = [];
  const outstanding: number[] = [];
  let admissible = 0;
  const leases = new Map<string, number>();
  const queues: QueueInfo[] = [];
  let grid: GridState | null = null;
  const read: string[] = [];
  const unavailable: string[] = [];
  for (const r of readings) {
    if (r.error !== undefined) unavailable.push(`${r.source}: ${r.error}`);
    const c = r.contribution;
    if (!c) continue;
    read.push(r.source);
    if (c.running !== undefined) running.push(c.running);
    if (c.outstanding !== undefined) outstanding.push(c.outstanding);
    admissible += c.admissible ?? 0;
    for (const [owner, n] of c.leases ?? []) leases.set(owner, (leases.get(owner) ?? 0) + n);
    queues.push(...(c.queues ?? []));
    grid ??= c.grid ?? null;
  }
  const busySlots = [...leases.values()].reduce((s, n) => s + n, 0);
  const workerBusy = new Map(workerPods.map((p) => [p.name, leasesOf(p.name, leases)]));
  const podNodes = new Map<string, GridNode>();
  let externalSlots = 0;
  if (grid) {
    const byAddress = new Map<string, string>();
    for (const p of nodePods) {
      const a = p.annotations?.[ANNOTATION_GRID_NODE] ?? (p.podIP ? `${p.podIP}:${GRID_NODE_PORT}` : undefined);
      if (a) byAddress.set(a, p.name);
    }
    for (const n of grid.nodes) {
      const pod = byAddress.get(nodeAddress(n.uri));
      if (pod) podNodes.set(pod, n);
      else if (n.status === 'UP') externalSlots += n.slots;
    }
  }
  const workload = workloadFrom({
    running: [...running, busySlots],
    outstanding,
    admissible,
    grid: grid ? { sessions: grid.sessions, sessionQueue: grid.sessionQueue } : null,
    externalSlots,
  });
  return { workload, busySlots, queues, grid, workerBusy, podNodes, read, unavailable };
}

const bounds = (s: { minReplicas: number; maxReplicas: number }): Bounds => ({ min: s.minReplicas, max: s.maxReplicas });

/**
 * Sizes both Deployments for the combined workload (decide.ts), drains idle Grid nodes before the
 * node Deployment is lowered (shrinking the step to what can go without ending a session), ranks
 * the pods by deletion cost, holds a scale-down until a new protecting cost can have reached the
 * ReplicaSet controller, and paces the status: written when replicas changed, else at most once per
 * pacer interval when it differs, and every few intervals regardless (the queue figures move).
 */
export function decidePool(f: PoolFacts, memory: PoolMemory, now: Date): PoolDecision {
  const t = now.getTime();
  const { spec } = f;
  const s = combineSignals(f.readings, f.nodes.pods, f.workers.pods);
  const wantWorkers = desiredWorkers(s.workload, spec.workers.slotsPerReplica, bounds(spec.workers));
  const wantNodes = desiredNodes(
    s.workload,
    wantWorkers * spec.workers.slotsPerReplica,
    spec.seleniumNodes.sessionsPerNode,
    bounds(spec.seleniumNodes),
  );
  const policy = { maxScaleUpStep: spec.maxScaleUpStep, stabilizationMs: spec.scaleDownStabilizationSeconds * 1000 };
  const busy: Record<Target, number> = {
    workers: [...s.workerBusy.values()].filter((n) => n > 0).length,
    seleniumNodes: [...s.podNodes.values()].filter((n) => n.sessions > 0).length,
  };
  const current: Record<Target, number> = { workers: f.workers.replicas ?? 0, seleniumNodes: f.nodes.replicas ?? 0 };
  const scaleOf = (target: Target, recommended: number, b: Bounds) =>
    decide({ current: current[target], recommended, busy: busy[target], bounds: b, policy, history: memory.history[target], now: t });
  const d: Record<Target, ScaleDecision> = {
    workers: scaleOf('workers', wantWorkers, bounds(spec.workers)),
    seleniumNodes: scaleOf('seleniumNodes', wantNodes, bounds(spec.seleniumNodes)),
  };
  const history = { workers: d.workers.history, seleniumNodes: d.seleniumNodes.history };

  const drain: PoolDecision['drain'] = [];
  if (f.nodes.replicas !== undefined && d.seleniumNodes.direction === 'down') {
    const planned = drainPlan(f.nodes.pods, s.podNodes, current.seleniumNodes, d.seleniumNodes);
    d.seleniumNodes = planned.decision;
    drain.push(...planned.drain);
  }
  const draining = new Set(drain.map((x) => x.pod));

  const costs: PoolDecision['costs'] = [];
  const protectedAt = { ...memory.protectedAt };
  let settleMs = 0;
  const steps: ScaleStep[] = [];
  const place = (target: Target, fleet: Fleet, deployment: string, loads: Map<string, number>) => {
    if (fleet.replicas === undefined) return;
    for (const [pod, cost] of loads) {
      const before = memory.costs.get(pod);
      if (before === cost) continue;
      if (protects(before, cost)) protectedAt[target] = t;
      costs.push({ pod, cost });
    }
    const wait = d[target].direction === 'down' ? costSettleWaitMs(protectedAt[target], t) : 0;
    settleMs = Math.max(settleMs, wait);
    d[target] = settledDecision(d[target], current[target], wait);
    const x = d[target];
    if (x.direction !== 'none' && x.desired !== current[target]) {
      const what = target === 'workers' ? 'workers' : 'Selenium nodes';
      const message = `${what} ${current[target]} -> ${x.desired}: ${x.reason}`;
      steps.push({ target, deployment, from: current[target], to: x.desired, direction: x.direction, reason: x.reason, message });
    }
  };
  place(
    'workers',
    f.workers,
    spec.workers.deployment,
    deletionCosts(f.workers.pods.map((p) => ({ name: p.name, busy: s.workerBusy.get(p.name) ?? 0 }))),
  );
  place(
    'seleniumNodes',
    f.nodes,
    spec.seleniumNodes.deployment,
    deletionCosts(
      f.nodes.pods.map((p) => {
        const n = s.podNodes.get(p.name);
        return { name: p.name, busy: n?.sessions ?? 0, draining: n?.status === 'DRAINING' || draining.has(p.name) };
      }),
    ),
  );

  const after: Record<Target, number> = {
    workers: f.workers.replicas !== undefined ? d.workers.desired : 0,
    seleniumNodes: f.nodes.replicas !== undefined ? d.seleniumNodes.desired : 0,
  };
  const metrics: PoolMetrics = {
    desired: { workers: wantWorkers, seleniumNodes: wantNodes },
    current: after,
    busySlots: s.busySlots,
    queues: s.queues.map((q) => ({ name: q.name, depth: q.messagesReady + q.messagesUnacknowledged })),
    gridSlots: s.grid ? gridSlots(s.grid) : null,
  };

  const changed = steps.map((x) => x.message);
  const due = changed.length > 0 || f.pace.waitMs <= 0;
  let status: CollectorPoolStatus | null = null;
  if (due) {
    const next = poolStatus(f, s, { workers: wantWorkers, seleniumNodes: wantNodes }, after, busy, changed, now);
    const worth =
      !sameStatus(stripVolatile(f.pool.status), stripVolatile(next)) ||
      changed.length > 0 ||
      f.pace.sinceLastMs >= REFRESH_INTERVALS * f.pace.intervalMs;
    if (worth) status = next;
  }
  const poll = spec.pollIntervalSeconds * 1000;
  return {
    history,
    protectedAt,
    costs,
    drain,
    scale: steps,
    metrics,
    due,
    status,
    snapshot: due ? snapshotOf(s, after, busy.workers, f.workers.pods.length, f.nodes.pods.length, spec.workers.slotsPerReplica) : null,
    requeueAfterMs: settleMs > 0 ? Math.min(settleMs, poll) : poll,
  };
}

/**
 * Before lowering the node Deployment: pods without a Grid node (not started yet, or already gone)
 * go first and need no drain; then idle nodes are drained. When fewer can go than the decision wants,
 * it shrinks to those (busy nodes stay).
 */
function drainPlan(
  pods: FleetPod[],
  podNodes: Map<string, GridNode>,
  current: number,
  dn: ScaleDecision,
): { decision: ScaleDecision; drain: { id: string; pod: string }[] } {
  const by = current - dn.desired;
  const withoutNode = pods.filter((p) => !podNodes.has(p.name)).length;
  const need = Math.max(0, by - withoutNode);
  const candidates = [...podNodes.entries()].map(([pod, n]) => ({ id: n.id, pod, sessions: n.sessions, draining: n.status === 'DRAINING' }));
  const chosen = nodesToDrain(candidates, need);
  const drain = chosen.filter((c) => !c.draining).map(({ id, pod }) => ({ id, pod }));
  const removable = Math.min(by, withoutNode + chosen.length);
  if (removable >= by) return { decision: dn, drain };
  const desired = current - removable;
  return {
    decision: {
      ...dn,
      desired,
      direction: desired < current ? 'down' : 'none',
      reason: removable
        ? `${dn.reason}; ${by - removable} busy node(s) kept`
        : 'every Grid node above the target has sessions: waiting for them to end',
    },
    drain,
  };
}

/** "a, b and c". */
const listed = (xs: string[]): string => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}` : (xs[0] ?? 'nothing'));

function gridSlots(g: GridState): { busy: number; draining: number; free: number } {
  const draining = g.nodes.filter((n) => n.status === 'DRAINING').reduce((s, n) => s + n.slots, 0);
  return { busy: g.sessions, draining, free: Math.max(0, g.totalSlots - g.sessions - draining) };
}

function poolStatus(
  f: PoolFacts,
  s: PoolSignals,
  want: Record<Target, number>,
  current: Record<Target, number>,
  busy: Record<Target, number>,
  changed: string[],
  now: Date,
): CollectorPoolStatus {
  const prev = f.pool.status;
  const gen = f.pool.metadata.generation ?? 1;
  const conditions: Condition[] = (prev?.conditions ?? []).map((c) => ({ ...c }));
  const missing = [f.workers.error, f.nodes.error].filter(Boolean) as string[];
  setCondition(
    conditions,
    missing.length
      ? { type: 'AbleToScale', status: 'False', reason: 'DeploymentUnavailable', message: missing.join('; '), observedGeneration: gen }
      : {
          type: 'AbleToScale',
          status: 'True',
          reason: 'DeploymentsFound',
          message: 'both Deployments are found and scaled through their scale subresource',
          observedGeneration: gen,
        },
    now,
  );
  setCondition(
    conditions,
    s.unavailable.length
      ? {
          type: 'ScalingActive',
          status: 'False',
          reason: 'SignalsUnavailable',
          message: `scaling on ${listed(s.read)} only; ${s.unavailable.join('; ')}`,
          observedGeneration: gen,
        }
      : { type: 'ScalingActive', status: 'True', reason: 'SignalsRead', message: `${listed(s.read)} are read`, observedGeneration: gen },
    now,
  );
  return {
    observedGeneration: gen,
    queues: s.queues.map((q) => ({ name: q.name, ready: q.messagesReady, unacked: q.messagesUnacknowledged, consumers: q.consumers })),
    ...(s.grid
      ? { grid: { nodes: s.grid.nodes.length, slots: s.grid.totalSlots, sessions: s.grid.sessions, sessionQueue: s.grid.sessionQueue } }
      : {}),
    workers: { desired: want.workers, current: current.workers, busy: busy.workers },
    seleniumNodes: { desired: want.seleniumNodes, current: current.seleniumNodes, busy: busy.seleniumNodes },
    busySlots: s.busySlots,
    ...(changed.length
      ? { lastScaleTime: now.toISOString(), lastScaleReason: changed.join('; ') }
      : prev?.lastScaleTime
        ? { lastScaleTime: prev.lastScaleTime, lastScaleReason: prev.lastScaleReason }
        : {}),
    conditions,
  };
}

/** Status without the figures that change every poll, to tell a meaningful change from noise. */
function stripVolatile(s: CollectorPoolStatus | undefined): unknown {
  if (!s) return {};
  const { queues: _q, grid: _g, busySlots: _b, ...rest } = s;
  return rest;
}

/** The row of resource_snapshots the gateway serves at /resources/usage. */
function snapshotOf(
  s: PoolSignals,
  after: Record<Target, number>,
  busyWorkers: number,
  workerPods: number,
  nodePods: number,
  slotsPerReplica: number,
): Record<string, unknown> {
  const queues: Record<string, { ready: number; unacked: number; consumers: number }> = {};
  for (const q of s.queues)
    queues[q.name.slice(q.name.lastIndexOf('.') + 1)] = { ready: q.messagesReady, unacked: q.messagesUnacknowledged, consumers: q.consumers };
  return {
    selenium: s.grid ? { nodes: s.grid.nodes.length, slots: s.grid.totalSlots, sessions: s.grid.sessions, queue: s.grid.sessionQueue } : null,
    queues,
    workers: {
      busy: busyWorkers,
      total: after.workers,
      pods: workerPods,
      slots: { busy: s.busySlots, total: after.workers * slotsPerReplica },
    },
    seleniumNodes: { replicas: after.seleniumNodes, pods: nodePods },
    tasks: { queued: s.workload.queued, running: s.workload.running },
  };
}
