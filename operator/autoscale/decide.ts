// Scaling decisions of the CollectorPool controller, pure: what the fleet needs from what the operator
// sees (task counts, queue depths, busy slots, the Grid), and how far to move the Deployments now.
// Workers are sized by tasks (queued + running) over task slots; Selenium nodes by browser sessions
// over sessions per node, counting NODES (a node of 3 slots serves 3 sessions). Scale-up is immediate
// but bounded per decision; scale-down waits until every recommendation of the stabilization window
// was lower, and never goes below the replicas that are busy. No clock is read here: `now` is given.

export type Target = 'workers' | 'seleniumNodes';
export type Direction = 'up' | 'down' | 'none';

export interface Bounds {
  min: number;
  max: number;
}

export interface Policy {
  /** The most replicas added in one decision. */
  maxScaleUpStep: number;
  /** Scale down only to the highest recommendation of this window. */
  stabilizationMs: number;
}

/** What the fleet has to serve right now. */
export interface Workload {
  /** Tasks waiting for a worker slot: published and not yet claimed, plus those being admitted. */
  queued: number;
  /** Tasks a worker slot is running. */
  running: number;
  /** Browser sessions open on the Grid. */
  sessionsInUse: number;
  /** New-session requests waiting in the Grid's queue. */
  sessionQueue: number;
  /** Session slots of Grid nodes that are not pods of the pool's Deployment (fixed capacity). */
  externalSlots: number;
}

/** The operator's raw inputs, from several sources that each see part of the picture. */
export interface Signals {
  /** Per task queue, from the management API (ready + unacked; stats may be a few seconds stale). */
  queues: { ready: number; unacked: number }[];
  /** Task rows in PostgreSQL: published (state queued), running, and pending ones admissible now. */
  tasks: { queued: number; running: number; admissible: number };
  /** Worker slots holding a live task lease. */
  busySlots: number;
  grid: { sessions: number; sessionQueue: number } | null;
  externalSlots: number;
}

/**
 * One view of the workload from every source. PostgreSQL knows about a task before RabbitMQ (the
 * outbox), and the broker counts messages PostgreSQL may not have caught up with, so each figure takes
 * the larger of the two: running = max(unacked messages, running rows, busy slots); the tasks published
 * and not finished = max(ready + unacked messages, queued + running rows, running), of which those not
 * running are queued, plus the tasks being admitted. The total is taken as a whole, not per state: the
 * broker's stats lag by seconds, and a task just claimed (ready in the stale stats, running in
 * PostgreSQL) must not count twice.
 */
export function workloadOf(s: Signals): Workload {
  const ready = s.queues.reduce((n, q) => n + q.ready, 0);
  const unacked = s.queues.reduce((n, q) => n + q.unacked, 0);
  return workloadFrom({
    running: [unacked, s.tasks.running, s.busySlots],
    outstanding: [ready + unacked, s.tasks.queued + s.tasks.running],
    admissible: s.tasks.admissible,
    grid: s.grid,
    externalSlots: s.externalSlots,
  });
}

/** Estimates of the workload from any number of sources (operator/autoscale/sources), before combining. */
export interface Estimates {
  /** Each source's count of tasks running. */
  running: number[];
  /** Each source's count of tasks published and not finished. */
  outstanding: number[];
  /** Tasks about to be published, summed over the sources. */
  admissible: number;
  grid: { sessions: number; sessionQueue: number } | null;
  externalSlots: number;
}

/** The rule of workloadOf for any set of sources: the largest estimate of each figure, the outstanding never below the running. */
export function workloadFrom(e: Estimates): Workload {
  const running = Math.max(0, ...e.running);
  const outstanding = Math.max(running, ...e.outstanding);
  return {
    queued: outstanding - running + e.admissible,
    running,
    sessionsInUse: e.grid?.sessions ?? 0,
    sessionQueue: e.grid?.sessionQueue ?? 0,
    externalSlots: e.externalSlots,
  };
}

export const clamp = (n: number, b: Bounds): number => Math.min(Math.max(n, b.min), Math.max(b.min, b.max));

/** Workers: ceil((queued + running) / slots per replica), within the bounds. */
export function desiredWorkers(w: Pick<Workload, 'queued' | 'running'>, slotsPerReplica: number, b: Bounds): number {
  return clamp(Math.ceil((w.queued + w.running) / Math.max(1, slotsPerReplica)), b);
}

/**
 * Browser sessions the fleet needs: the sessions open plus those asked for in the Grid's queue, or the
 * slots busy and about to be busy (queued tasks the planned worker slots will pick up), whichever is
 * larger. A busy slot holds or waits for a session, so the two are alternatives, not a sum.
 */
export function sessionDemand(w: Workload, workerSlots: number): number {
  const imminent = Math.min(w.queued, Math.max(0, workerSlots - w.running));
  return Math.max(w.sessionsInUse + w.sessionQueue, w.running + imminent);
}

/** Selenium nodes: ceil((session demand - fixed capacity) / sessions per node), within the bounds. */
export function desiredNodes(w: Workload, workerSlots: number, sessionsPerNode: number, b: Bounds): number {
  const demand = Math.max(0, sessionDemand(w, workerSlots) - w.externalSlots);
  return clamp(Math.ceil(demand / Math.max(1, sessionsPerNode)), b);
}

/** Recommendations of one target remembered over the stabilization window. */
export interface History {
  /** When the controller started watching this target: a window must pass before any scale-down. */
  since: number;
  entries: { at: number; replicas: number }[];
}

export const newHistory = (now: number): History => ({ since: now, entries: [] });

export interface ScaleInput {
  current: number;
  /** The recommendation now (already within the bounds). */
  recommended: number;
  /** Replicas doing work: the floor of any scale-down. */
  busy: number;
  bounds: Bounds;
  policy: Policy;
  history: History;
  now: number;
}

export interface ScaleDecision {
  desired: number;
  direction: Direction;
  reason: string;
  history: History;
}

export function decide(i: ScaleInput): ScaleDecision {
  const { now, policy, bounds } = i;
  const entries = [...i.history.entries.filter((e) => e.at > now - policy.stabilizationMs), { at: now, replicas: i.recommended }];
  const history = { since: i.history.since, entries };
  const hold = (reason: string): ScaleDecision => ({ desired: i.current, direction: 'none', reason, history });

  if (i.recommended > i.current || i.current < bounds.min) {
    const target = Math.max(i.recommended, bounds.min);
    const desired = Math.min(target, i.current + Math.max(1, policy.maxScaleUpStep));
    const step = desired < target ? ` (step limited to +${policy.maxScaleUpStep})` : '';
    return { desired, direction: 'up', reason: `backlog needs ${target} replicas, ${i.current} running${step}`, history };
  }
  if (i.current > bounds.max) {
    return {
      desired: Math.max(bounds.max, Math.min(i.current, i.busy)),
      direction: i.busy < i.current ? 'down' : 'none',
      reason: `above the maximum of ${bounds.max}`,
      history,
    };
  }
  if (i.recommended === i.current) return hold('at the recommendation');

  // Lower: only when the window is fully observed, to the highest recommendation in it, never below busy.
  if (now - i.history.since < policy.stabilizationMs)
    return hold(`stabilizing: waiting ${Math.ceil((policy.stabilizationMs - (now - i.history.since)) / 1000)} s before scaling down`);
  const stabilized = Math.max(...entries.map((e) => e.replicas));
  const floor = Math.max(stabilized, Math.min(i.busy, bounds.max), bounds.min);
  if (floor >= i.current) {
    return hold(stabilized >= i.current ? 'stabilizing: the backlog was higher within the window' : `${i.busy} replicas are busy`);
  }
  return {
    desired: floor,
    direction: 'down',
    reason: `backlog stayed at or below ${stabilized} replicas for ${Math.round(policy.stabilizationMs / 1000)} s${floor > stabilized ? ` (${i.busy} busy)` : ''}`,
    history,
  };
}

// --- Which pods go first --------------------------------------------------------------------------

/** controller.kubernetes.io/pod-deletion-cost: the ReplicaSet removes lower costs first. */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
export const IDLE_COST = -1000;
export const BUSY_COST_PER_UNIT = 1000;

export interface PodLoad {
  name: string;
  /** Tasks (worker) or sessions (Selenium node) in progress. */
  busy: number;
  /** A drained Grid node takes no new sessions: remove it first. */
  draining?: boolean;
}

/** The deletion cost of each pod: idle (and drained) pods lowest, busy pods by how much they carry. */
export function deletionCosts(pods: PodLoad[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pods) out.set(p.name, p.busy > 0 ? BUSY_COST_PER_UNIT * p.busy : p.draining ? IDLE_COST - 1 : IDLE_COST);
  return out;
}

/**
 * A pod that just became busy has its higher cost written, but the ReplicaSet controller picks the pods
 * to remove from its own watch cache, which can lag behind by seconds on a loaded control plane: a
 * scale-down waits until the last such change is this old.
 */
export const COST_SETTLE_MS = 5_000;

/** Whether a cost change protects a pod: it was idle (or unknown) and now carries work. */
export const protects = (before: number | undefined, after: number): boolean => after > 0 && (before === undefined || before <= 0);

/** How long a scale-down still waits for the costs to reach the ReplicaSet controller (0: go). */
export function costSettleWaitMs(lastProtectedAt: number | undefined, now: number, settleMs = COST_SETTLE_MS): number {
  if (lastProtectedAt === undefined) return 0;
  return Math.max(0, lastProtectedAt + settleMs - now);
}

/** A scale-down held while new costs settle keeps the replicas; other decisions pass unchanged. */
export function settledDecision(d: ScaleDecision, current: number, waitMs: number): ScaleDecision {
  if (d.direction !== 'down' || waitMs <= 0) return d;
  return { ...d, desired: current, direction: 'none', reason: `waiting ${Math.ceil(waitMs / 1000)} s for new pod deletion costs to be seen` };
}

/**
 * The Grid nodes to drain before lowering the node Deployment by `by` replicas: idle nodes only (no
 * session), already-draining ones first, then by name for a stable choice.
 */
export function nodesToDrain<T extends { id: string; sessions: number; draining: boolean }>(nodes: T[], by: number): T[] {
  if (by <= 0) return [];
  return nodes
    .filter((n) => n.sessions === 0)
    .sort((a, b) => Number(b.draining) - Number(a.draining) || a.id.localeCompare(b.id))
    .slice(0, by);
}
