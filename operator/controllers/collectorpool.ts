// The CollectorPool controller: sizes the worker and Selenium node Deployments by the backlog. A
// reconcile observes (the scaling sources of operator/autoscale/sources, the two Deployments and their
// pods, the status pacer), asks the pure decidePool (operator/autoscale/pool.ts), and applies what it
// says: Grid drains, pod deletion costs, replicas through the scale subresource with an Event each,
// metrics, the status and the resource snapshot the gateway serves. It runs on task changes and queue
// events, with a short poll.
import { Counter, Gauge, type Registry } from 'prom-client';
import { ManagementClient } from '../../lib/amqp/management.js';
import type { TopologyNames } from '../../lib/amqp/topology.js';
import type { CollectorPool, Department } from '../../lib/crd/types.gen.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { writeStatus } from '../../lib/kube/objects.js';
import { DEPLOYMENTS, isNotFound, MERGE_PATCH, PODS, resourcePath, SECRETS, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import { POD_DELETION_COST } from '../autoscale/decide.js';
import {
  decidePool,
  newPoolMemory,
  poolSpec,
  type Fleet,
  type PoolDecision,
  type PoolFacts,
  type PoolMemory,
  type PoolSpec,
} from '../autoscale/pool.js';
import { SCALING_SOURCES } from '../autoscale/sources/index.js';
import type { SourceContext } from '../autoscale/sources/types.js';
import { Controller } from '../core/controller.js';
import { keyOf, type InformerSet } from '../core/informers.js';
import type { Manager } from '../core/manager.js';
import { StatusPacer } from '../core/pacer.js';
import type { SharedState } from '../core/state.js';
import { GridClient } from '../grid/client.js';
import type { OperatorStore } from '../store/store.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';

export { ANNOTATION_GRID_NODE } from '../autoscale/pool.js';

interface Deployment extends KubeObject {
  spec: { replicas?: number; selector: { matchLabels?: Record<string, string> } };
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
  pools: InformerSet<CollectorPool>;
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

const POOLS = resourceOf('CollectorPool');

export class CollectorPoolReconciler {
  private memory = new Map<string, PoolMemory>();
  private pacer: StatusPacer;

  constructor(private d: CollectorPoolDeps) {
    this.pacer = new StatusPacer(d.statusIntervalMs, d.now);
  }

  async reconcile(key: string): Promise<ProcessResult | void> {
    const pool = this.d.pools.get(key);
    if (!pool) {
      this.memory.delete(key);
      this.pacer.forget(key);
      return;
    }
    const facts = await this.observe(key, pool);
    // The lease may have been lost while observing: a standby writes nothing.
    if (!this.leading) return;
    const now = this.d.now();
    const memory = this.memory.get(key) ?? newPoolMemory(now);
    const decision = decidePool(facts, memory, now);
    await this.apply(key, facts, memory, decision, now);
    return { requeueAfterMs: decision.requeueAfterMs };
  }

  /** Every source and both Deployments, read side by side; a source that fails is reported, a required one fails the reconcile. */
  private async observe(key: string, pool: CollectorPool): Promise<PoolFacts> {
    const spec = poolSpec(pool.spec);
    const ns = pool.metadata.namespace!;
    const activeJobs = new Map<string, number>();
    for (const j of this.d.state.activeJobs()) activeJobs.set(j.uid, j.spec.parallelism ?? JOB_DEFAULTS.parallelism);
    const ctx: SourceContext = {
      spec,
      store: this.d.store,
      ...(this.d.management ? { management: this.d.management } : {}),
      names: this.d.names,
      departments: this.d.departments.list(),
      activeJobs,
      globalPaused: this.d.pools.list().some((p) => p.spec?.paused === true),
    };
    const [readings, workers, nodes] = await Promise.all([
      Promise.all(
        SCALING_SOURCES.map((s) =>
          s.read(ctx).then(
            (contribution) => ({ source: s.name, contribution }),
            (e: Error) => {
              if (s.required) throw e;
              return { source: s.name, contribution: null, error: e.message };
            },
          ),
        ),
      ),
      this.fleet(ns, spec.workers.deployment),
      this.fleet(ns, spec.seleniumNodes.deployment),
    ]);
    return {
      pool,
      spec,
      readings,
      workers,
      nodes,
      pace: { waitMs: this.pacer.waitMs(key), sinceLastMs: this.pacer.sinceLastMs(key), intervalMs: this.pacer.intervalMs },
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
    return {
      replicas: deployment.spec.replicas ?? 0,
      pods: list.items
        .filter((p) => !p.metadata.deletionTimestamp)
        .map((p) => ({
          name: p.metadata.name,
          ...(p.metadata.annotations ? { annotations: p.metadata.annotations } : {}),
          ...(p.status?.podIP ? { podIP: p.status.podIP } : {}),
        })),
    };
  }

  private async apply(key: string, f: PoolFacts, memory: PoolMemory, d: PoolDecision, now: Date): Promise<void> {
    const { pool, spec } = f;
    const ns = pool.metadata.namespace!;
    // Costs kept only for the pods that exist, as written (a failed write is tried again next time).
    const live = new Set([...f.workers.pods, ...f.nodes.pods].map((p) => p.name));
    const costs = new Map([...memory.costs].filter(([pod]) => live.has(pod)));
    this.memory.set(key, { history: d.history, protectedAt: d.protectedAt, costs });

    if (d.drain.length) await this.drain(pool, spec, d.drain);
    await Promise.all(d.costs.map((c) => this.markCost(ns, c.pod, c.cost, costs)));
    for (const step of d.scale) {
      await this.scale(ns, step.deployment, step.to);
      this.d.metrics.scaleEvents.inc({ target: step.target, direction: step.direction });
      this.d.events.record(pool, 'Normal', step.direction === 'up' ? 'ScaledUp' : 'ScaledDown', step.message);
      this.d.log.info({ pool: pool.metadata.name, target: step.target, from: step.from, to: step.to, reason: step.reason }, 'scaled');
    }

    const m = this.d.metrics;
    for (const target of ['workers', 'seleniumNodes'] as const) {
      m.desired.set({ target }, d.metrics.desired[target]);
      m.current.set({ target }, d.metrics.current[target]);
    }
    m.busySlots.set(d.metrics.busySlots);
    for (const q of d.metrics.queues) m.queueDepth.set({ queue: q.name }, q.depth);
    if (d.metrics.gridSlots) for (const [state, n] of Object.entries(d.metrics.gridSlots)) m.gridSlots.set({ state }, n);

    if (!d.due) return;
    const status = d.status;
    if (status)
      await writeStatus(this.d.rest, resourcePath(POOLS, ns, pool.metadata.name), pool, () => status as Record<string, unknown>, {
        allowed: () => this.leading,
      });
    if (d.snapshot)
      await this.d.store
        .upsertResourceSnapshot(key, now, d.snapshot)
        .catch((e: Error) => this.d.log.warn({ pool: key, err: e.message }, 'cannot record the resource snapshot'));
    this.pacer.wrote(key, now);
  }

  /** Drains idle pool nodes through the Grid's distributor (needs the registration secret). */
  private async drain(pool: CollectorPool, spec: PoolSpec, nodes: PoolDecision['drain']): Promise<void> {
    const secret = await this.registrationSecret(pool, spec);
    if (secret === undefined) return;
    for (const c of nodes) {
      try {
        await new GridClient(spec.gridUrl).drain(c.id, secret);
        this.d.log.info({ pool: pool.metadata.name, pod: c.pod, node: c.id }, 'drained an idle Grid node before scale-down');
      } catch (e) {
        this.d.log.warn({ pool: pool.metadata.name, node: c.id, err: (e as Error).message }, 'cannot drain a Grid node');
      }
    }
  }

  private async registrationSecret(pool: CollectorPool, spec: PoolSpec): Promise<string | undefined> {
    const ref = spec.registrationSecretRef;
    if (ref?.name) {
      try {
        const s = await this.d.rest.get<{ data?: Record<string, string> }>(resourcePath(SECRETS, pool.metadata.namespace, ref.name));
        const v = s.data?.[ref.key];
        if (v) return Buffer.from(v, 'base64').toString();
      } catch (e) {
        this.d.log.warn({ pool: pool.metadata.name, secret: ref.name, err: (e as Error).message }, 'cannot read the Grid registration secret');
      }
    }
    return this.d.registrationSecret;
  }

  private async markCost(ns: string, pod: string, cost: number, written: Map<string, number>): Promise<void> {
    try {
      await this.d.rest.request('PATCH', resourcePath(PODS, ns, pod), {
        contentType: MERGE_PATCH,
        body: { metadata: { annotations: { [POD_DELETION_COST]: String(cost) } } },
      });
      written.set(pod, cost);
    } catch (e) {
      if (!isNotFound(e)) this.d.log.warn({ pod: `${ns}/${pod}`, err: (e as Error).message }, 'cannot set the pod deletion cost');
      written.delete(pod);
    }
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
}

/** The CollectorPool controller and its wiring: a key per pool change, and every pool when the backlog moves (task changes, dispatcher rounds). */
export function setupCollectorPools(mgr: Manager): void {
  const { pools, leader } = mgr;
  const reconciler = new CollectorPoolReconciler({
    rest: mgr.rest,
    store: mgr.store,
    management: new ManagementClient(mgr.config.RABBITMQ_MANAGEMENT_URL),
    names: mgr.names,
    pools,
    departments: mgr.departments,
    state: mgr.state,
    events: mgr.events,
    log: mgr.log,
    metrics: autoscalerMetrics(mgr.registry),
    now: mgr.clock,
    statusIntervalMs: mgr.cfg.statusIntervalMs,
    isLeader: leader.isLeader,
  });
  const ctl = new Controller({
    name: 'collectorpool',
    concurrency: 1,
    registry: mgr.registry,
    log: mgr.log,
    isLeader: leader.isLeader,
    reconcile: (k) => reconciler.reconcile(k),
  });
  const enqueueAll = () => {
    for (const p of pools.list()) ctl.enqueue(keyOf(p));
  };
  pools.on((_event, obj) => ctl.enqueue(keyOf(obj)));
  mgr.onTaskChange(enqueueAll);
  mgr.provide({ pools: enqueueAll });
  leader.onLeading(enqueueAll);
  mgr.add(ctl);
  mgr.shutdown.add('collectorpool controller', () => ctl.stop());
}
