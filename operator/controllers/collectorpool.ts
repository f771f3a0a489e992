// The CollectorPool controller: sizes the worker and Selenium node Deployments by the backlog. Each
// reconcile reads the signals (task rows and leases in PostgreSQL, queue depths from the management
// API, the Grid's GraphQL state, the Deployments and their pods), asks the pure decisions in
// operator/autoscale for the replicas, marks which pods the ReplicaSet should remove first
// (pod-deletion-cost), drains idle Grid nodes before lowering the node Deployment, writes replicas
// through the scale subresource, and records status, an Event per scaling decision, metrics and the
// resource snapshot the gateway serves. It runs on task changes and queue events, with a short poll.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ManagementClient, QueueInfo } from '../../lib/amqp/management.js';
import type { TopologyNames } from '../../lib/amqp/topology.js';
import type { CollectorPoolSpec, CollectorPoolStatus } from '../../lib/crd/types.gen.js';
import type { OperatorStore } from '../store/store.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { writeStatus } from '../../lib/kube/objects.js';
import { DEPLOYMENTS, isNotFound, MERGE_PATCH, PODS, resourcePath, SECRETS, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import {
  costSettleWaitMs,
  decide,
  deletionCosts,
  desiredNodes,
  desiredWorkers,
  newHistory,
  nodesToDrain,
  POD_DELETION_COST,
  protects,
  settledDecision,
  workloadOf,
  type History,
  type ScaleDecision,
  type Target,
  type Workload,
} from '../autoscale/decide.js';
import { leasesOf, taskSignals, type QuotaView } from '../autoscale/signals.js';
import type { InformerSet } from '../core/informers.js';
import type { SharedState } from '../core/state.js';
import { GridClient, nodeAddress, type GridNode, type GridState } from '../grid/client.js';
import { sameStatus, setCondition, type Condition } from '../status/status.js';
import type { Department } from './collectionjob.js';
import { StatusPacer } from '../core/pacer.js';
import { DEPARTMENT_DEFAULTS, JOB_DEFAULTS } from '../../lib/crd/defaults.js';

/** Set by a pod runner outside a cluster: the host:port its Grid node registered with (else the pod IP). */
export const ANNOTATION_GRID_NODE = 'collection.newsroom.dev/grid-node';
const GRID_NODE_PORT = 5555;

export type Pool_ = KubeObject & { metadata: NonNullable<KubeObject['metadata']>; spec: CollectorPoolSpec; status?: CollectorPoolStatus };

interface Deployment extends KubeObject {
  spec: { replicas?: number; selector: { matchLabels?: Record<string, string> } };
  status?: { replicas?: number; readyReplicas?: number };
}

interface Pod extends KubeObject {
  metadata: NonNullable<KubeObject['metadata']> & { name: string };
  status?: { phase?: string; podIP?: string };
}

export interface AutoscalerMetrics {
  desired: Gauge<'target'>;
  current: Gauge<'target'>;
  queueDepth: Gauge<'queue'>;
  scaleEvents: Counter<'target' | 'direction'>;
  gridSlots: Gauge<'state'>;
  busySlots: Gauge<string>;
}

export function autoscalerMetrics(registry: Registry): AutoscalerMetrics {
  const registers = [registry];
  return {
    desired: new Gauge({
      name: 'newsroom_autoscaler_desired_replicas',
      help: 'Replicas the autoscaler wants, by target (workers, seleniumNodes).',
      labelNames: ['target'] as const,
      registers,
    }),
    current: new Gauge({
      name: 'newsroom_autoscaler_current_replicas',
      help: 'Replicas the Deployment has, by target.',
      labelNames: ['target'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'newsroom_queue_depth',
      help: 'Messages in a queue, ready + unacknowledged.',
      labelNames: ['queue'] as const,
      registers,
    }),
    scaleEvents: new Counter({
      name: 'newsroom_scale_events_total',
      help: 'Replica changes written by the autoscaler.',
      labelNames: ['target', 'direction'] as const,
      registers,
    }),
    gridSlots: new Gauge({
      name: 'newsroom_grid_slots',
      help: 'Selenium Grid session slots by state (busy, free, draining).',
      labelNames: ['state'] as const,
      registers,
    }),
    busySlots: new Gauge({ name: 'newsroom_worker_busy_slots', help: 'Worker slots holding a live task lease.', registers }),
  };
}

export interface CollectorPoolDeps {
  rest: KubeRest;
  store: OperatorStore;
  management?: ManagementClient;
  names: TopologyNames;
  pools: InformerSet<Pool_>;
  departments: InformerSet<Department>;
  state: SharedState;
  events: EventRecorder;
  log: Logger;
  metrics: AutoscalerMetrics;
  now: () => Date;
  /** Status and snapshot writes at most this often per pool, unless replicas changed. */
  statusIntervalMs: number;
  /** The registration secret when no Secret is named (local stack: SELENIUM_REGISTRATION_SECRET). */
  registrationSecret?: string;
  /** Leadership, asked again before the writes of a reconcile (default: always the leader). */
  isLeader?: () => boolean;
}

interface Fleet {
  deployment?: Deployment;
  pods: Pod[];
  error?: string;
}

interface Observed {
  queues: QueueInfo[];
  queueError?: string;
  grid: GridState | null;
  gridError?: string;
  workload: Workload;
  busySlots: number;
  workers: Fleet;
  nodes: Fleet;
  /** Pool Grid nodes by pod name. */
  podNodes: Map<string, GridNode>;
  workerBusy: Map<string, number>;
}

const POOLS = resourceOf('CollectorPool');

export class CollectorPoolReconciler {
  private histories = new Map<string, Record<Target, History>>();
  private pacer: StatusPacer;
  private costs = new Map<string, string>();
  /** When a pod of a Deployment (namespace/name) last got a protecting cost (decide.ts, COST_SETTLE_MS). */
  private protectedAt = new Map<string, number>();

  constructor(private d: CollectorPoolDeps) {
    this.pacer = new StatusPacer(d.statusIntervalMs, d.now);
  }

  async reconcile(key: string): Promise<ProcessResult | void> {
    const pool = this.d.pools.get(key);
    if (!pool) {
      this.histories.delete(key);
      this.pacer.forget(key);
      return;
    }
    const now = this.d.now();
    const t = now.getTime();
    const spec = withDefaults(pool.spec);
    const ns = pool.metadata.namespace!;
    const o = await this.observe(ns, spec);
    // The lease may have been lost while observing: a standby writes nothing.
    if (!this.leading) return;

    // Decisions.
    const workerSlots = (n: number) => n * spec.workers.slotsPerReplica;
    const wantWorkers = desiredWorkers(o.workload, spec.workers.slotsPerReplica, bounds(spec.workers));
    const wantNodes = desiredNodes(o.workload, workerSlots(wantWorkers), spec.seleniumNodes.sessionsPerNode, bounds(spec.seleniumNodes));
    const h = this.histories.get(key) ?? { workers: newHistory(t), seleniumNodes: newHistory(t) };
    const policy = { maxScaleUpStep: spec.maxScaleUpStep, stabilizationMs: spec.scaleDownStabilizationSeconds * 1000 };
    const busyWorkers = [...o.workerBusy.values()].filter((n) => n > 0).length;
    const busyNodes = [...o.podNodes.values()].filter((n) => n.sessions > 0).length;
    const currentWorkers = o.workers.deployment?.spec.replicas ?? 0;
    const currentNodes = o.nodes.deployment?.spec.replicas ?? 0;
    let dw = decide({
      current: currentWorkers,
      recommended: wantWorkers,
      busy: busyWorkers,
      bounds: bounds(spec.workers),
      policy,
      history: h.workers,
      now: t,
    });
    let dn = decide({
      current: currentNodes,
      recommended: wantNodes,
      busy: busyNodes,
      bounds: bounds(spec.seleniumNodes),
      policy,
      history: h.seleniumNodes,
      now: t,
    });
    this.histories.set(key, { workers: dw.history, seleniumNodes: dn.history });

    // Which pods go first, then the replicas. A scale-down waits until a pod's new higher cost can have
    // reached the ReplicaSet controller, so that it does not remove a pod that just became busy.
    const changed: string[] = [];
    let settleMs = 0;
    const settled = (deployment: string, d: ScaleDecision, current: number): ScaleDecision => {
      const wait = d.direction === 'down' ? costSettleWaitMs(this.protectedAt.get(`${ns}/${deployment}`), this.d.now().getTime()) : 0;
      settleMs = Math.max(settleMs, wait);
      return settledDecision(d, current, wait);
    };
    if (o.workers.deployment) {
      await this.markCosts(
        ns,
        spec.workers.deployment,
        deletionCosts(o.workers.pods.map((p) => ({ name: p.metadata.name, busy: o.workerBusy.get(p.metadata.name) ?? 0 }))),
      );
      dw = settled(spec.workers.deployment, dw, currentWorkers);
      if (dw.direction !== 'none' && dw.desired !== currentWorkers) {
        await this.scale(ns, spec.workers.deployment, dw.desired);
        changed.push(this.recordScale(pool, 'workers', currentWorkers, dw));
      }
    }
    if (o.nodes.deployment) {
      if (dn.direction === 'down') dn = await this.drainBeforeScaleDown(pool, spec, o, currentNodes, dn);
      await this.markCosts(
        ns,
        spec.seleniumNodes.deployment,
        deletionCosts(
          o.nodes.pods.map((p) => {
            const n = o.podNodes.get(p.metadata.name);
            return { name: p.metadata.name, busy: n?.sessions ?? 0, draining: n?.status === 'DRAINING' };
          }),
        ),
      );
      dn = settled(spec.seleniumNodes.deployment, dn, currentNodes);
      if (dn.direction !== 'none' && dn.desired !== currentNodes) {
        await this.scale(ns, spec.seleniumNodes.deployment, dn.desired);
        changed.push(this.recordScale(pool, 'seleniumNodes', currentNodes, dn));
      }
    }

    // Metrics.
    const m = this.d.metrics;
    m.desired.set({ target: 'workers' }, wantWorkers);
    m.desired.set({ target: 'seleniumNodes' }, wantNodes);
    m.current.set({ target: 'workers' }, o.workers.deployment ? dw.desired : 0);
    m.current.set({ target: 'seleniumNodes' }, o.nodes.deployment ? dn.desired : 0);
    m.busySlots.set(o.busySlots);
    for (const q of o.queues) m.queueDepth.set({ queue: q.name }, q.messagesReady + q.messagesUnacknowledged);
    if (o.grid) {
      const draining = o.grid.nodes.filter((n) => n.status === 'DRAINING').reduce((s, n) => s + n.slots, 0);
      const busy = o.grid.sessions;
      m.gridSlots.set({ state: 'busy' }, busy);
      m.gridSlots.set({ state: 'draining' }, draining);
      m.gridSlots.set({ state: 'free' }, Math.max(0, o.grid.totalSlots - busy - draining));
    }

    // Status and snapshot, rate limited unless replicas changed.
    const due = changed.length > 0 || this.pacer.waitMs(key) <= 0;
    if (due) {
      const status = poolStatus(
        pool,
        o,
        { workers: wantWorkers, seleniumNodes: wantNodes },
        { workers: dw, seleniumNodes: dn },
        { workers: busyWorkers, seleniumNodes: busyNodes },
        changed,
        now,
      );
      if (
        !sameStatus(stripVolatile(pool.status), stripVolatile(status)) ||
        changed.length ||
        this.pacer.sinceLastMs(key) >= 5 * this.pacer.intervalMs
      ) {
        await writeStatus(this.d.rest, resourcePath(POOLS, ns, pool.metadata.name), pool, () => status as unknown as Record<string, unknown>, {
          allowed: () => this.leading,
        });
      }
      await this.snapshot(key, o, dw, dn, busyWorkers, spec.workers.slotsPerReplica, now).catch((e: Error) =>
        this.d.log.warn({ pool: key, err: e.message }, 'cannot record the resource snapshot'),
      );
      this.pacer.wrote(key, now);
    }
    return { requeueAfterMs: settleMs > 0 ? Math.min(settleMs, spec.pollIntervalSeconds * 1000) : spec.pollIntervalSeconds * 1000 };
  }

  /** Every signal, read side by side; a source that fails is reported in status and counts as empty. */
  private async observe(ns: string, spec: Spec): Promise<Observed> {
    const queueNames = [this.d.names.queue.metadata, this.d.names.queue.comments, this.d.names.deadQueue];
    const depts = new Map<string, QuotaView>();
    for (const x of this.d.departments.list())
      depts.set(x.metadata.name!, {
        quota: x.spec.quota?.inFlightTasks ?? DEPARTMENT_DEFAULTS.inFlightTasks,
        borrowingLimit: x.spec.quota?.borrowingLimit ?? DEPARTMENT_DEFAULTS.borrowingLimit,
        paused: x.spec.paused === true,
      });
    const active = new Map<string, number>();
    for (const j of this.d.state.activeJobs()) active.set(j.uid, j.spec.parallelism ?? JOB_DEFAULTS.parallelism);
    const globalPaused = this.d.pools.list().some((p) => p.spec?.paused === true);

    const [queues, grid, tasks, workers, nodes] = await Promise.all([
      this.d.management
        ? Promise.all(queueNames.map((n) => this.d.management!.queue(n))).then(
            (qs) => ({ qs: qs.filter((q): q is QueueInfo => !!q), error: undefined as string | undefined }),
            (e: Error) => ({ qs: [] as QueueInfo[], error: e.message }),
          )
        : Promise.resolve({ qs: [] as QueueInfo[], error: 'no RabbitMQ management URL' }),
      spec.gridUrl
        ? new GridClient(spec.gridUrl).state().then(
            (g) => ({ g, error: undefined as string | undefined }),
            (e: Error) => ({ g: null, error: e.message }),
          )
        : Promise.resolve({ g: null, error: undefined }),
      this.d.store.taskSignalRows().then((rows) => taskSignals(rows, depts, active, globalPaused)),
      this.fleet(ns, spec.workers.deployment),
      this.fleet(ns, spec.seleniumNodes.deployment),
    ]);

    const workerBusy = new Map<string, number>();
    for (const p of workers.pods) workerBusy.set(p.metadata.name, leasesOf(p.metadata.name, tasks.leases));
    const busySlots = [...tasks.leases.values()].reduce((s, n) => s + n, 0);

    // Grid nodes that are pods of the node Deployment; the others are fixed capacity.
    const podNodes = new Map<string, GridNode>();
    let externalSlots = 0;
    if (grid.g) {
      const byAddress = new Map<string, string>();
      for (const p of nodes.pods) {
        const a = p.metadata.annotations?.[ANNOTATION_GRID_NODE] ?? (p.status?.podIP ? `${p.status.podIP}:${GRID_NODE_PORT}` : undefined);
        if (a) byAddress.set(a, p.metadata.name);
      }
      for (const n of grid.g.nodes) {
        const pod = byAddress.get(nodeAddress(n.uri));
        if (pod) podNodes.set(pod, n);
        else if (n.status === 'UP') externalSlots += n.slots;
      }
    }
    const workload = workloadOf({
      queues: queues.qs.filter((q) => q.name !== this.d.names.deadQueue).map((q) => ({ ready: q.messagesReady, unacked: q.messagesUnacknowledged })),
      tasks,
      busySlots,
      grid: grid.g ? { sessions: grid.g.sessions, sessionQueue: grid.g.sessionQueue } : null,
      externalSlots,
    });
    return {
      queues: queues.qs,
      queueError: queues.error,
      grid: grid.g,
      gridError: grid.error,
      workload,
      busySlots,
      workers,
      nodes,
      podNodes,
      workerBusy,
    };
  }

  private async fleet(ns: string, name: string): Promise<Fleet> {
    if (!name) return { pods: [] };
    let deployment: Deployment;
    try {
      deployment = await this.d.rest.get<Deployment>(resourcePath(DEPLOYMENTS, ns, name));
    } catch (e) {
      return { pods: [], error: isNotFound(e) ? `Deployment ${ns}/${name} does not exist` : (e as Error).message };
    }
    const sel = Object.entries(deployment.spec.selector.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const list = await this.d.rest.get<{ items: Pod[] }>(resourcePath(PODS, ns), { labelSelector: sel });
    return { deployment, pods: list.items.filter((p) => !p.metadata.deletionTimestamp) };
  }

  /** Drains idle pool nodes on the Grid; lowers the decision to what could be drained (busy nodes stay). */
  private async drainBeforeScaleDown(pool: Pool_, spec: Spec, o: Observed, current: number, dn: ScaleDecision): Promise<ScaleDecision> {
    const by = current - dn.desired;
    // Pods without a Grid node (not started yet, or already gone) go first and need no drain.
    const withoutNode = o.nodes.pods.filter((p) => !o.podNodes.has(p.metadata.name)).length;
    const need = Math.max(0, by - withoutNode);
    const candidates = [...o.podNodes.entries()].map(([pod, n]) => ({ id: n.id, pod, sessions: n.sessions, draining: n.status === 'DRAINING' }));
    const chosen = nodesToDrain(candidates, need);
    if (chosen.some((c) => !c.draining)) {
      const secret = await this.registrationSecret(pool, spec);
      for (const c of chosen.filter((x) => !x.draining)) {
        if (secret === undefined) break;
        try {
          await new GridClient(spec.gridUrl).drain(c.id, secret);
          const n = o.podNodes.get(c.pod);
          if (n) n.status = 'DRAINING';
          this.d.log.info({ pool: pool.metadata.name, pod: c.pod, node: c.id }, 'drained an idle Grid node before scale-down');
        } catch (e) {
          this.d.log.warn({ pool: pool.metadata.name, node: c.id, err: (e as Error).message }, 'cannot drain a Grid node');
        }
      }
    }
    const removable = Math.min(by, withoutNode + chosen.length);
    if (removable >= by) return dn;
    const desired = current - removable;
    return {
      ...dn,
      desired,
      direction: desired < current ? 'down' : 'none',
      reason: removable
        ? `${dn.reason}; ${by - removable} busy node(s) kept`
        : 'every Grid node above the target has sessions: waiting for them to end',
    };
  }

  private async registrationSecret(pool: Pool_, spec: Spec): Promise<string | undefined> {
    const ref = spec.registrationSecretRef;
    if (ref?.name) {
      try {
        const s = await this.d.rest.get<{ data?: Record<string, string> }>(resourcePath(SECRETS, pool.metadata.namespace, ref.name));
        const v = s.data?.[ref.key ?? 'registration-secret'];
        if (v) return Buffer.from(v, 'base64').toString();
      } catch (e) {
        this.d.log.warn({ pool: pool.metadata.name, secret: ref.name, err: (e as Error).message }, 'cannot read the Grid registration secret');
      }
    }
    return this.d.registrationSecret;
  }

  private async markCosts(ns: string, deployment: string, costs: Map<string, number>): Promise<void> {
    await Promise.all(
      [...costs].map(async ([pod, cost]) => {
        const k = `${ns}/${pod}`;
        const before = this.costs.get(k);
        if (before === String(cost)) return;
        if (protects(before === undefined ? undefined : Number(before), cost)) this.protectedAt.set(`${ns}/${deployment}`, this.d.now().getTime());
        try {
          await this.d.rest.request('PATCH', resourcePath(PODS, ns, pod), {
            contentType: MERGE_PATCH,
            body: { metadata: { annotations: { [POD_DELETION_COST]: String(cost) } } },
          });
          this.costs.set(k, String(cost));
        } catch (e) {
          if (!isNotFound(e)) this.d.log.warn({ pod: k, err: (e as Error).message }, 'cannot set the pod deletion cost');
          this.costs.delete(k);
        }
      }),
    );
    if (this.costs.size > 10_000) this.costs.clear();
  }

  private get leading(): boolean {
    return this.d.isLeader?.() ?? true;
  }

  private async scale(ns: string, deployment: string, replicas: number): Promise<void> {
    if (!this.leading) throw new Error('lost the lease: not scaling');
    await this.d.rest.request('PATCH', resourcePath(DEPLOYMENTS, ns, deployment, 'scale'), {
      contentType: MERGE_PATCH,
      body: { spec: { replicas } },
    });
  }

  private recordScale(pool: Pool_, target: Target, from: number, d: ScaleDecision): string {
    const what = target === 'workers' ? 'workers' : 'Selenium nodes';
    const message = `${what} ${from} -> ${d.desired}: ${d.reason}`;
    this.d.metrics.scaleEvents.inc({ target, direction: d.direction });
    this.d.events.record(pool, 'Normal', d.direction === 'up' ? 'ScaledUp' : 'ScaledDown', message);
    this.d.log.info({ pool: pool.metadata.name, target, from, to: d.desired, reason: d.reason }, 'scaled');
    return message;
  }

  private async snapshot(
    key: string,
    o: Observed,
    dw: ScaleDecision,
    dn: ScaleDecision,
    busyWorkers: number,
    slotsPerReplica: number,
    now: Date,
  ): Promise<void> {
    const queues: Record<string, { ready: number; unacked: number; consumers: number }> = {};
    for (const q of o.queues)
      queues[q.name.slice(q.name.lastIndexOf('.') + 1)] = { ready: q.messagesReady, unacked: q.messagesUnacknowledged, consumers: q.consumers };
    const data = {
      selenium: o.grid ? { nodes: o.grid.nodes.length, slots: o.grid.totalSlots, sessions: o.grid.sessions, queue: o.grid.sessionQueue } : null,
      queues,
      workers: {
        busy: busyWorkers,
        total: o.workers.deployment ? dw.desired : 0,
        pods: o.workers.pods.length,
        slots: { busy: o.busySlots, total: (o.workers.deployment ? dw.desired : 0) * slotsPerReplica },
      },
      seleniumNodes: { replicas: o.nodes.deployment ? dn.desired : 0, pods: o.nodes.pods.length },
      tasks: { queued: o.workload.queued, running: o.workload.running },
    };
    await this.d.store.upsertResourceSnapshot(key, now, data);
  }
}

// --- Pure helpers ---------------------------------------------------------------------------------

interface Spec {
  workers: { deployment: string; minReplicas: number; maxReplicas: number; slotsPerReplica: number };
  seleniumNodes: { deployment: string; minReplicas: number; maxReplicas: number; sessionsPerNode: number };
  gridUrl: string;
  registrationSecretRef?: { name: string; key?: string };
  scaleDownStabilizationSeconds: number;
  maxScaleUpStep: number;
  pollIntervalSeconds: number;
}

function withDefaults(s: CollectorPoolSpec): Spec {
  return {
    workers: { deployment: '', minReplicas: 0, maxReplicas: 10, slotsPerReplica: 2, ...s.workers },
    seleniumNodes: { deployment: '', minReplicas: 0, maxReplicas: 10, sessionsPerNode: 2, ...s.seleniumNodes },
    gridUrl: s.gridUrl ?? '',
    registrationSecretRef: s.registrationSecretRef,
    scaleDownStabilizationSeconds: s.scaleDownStabilizationSeconds ?? 60,
    maxScaleUpStep: s.maxScaleUpStep ?? 10,
    pollIntervalSeconds: s.pollIntervalSeconds ?? 2,
  };
}

const bounds = (s: { minReplicas?: number; maxReplicas?: number }) => ({ min: s.minReplicas ?? 0, max: s.maxReplicas ?? 10 });

function poolStatus(
  pool: Pool_,
  o: Observed,
  want: Record<Target, number>,
  d: Record<Target, ScaleDecision>,
  busy: Record<Target, number>,
  changed: string[],
  now: Date,
): CollectorPoolStatus {
  const prev = pool.status;
  const gen = pool.metadata.generation ?? 1;
  const conditions: Condition[] = ((prev?.conditions ?? []) as Condition[]).map((c) => ({ ...c }));
  const missing = [o.workers.error, o.nodes.error].filter(Boolean) as string[];
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
  const blind = [o.queueError && `queue depths: ${o.queueError}`, o.gridError && `Grid: ${o.gridError}`].filter(Boolean) as string[];
  setCondition(
    conditions,
    blind.length
      ? {
          type: 'ScalingActive',
          status: 'False',
          reason: 'SignalsUnavailable',
          message: `scaling on PostgreSQL task counts only; ${blind.join('; ')}`,
          observedGeneration: gen,
        }
      : {
          type: 'ScalingActive',
          status: 'True',
          reason: 'SignalsRead',
          message: 'queue depths, task leases and the Grid are read',
          observedGeneration: gen,
        },
    now,
  );
  return {
    observedGeneration: gen,
    queues: o.queues.map((q) => ({ name: q.name, ready: q.messagesReady, unacked: q.messagesUnacknowledged, consumers: q.consumers })),
    ...(o.grid
      ? { grid: { nodes: o.grid.nodes.length, slots: o.grid.totalSlots, sessions: o.grid.sessions, sessionQueue: o.grid.sessionQueue } }
      : {}),
    workers: { desired: want.workers, current: o.workers.deployment ? d.workers.desired : 0, busy: busy.workers },
    seleniumNodes: { desired: want.seleniumNodes, current: o.nodes.deployment ? d.seleniumNodes.desired : 0, busy: busy.seleniumNodes },
    busySlots: o.busySlots,
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
