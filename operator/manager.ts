// Builds the operator from its configuration: caches (informers), controllers and their work queues,
// the dispatcher, leader election, task-change notifications and metrics, and connects them.
import { hostname } from 'node:os';
import { Counter, Gauge, Histogram } from 'prom-client';
import { topologyNames } from '../lib/amqp/topology.js';
import { createPool } from '../lib/db/pool.js';
import { loadKubeConfig, resourceOf } from '../lib/kube/client.js';
import { EventRecorder } from '../lib/kube/events.js';
import { LeaderElector } from '../lib/kube/leader.js';
import { isNotFound, KubeRest, resourcePath } from '../lib/kube/rest.js';
import type { Program } from '../lib/program.js';
import { ProfileStore } from '../lib/sources/store.js';
import { TaskPublisher } from './amqp/publisher.js';
import { startBrokerAudit } from './broker/auditor.js';
import { ManagementClient } from '../lib/amqp/management.js';
import { autoscalerMetrics, CollectorPoolReconciler, type Pool_ } from './controllers/collectorpool.js';
import type { Parsed } from '../lib/config.js';
import type { operatorConfig } from './config.js';
import { CollectionJobReconciler, type CollectionJob, type CollectorPool, type Department } from './controllers/collectionjob.js';
import { DepartmentReconciler } from './controllers/department.js';
import { startCollectionSchedules } from './controllers/collectionschedule.js';
import { MIN_INTERVAL_SECONDS } from '../lib/crd/collectionschedule.js';
import { startProbeController } from './controllers/newssource-probe.js';
import { DISPATCH_KEY, Dispatcher } from './controllers/dispatcher.js';
import { Controller } from './core/controller.js';
import { InformerSet } from './core/informers.js';
import { SharedState } from './core/state.js';
import { TaskChangeListener } from './store/listener.js';
import { OperatorStore } from './store/store.js';

type Config = Parsed<typeof operatorConfig>;

export interface Operator {
  /** Readiness: null when the caches are synced and the database answers. */
  ready(): Promise<string | null>;
}

export async function startOperator(c: Config, program: Program): Promise<Operator> {
  const { log, registry, shutdown } = program;
  const cfg = {
    concurrency: c.OPERATOR_CONCURRENCY,
    namespaces: c.OPERATOR_WATCH_NAMESPACES,
    resyncMs: c.OPERATOR_RESYNC_SECONDS * 1000,
    statusIntervalMs: c.OPERATOR_STATUS_INTERVAL_MS,
  };
  const registers = [registry];
  const m = {
    published: new Counter({
      name: 'newsroom_tasks_published_total',
      help: 'Task messages published and confirmed, by queue and priority.',
      labelNames: ['queue', 'priority'] as const,
      registers,
    }),
    admissionWait: new Histogram({
      name: 'newsroom_admission_wait_seconds',
      help: 'Time from a task being planned to its publication (admission wait).',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200],
      registers,
    }),
    jobs: new Gauge({
      name: 'newsroom_jobs',
      help: 'CollectionJobs by department, type and phase.',
      labelNames: ['department', 'type', 'state'] as const,
      registers,
    }),
    tasks: new Gauge({ name: 'newsroom_tasks', help: 'Tasks by queue and state.', labelNames: ['queue', 'state'] as const, registers }),
    retried: new Counter({ name: 'newsroom_task_retries_total', help: 'Tasks scheduled for another attempt after a retryable failure.', registers }),
    watchRestarts: new Counter({
      name: 'newsroom_watch_restarts_total',
      help: 'Restarts of list/watch streams by resource and reason.',
      labelNames: ['resource', 'reason'] as const,
      registers,
    }),
    rest: new Counter({
      name: 'rest_client_requests_total',
      help: 'Requests to the apiserver by method and status code.',
      labelNames: ['method', 'code'] as const,
      registers,
    }),
    restSeconds: new Histogram({
      name: 'rest_client_request_duration_seconds',
      help: 'Request latency to the apiserver by verb.',
      labelNames: ['verb'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    steps: new Histogram({
      name: 'newsroom_reconcile_step_seconds',
      help: 'Time per step of a CollectionJob reconcile or a dispatcher round (dispatch-*).',
      labelNames: ['step'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };

  const pool = createPool(c.DATABASE_URL, { applicationName: 'newsroom-operator', max: 20 });
  shutdown.add('database', () => pool.end());
  const store = new OperatorStore(pool);
  const kc = loadKubeConfig(c.KUBECONFIG);
  const rest = new KubeRest(kc, 'newsroom-operator');
  rest.observe = (method, code, seconds) => {
    m.rest.inc({ method, code });
    if (method !== 'WATCH') m.restSeconds.observe({ verb: method }, seconds);
  };
  shutdown.add('kube client', () => rest.close());
  const identity = c.OPERATOR_IDENTITY ?? `${hostname()}-${process.pid}`;
  const publisher = new TaskPublisher(c.AMQP_URL, topologyNames(c.NEWSROOM_PREFIX), log, `newsroom-operator ${identity}`);
  shutdown.add('rabbitmq', () => publisher.close());
  void publisher.start();

  const restartsOf = (resource: string) => (reason: string) => m.watchRestarts.inc({ resource, reason });
  const jobs = new InformerSet<CollectionJob>(rest, {
    resource: resourceOf('CollectionJob'),
    namespaces: cfg.namespaces,
    resyncMs: cfg.resyncMs,
    log,
    onRestart: restartsOf('collectionjobs'),
  });
  const departments = new InformerSet<Department>(rest, {
    resource: resourceOf('Department'),
    labelSelector: c.OPERATOR_DEPARTMENT_SELECTOR,
    resyncMs: cfg.resyncMs,
    log,
    onRestart: restartsOf('departments'),
  });
  const pools = new InformerSet<CollectorPool>(rest, {
    resource: resourceOf('CollectorPool'),
    namespaces: cfg.namespaces,
    resyncMs: cfg.resyncMs,
    log,
    onRestart: restartsOf('collectorpools'),
  });
  shutdown.add('informers', () => Promise.all([jobs.stop(), departments.stop(), pools.stop()]).then(() => undefined));

  const profiles = new ProfileStore(rest, log);
  profiles.start();
  shutdown.add('news source profiles', () => profiles.stop());

  const state = new SharedState();
  const events = new EventRecorder(rest, 'newsroom-operator', log);
  // Leadership: the elector's answer is asked each time (it ends leadership by itself once the renew
  // deadline has passed, even before its loop notices, e.g. in a process that was paused).
  let leading = !c.LEADER_ELECTION;
  let elector: LeaderElector | undefined;
  const isLeader = () => leading && (elector?.isLeader ?? true);

  // Controllers (reconcilers are created below; the closures resolve them at call time).
  const r: { job?: CollectionJobReconciler; dept?: DepartmentReconciler; dispatch?: Dispatcher; pool?: CollectorPoolReconciler } = {};
  const jobCtl = new Controller({
    name: 'collectionjob',
    concurrency: cfg.concurrency,
    registry,
    log,
    isLeader,
    reconcile: (k) => r.job!.reconcile(k),
  });
  const deptCtl = new Controller({ name: 'department', concurrency: 1, registry, log, isLeader, reconcile: (k) => r.dept!.reconcile(k) });
  const dispatchCtl = new Controller({ name: 'dispatcher', concurrency: 1, registry, log, isLeader, reconcile: () => r.dispatch!.reconcile() });
  // The autoscaler: CollectorPools sized by the backlog (operator/autoscale).
  const poolCtl = new Controller({ name: 'collectorpool', concurrency: 1, registry, log, isLeader, reconcile: (k) => r.pool!.reconcile(k) });
  const enqueuePools = () => {
    for (const p of pools.list()) poolCtl.enqueue(`${p.metadata?.namespace}/${p.metadata?.name}`);
  };
  const triggerDispatch = () => dispatchCtl.enqueue(DISPATCH_KEY);
  const enqueueDepartment = (name: string) => deptCtl.enqueue(name);

  const jobReconciler = new CollectionJobReconciler({
    rest,
    store,
    publisher,
    events,
    jobs,
    departments,
    pools,
    state,
    log,
    now: () => new Date(),
    retry: { baseMs: c.OPERATOR_RETRY_BASE_MS, maxMs: c.OPERATOR_RETRY_MAX_MS },
    tolerancePercent: c.OPERATOR_FAILED_TASK_TOLERANCE_PERCENT,
    statusIntervalMs: cfg.statusIntervalMs,
    triggerDispatch,
    enqueueDepartment,
    retriedTotal: m.retried,
    stepSeconds: m.steps,
    writeConcurrency: cfg.concurrency,
    retryKey: (k) => isLeader() && jobCtl.queue.addRateLimited(k),
    isLeader,
    profiles,
  });
  r.job = jobReconciler;
  r.dept = new DepartmentReconciler({ rest, store, departments, state, now: () => new Date(), statusIntervalMs: cfg.statusIntervalMs, isLeader });
  r.dispatch = new Dispatcher({
    store,
    publisher,
    departments,
    pools,
    state,
    log,
    isLeader,
    starvationMs: c.OPERATOR_STARVATION_SECONDS * 1000,
    batchSize: c.OPERATOR_PUBLISH_BATCH,
    enqueueDepartment,
    published: m.published,
    admissionWait: m.admissionWait,
    stepSeconds: m.steps,
    now: () => new Date(),
    onPublished: (uids) => {
      for (const uid of uids) {
        const key = uidToKey.get(uid);
        if (key) jobCtl.enqueue(key);
      }
      enqueuePools();
    },
  });

  startBrokerAudit(c, { pool, publisher, dispatcher: r.dispatch, program, isLeader });
  r.pool = new CollectorPoolReconciler({
    rest,
    store,
    management: new ManagementClient(c.RABBITMQ_MANAGEMENT_URL),
    names: topologyNames(c.NEWSROOM_PREFIX),
    pools: pools as unknown as InformerSet<Pool_>,
    departments,
    state,
    events,
    log,
    metrics: autoscalerMetrics(registry),
    now: () => new Date(),
    statusIntervalMs: cfg.statusIntervalMs,
    isLeader,
  });

  // Event handlers only enqueue keys.
  const uidToKey = new Map<string, string>();
  const dependents = new Map<string, Set<string>>(); // "ns/source" -> keys of Comments jobs reading it
  const keyOfJob = (j: CollectionJob) => `${j.metadata.namespace}/${j.metadata.name}`;
  const enqueueDependents = (key: string) => {
    for (const k of dependents.get(key) ?? []) jobCtl.enqueue(k);
  };
  jobs.on((event, obj, old) => {
    const key = keyOfJob(obj);
    const from = obj.spec?.articles?.fromJob;
    if (event === 'delete') {
      uidToKey.delete(obj.metadata.uid!);
      if (from) dependents.get(`${obj.metadata.namespace}/${from}`)?.delete(key);
    } else {
      uidToKey.set(obj.metadata.uid!, key);
      if (from) {
        const k = `${obj.metadata.namespace}/${from}`;
        if (!dependents.has(k)) dependents.set(k, new Set());
        dependents.get(k)!.add(key);
      }
    }
    if (event === 'update' && old && sameMeta(old, obj) && old.status?.phase === obj.status?.phase) return;
    enqueueDependents(key);
    // The echo of our own finalizer or status write: the reconcile that wrote it already acted on it.
    if (event === 'update' && jobReconciler.ownWriteSeen(key, obj.metadata.resourceVersion)) return;
    if (event === 'add' && !obj.status?.phase) jobCtl.enqueueFirst(key);
    else jobCtl.enqueue(key);
  });
  const enqueueJobsIn = (namespaces: Iterable<string>) => {
    const set = new Set(namespaces);
    for (const j of jobs.list()) if (set.has(j.metadata.namespace!)) jobCtl.enqueue(keyOfJob(j));
  };
  departments.on((event, obj, old) => {
    deptCtl.enqueue(obj.metadata.name!);
    if (event === 'update' && old && old.metadata?.generation === obj.metadata?.generation) return;
    if (event === 'resync') return;
    enqueueJobsIn([...(obj.spec?.namespaces ?? []), ...(old?.spec?.namespaces ?? [])]);
    triggerDispatch();
  });
  pools.on((event, obj, old) => {
    poolCtl.enqueue(`${obj.metadata?.namespace}/${obj.metadata?.name}`);
    if (event === 'resync' || (event === 'update' && old?.spec?.paused === obj.spec?.paused)) return;
    for (const j of jobs.list()) jobCtl.enqueue(keyOfJob(j));
    triggerDispatch();
  });
  const listener = new TaskChangeListener(
    c.DATABASE_URL,
    (uid) => {
      if (uid === '*') {
        for (const k of uidToKey.values()) jobCtl.enqueue(k);
      } else {
        const key = uidToKey.get(uid);
        if (key) {
          jobCtl.enqueue(key);
          enqueueDependents(key);
        }
      }
      triggerDispatch();
      enqueuePools();
    },
    log,
  );
  shutdown.add('task listener', () => listener.close());
  publisher.onConnected = triggerDispatch;

  const enqueueEverything = () => {
    for (const j of jobs.list()) jobCtl.enqueue(keyOfJob(j));
    for (const d of departments.list()) deptCtl.enqueue(d.metadata.name!);
    triggerDispatch();
    enqueuePools();
  };
  // Jobs deleted while no operator was watching: their rows are still live.
  const sweep = async () => {
    if (!isLeader() || !jobs.hasSynced()) return;
    // Rows first, then the cache (a job created while the query runs is then known), and a row whose
    // job is not in the cache is cancelled only when the apiserver confirms that the object is gone: the
    // gateway writes a new job's row before the watch delivers the object.
    const rows = await store.liveJobs(cfg.namespaces);
    const known = new Set(jobs.list().map((j) => j.metadata.uid));
    for (const row of rows) {
      if (known.has(row.uid)) continue;
      const gone = await rest.get<CollectionJob>(resourcePath(resourceOf('CollectionJob'), row.namespace, row.name)).then(
        (o) => o.metadata?.uid !== row.uid,
        (e: unknown) => {
          if (isNotFound(e)) return true;
          throw e;
        },
      );
      if (gone) await jobReconciler.cancelAll(row.uid);
    }
  };

  const probe = startProbeController({
    rest,
    pool,
    jobs,
    events,
    registry,
    log,
    isLeader,
    now: () => new Date(),
    resyncMs: cfg.resyncMs,
    namespaces: cfg.namespaces,
  });
  shutdown.add('newssource probe', () => probe.stop());
  jobs.start();
  departments.start();
  pools.start();
  await listener.start();
  await Promise.all([jobs.waitForSync(), departments.waitForSync(), pools.waitForSync()]);
  // CollectionSchedules: CollectionJobs at their scheduled times (operator/controllers/collectionschedule.ts).
  await startCollectionSchedules({
    rest,
    jobs,
    events,
    program,
    isLeader,
    namespaces: cfg.namespaces,
    resyncMs: cfg.resyncMs,
    statusIntervalMs: cfg.statusIntervalMs,
    minIntervalSeconds: c.OPERATOR_SCHEDULE_MIN_INTERVAL_SECONDS ?? MIN_INTERVAL_SECONDS,
    now: () => new Date(),
    store,
  });
  jobCtl.start();
  deptCtl.start();
  dispatchCtl.start();
  poolCtl.start();
  probe.start();
  shutdown.add('controllers', () => Promise.all([jobCtl.stop(), deptCtl.stop(), dispatchCtl.stop(), poolCtl.stop()]).then(() => undefined));

  if (c.LEADER_ELECTION) {
    elector = new LeaderElector(rest, {
      namespace: c.LEADER_ELECTION_NAMESPACE,
      name: c.LEADER_ELECTION_ID,
      identity,
      log,
      registry,
      onStartedLeading: () => {
        jobReconciler.startWriting();
        leading = true;
        enqueueEverything();
        void sweep().catch((e: Error) => log.warn({ err: e.message }, 'sweep of deleted jobs failed'));
      },
      // The lease is lost: stop at once and stay a standby (a candidate again), without exiting. Keys
      // still queued are dropped when they come up (controllers reconcile only while leading); the
      // dispatcher asks before every batch; apiserver writes and events that wait are dropped here,
      // and a reconcile still running asks before each write, event and control message. Only the
      // requests already sent finish.
      onStoppedLeading: () => {
        leading = false;
        const writes = jobReconciler.stopWriting();
        const eventsDropped = events.discard();
        log.warn({ droppedWrites: writes, droppedEvents: eventsDropped }, 'lost the lease: pending writes dropped, standing by');
      },
    });
    elector.start();
    const e = elector;
    shutdown.add('leader election', () => e.stop());
  } else {
    enqueueEverything();
    void sweep().catch((e: Error) => log.warn({ err: e.message }, 'sweep of deleted jobs failed'));
  }

  // Periodic: domain gauges, and the sweep.
  const tick = setInterval(() => {
    m.jobs.reset();
    for (const p of state.allPhases()) m.jobs.inc({ department: p.department, type: p.type, state: p.phase });
    store
      .taskStates()
      .then((rows) => {
        m.tasks.reset();
        for (const r of rows) m.tasks.set({ queue: r.kind, state: r.state }, r.n);
      })
      .catch(() => undefined);
  }, 5_000);
  tick.unref();
  const sweeper = setInterval(() => void sweep().catch(() => undefined), Math.max(cfg.resyncMs, 30_000));
  sweeper.unref();
  shutdown.add('timers', () => {
    clearInterval(tick);
    clearInterval(sweeper);
  });

  return {
    async ready() {
      if (!jobs.hasSynced() || !departments.hasSynced()) return 'the caches are not synced yet';
      try {
        await pool.query('SELECT 1');
      } catch (e) {
        return `PostgreSQL does not answer: ${(e as Error).message}`;
      }
      return null;
    },
  };
}

/** True when two versions of a job differ only in status (our own writes). */
function sameMeta(a: CollectionJob, b: CollectionJob): boolean {
  return (
    a.metadata.generation === b.metadata.generation &&
    String(a.metadata.deletionTimestamp ?? '') === String(b.metadata.deletionTimestamp ?? '') &&
    JSON.stringify(a.metadata.finalizers ?? []) === JSON.stringify(b.metadata.finalizers ?? []) &&
    JSON.stringify(a.metadata.annotations ?? {}) === JSON.stringify(b.metadata.annotations ?? {})
  );
}
