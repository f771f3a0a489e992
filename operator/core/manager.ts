// What every controller sets itself up with, the way a controller-runtime manager is passed to each
// reconciler's SetupWithManager: the clients (apiserver, PostgreSQL, RabbitMQ), the shared caches of
// the kinds several controllers read, the one clock, the one leadership signal, the task-change
// notifications, and how the controllers ask each other for work (`triggers`). A controller's setup
// registers its watches, metrics and leadership hooks and adds what it runs; `start` then starts the
// caches, waits for them, starts what was added in order, and campaigns for the Lease.
import { hostname } from 'node:os';
import { Counter, Histogram } from 'prom-client';
import { topologyNames, type TopologyNames } from '../../lib/amqp/topology.js';
import type { Parsed } from '../../lib/config.js';
import type { CollectionJob, CollectorPool, Department } from '../../lib/crd/types.gen.js';
import { createPool, type Pool } from '../../lib/db/pool.js';
import { loadKubeConfig, resourceOf } from '../../lib/kube/client.js';
import { EventRecorder } from '../../lib/kube/events.js';
import { KubeRest } from '../../lib/kube/rest.js';
import type { Logger } from '../../lib/log.js';
import type { Program } from '../../lib/program.js';
import type { Registry } from 'prom-client';
import type { Shutdown } from '../../lib/shutdown.js';
import { notAnswering } from '../../lib/startup.js';
import { TaskPublisher } from '../amqp/publisher.js';
import type { operatorConfig } from '../config.js';
import { TaskChangeListener } from '../store/listener.js';
import { OperatorStore } from '../store/store.js';
import { InformerSet } from './informers.js';
import { Leadership } from './leadership.js';
import { SharedState } from './state.js';

export type OperatorConfig = Parsed<typeof operatorConfig>;

/**
 * How the controllers ask each other for work. Each is provided by the controller it belongs to
 * (`provide`) and does nothing until then: a notification before the setup is complete has nothing to
 * wake.
 */
export interface Triggers {
  /** A dispatcher round. */
  dispatch: () => void;
  /** A Department's reconcile (its status counts changed). */
  department: (name: string) => void;
  /** A CollectionJob's reconcile, by uid (its tasks changed). */
  job: (uid: string) => void;
  /** Every CollectorPool's reconcile (the backlog changed). */
  pools: () => void;
}

/** Something started once the caches are synced and stopped at shutdown (a controller, a timer). */
export interface Runnable {
  start(): void | Promise<void>;
}

export class Manager {
  readonly log: Logger;
  readonly registry: Registry;
  readonly shutdown: Shutdown;
  /** The one clock every controller and decision reads. */
  readonly clock: () => Date = () => new Date();
  readonly leader: Leadership;
  readonly identity: string;
  readonly pool: Pool;
  readonly store: OperatorStore;
  readonly rest: KubeRest;
  readonly publisher: TaskPublisher;
  readonly events: EventRecorder;
  readonly state = new SharedState();
  readonly names: TopologyNames;
  /** The caches of the kinds several controllers read. */
  readonly jobs: InformerSet<CollectionJob>;
  readonly departments: InformerSet<Department>;
  readonly pools: InformerSet<CollectorPool>;
  /** The settings most controllers share. */
  readonly cfg: { concurrency: number; namespaces: string[] | undefined; resyncMs: number; statusIntervalMs: number };
  /** Time per step of a CollectionJob reconcile or a dispatcher round (dispatch-*). */
  readonly steps: Histogram<'step'>;
  private readonly provided: Partial<Triggers> = {};
  readonly triggers: Triggers = {
    dispatch: () => this.provided.dispatch?.(),
    department: (name) => this.provided.department?.(name),
    job: (uid) => this.provided.job?.(uid),
    pools: () => this.provided.pools?.(),
  };
  private readonly taskChange: ((uid: string) => void)[] = [];
  private readonly listener: TaskChangeListener;
  private readonly runnables: Runnable[] = [];

  constructor(
    readonly config: OperatorConfig,
    program: Program,
  ) {
    const c = config;
    const { log, registry, shutdown } = program;
    this.log = log;
    this.registry = registry;
    this.shutdown = shutdown;
    this.leader = new Leadership(c.LEADER_ELECTION);
    this.cfg = {
      concurrency: c.OPERATOR_CONCURRENCY,
      namespaces: c.OPERATOR_WATCH_NAMESPACES,
      resyncMs: c.OPERATOR_RESYNC_SECONDS * 1000,
      statusIntervalMs: c.OPERATOR_STATUS_INTERVAL_MS,
    };
    const registers = [registry];
    this.steps = new Histogram({
      name: 'newsroom_reconcile_step_seconds',
      help: 'Time per step of a CollectionJob reconcile or a dispatcher round (dispatch-*).',
      labelNames: ['step'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });

    this.pool = createPool(c.DATABASE_URL, { applicationName: 'newsroom-operator', max: 20 });
    shutdown.add('database', () => this.pool.end());
    this.store = new OperatorStore(this.pool);
    this.rest = new KubeRest(loadKubeConfig(c.KUBECONFIG), 'newsroom-operator');
    const requests = new Counter({
      name: 'rest_client_requests_total',
      help: 'Requests to the apiserver by method and status code.',
      labelNames: ['method', 'code'] as const,
      registers,
    });
    const latency = new Histogram({
      name: 'rest_client_request_duration_seconds',
      help: 'Request latency to the apiserver by verb.',
      labelNames: ['verb'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rest.observe = (method, code, seconds) => {
      requests.inc({ method, code });
      if (method !== 'WATCH') latency.observe({ verb: method }, seconds);
    };
    shutdown.add('kube client', () => this.rest.close());
    this.identity = c.OPERATOR_IDENTITY ?? `${hostname()}-${process.pid}`;
    this.names = topologyNames(c.NEWSROOM_PREFIX);
    this.publisher = new TaskPublisher(c.AMQP_URL, this.names, log, `newsroom-operator ${this.identity}`);
    shutdown.add('rabbitmq', () => this.publisher.close());
    void this.publisher.start();
    this.events = new EventRecorder(this.rest, 'newsroom-operator', log);
    this.leader.onStoppedLeading(() => ({ droppedEvents: this.events.discard() }));

    const watchRestarts = new Counter({
      name: 'newsroom_watch_restarts_total',
      help: 'Restarts of list/watch streams by resource and reason.',
      labelNames: ['resource', 'reason'] as const,
      registers,
    });
    const restartsOf = (resource: string) => (reason: string) => watchRestarts.inc({ resource, reason });
    const { namespaces, resyncMs } = this.cfg;
    this.jobs = new InformerSet<CollectionJob>(this.rest, {
      resource: resourceOf('CollectionJob'),
      namespaces,
      resyncMs,
      log,
      onRestart: restartsOf('collectionjobs'),
    });
    this.departments = new InformerSet<Department>(this.rest, {
      resource: resourceOf('Department'),
      labelSelector: c.OPERATOR_DEPARTMENT_SELECTOR,
      resyncMs,
      log,
      onRestart: restartsOf('departments'),
    });
    this.pools = new InformerSet<CollectorPool>(this.rest, {
      resource: resourceOf('CollectorPool'),
      namespaces,
      resyncMs,
      log,
      onRestart: restartsOf('collectorpools'),
    });
    shutdown.add('informers', () => Promise.all([this.jobs.stop(), this.departments.stop(), this.pools.stop()]).then(() => undefined));

    // PostgreSQL NOTIFY newsroom_tasks: a job's tasks changed (uid), or '*' after a reconnect.
    this.listener = new TaskChangeListener(
      c.DATABASE_URL,
      (uid) => {
        for (const h of this.taskChange) h(uid);
      },
      log,
    );
    shutdown.add('task listener', () => this.listener.close());
  }

  /** Provides triggers of the controller being set up. */
  provide(t: Partial<Triggers>): void {
    Object.assign(this.provided, t);
  }

  /** Called with a job's uid when its tasks change ('*': any job's, after the listener reconnected). */
  onTaskChange(h: (uid: string) => void): void {
    this.taskChange.push(h);
  }

  /** Started, in the order added, once the caches are synced. */
  add(r: Runnable): void {
    this.runnables.push(r);
  }

  /** Runs `fn` every `ms` from the start (not before), until shutdown. */
  every(name: string, ms: number, fn: () => void): void {
    this.add({
      start: () => {
        const t = setInterval(fn, ms);
        t.unref();
        this.shutdown.add(name, () => clearInterval(t));
      },
    });
  }

  async start(): Promise<void> {
    this.jobs.start();
    this.departments.start();
    this.pools.start();
    await this.listener.start();
    await Promise.all([this.jobs.waitForSync(), this.departments.waitForSync(), this.pools.waitForSync()]);
    for (const r of this.runnables) await r.start();
    const c = this.config;
    this.leader.start(
      this.rest,
      { namespace: c.LEADER_ELECTION_NAMESPACE, name: c.LEADER_ELECTION_ID, identity: this.identity, log: this.log, registry: this.registry },
      this.shutdown,
      this.log,
    );
  }

  /** Readiness: null when the caches are synced and the database answers. */
  async ready(): Promise<string | null> {
    if (!this.jobs.hasSynced() || !this.departments.hasSynced()) return 'the caches are not synced yet';
    try {
      await this.pool.query('SELECT 1');
    } catch (e) {
      return notAnswering('PostgreSQL', e);
    }
    return null;
  }
}
