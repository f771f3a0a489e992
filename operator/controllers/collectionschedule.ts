// The CollectionSchedule controller: creates the CollectionJobs of a schedule at their times (the rules
// are in operator/schedule/decide.ts), deletes the ones past the history limits, and writes the status.
// No finalizer: the jobs name the schedule as their controlling owner, so the garbage collector deletes
// them with it, as it deletes a CronJob's Jobs.
import { Counter, Gauge, type Registry } from 'prom-client';
import { API_VERSION } from '../../lib/crd/definitions.js';
import { ANNOTATION_SCHEDULED_TIME, LABEL_SCHEDULE } from '../../lib/crd/labels.js';
import type { CollectionSchedule, CollectionScheduleStatus } from '../../lib/crd/types.gen.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { writeStatus } from '../../lib/kube/objects.js';
import { isNotFound, resourcePath, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import { MIN_INTERVAL_SECONDS } from '../../lib/crd/collectionschedule.js';
import { createHash } from 'node:crypto';
import type { OperatorStore } from '../store/store.js';
import { Controller } from '../core/controller.js';
import { InformerSet, keyOf } from '../core/informers.js';
import type { Manager } from '../core/manager.js';
import { StatusPacer } from '../core/pacer.js';
import { decideSchedule, periodSeconds, type ChildJob, type ScheduleDecision, type ScheduleMemory } from '../schedule/decide.js';
import { sameStatus, stable } from '../status/status.js';
import type { CollectionJob } from '../../lib/crd/types.gen.js';

export type { CollectionSchedule };

const SCHEDULES = resourceOf('CollectionSchedule');
const JOBS = resourceOf('CollectionJob');
/** Timers fire no earlier than asked, but the apiserver's clock and ours may differ by a little. */
const DUE_MARGIN_MS = 50;
/** A schedule is looked at again at least this often, whatever its next time. */
const MAX_REQUEUE_MS = 3_600_000;

export interface ScheduleMetrics {
  runs: Counter<'outcome'>;
  lastSuccess: Gauge<'namespace' | 'schedule'>;
  period: Gauge<'namespace' | 'schedule'>;
}

export function scheduleMetrics(registry: Registry): ScheduleMetrics {
  const registers = [registry];
  return {
    runs: new Counter({
      name: 'newsroom_schedule_runs_total',
      help: 'Scheduled runs of CollectionSchedules: started (a job created), skipped (held by concurrencyPolicy Forbid), missed (past startingDeadlineSeconds).',
      labelNames: ['outcome'],
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'newsroom_schedule_last_success_timestamp_seconds',
      help: 'When the latest successful job of a schedule completed (its creation while it has none).',
      labelNames: ['namespace', 'schedule'],
      registers,
    }),
    period: new Gauge({
      name: 'newsroom_schedule_period_seconds',
      help: 'The longest gap between two runs of a schedule (0 while suspended or invalid).',
      labelNames: ['namespace', 'schedule'],
      registers,
    }),
  };
}

export interface CollectionScheduleDeps {
  rest: KubeRest;
  schedules: InformerSet<CollectionSchedule>;
  jobs: InformerSet<CollectionJob>;
  events: EventRecorder;
  log: Logger;
  metrics: ScheduleMetrics;
  now: () => Date;
  statusIntervalMs: number;
  /** The shortest interval between runs accepted (production 300 s; lowered only for tests). */
  minIntervalSeconds: number;
  isLeader: () => boolean;
  /** The `schedules` mirror the gateway reads. */
  store: Pick<OperatorStore, 'upsertSchedule' | 'retireSchedules'>;
}

const dateOf = (v: string | Date | undefined) => (v === undefined ? undefined : new Date(v));

/** The schedule that controls a job, if any. */
export function ownerSchedule(job: KubeObject): string | undefined {
  const refs = (job.metadata?.ownerReferences ?? []) as { apiVersion?: string; kind?: string; name?: string; controller?: boolean }[];
  return refs.find((r) => r.kind === 'CollectionSchedule' && r.apiVersion === API_VERSION && r.controller)?.name;
}

export class CollectionScheduleReconciler {
  private memory = new Map<string, ScheduleMemory>();
  /** What was last mirrored of each schedule (a hash), so an unchanged one costs no write. */
  private mirrored = new Map<string, string>();
  private pacer: StatusPacer;

  constructor(private d: CollectionScheduleDeps) {
    this.pacer = new StatusPacer(d.statusIntervalMs, d.now);
  }

  async reconcile(key: string): Promise<ProcessResult | void> {
    // 1. Get: gone is not an error.
    const s = this.d.schedules.get(key);
    if (!s) {
      // Gone: its mirror row (and any other of its namespace the informer no longer has) is retired.
      if (this.d.isLeader()) await this.d.store.retireSchedules(this.d.schedules.list().map(keyOf), [key.split('/')[0]!]);
      this.forget(key);
      return;
    }
    // 2. Finalizer: none (see the top of this file). A schedule being deleted creates nothing more.
    if (s.metadata.deletionTimestamp) return;
    const ns = s.metadata.namespace!;
    const name = s.metadata.name!;

    // 3. Observe: the jobs it controls.
    const jobs: ChildJob[] = this.d.jobs
      .list()
      .filter(
        (j) =>
          j.metadata.namespace === ns &&
          ownerSchedule(j) === name &&
          (j.metadata.ownerReferences as { uid?: string }[]).some((r) => r.uid === s.metadata.uid),
      )
      .map((j) => ({
        name: j.metadata.name!,
        scheduledTime: dateOf(j.metadata.annotations?.[ANNOTATION_SCHEDULED_TIME]),
        phase: j.status?.phase,
        completionTime: dateOf(j.status?.completionTime),
        creationTime: dateOf(j.metadata.creationTimestamp),
        dateRange: j.spec.dateRange ?? j.spec.articles?.query?.dateRange,
        articles: j.status?.articles,
        comments: j.status?.comments,
        commentsNew: j.status?.commentsNew,
        commentsChanged: j.status?.commentsChanged,
        deleting: j.metadata.deletionTimestamp !== undefined,
      }));

    // 4. Decide.
    const now = this.d.now();
    const d = decideSchedule(
      {
        name,
        generation: s.metadata.generation ?? 1,
        creationTime: dateOf(s.metadata.creationTimestamp) ?? now,
        spec: s.spec,
        status: s.status,
        jobs,
        minIntervalSeconds: this.d.minIntervalSeconds,
      },
      this.memory.get(key) ?? {},
      now,
    );

    // 5. Apply: deletions, the new job, events, metrics, then the status.
    if (!this.d.isLeader()) return;
    for (const del of d.delete) await this.deleteJob(ns, del.name);
    if (d.create) await this.createJob(s, d.create);
    this.memory.set(key, d.memory);
    for (const e of d.events) this.d.events.record(s, e.type, e.reason, e.message, now);
    for (const r of d.runs) this.d.metrics.runs.inc({ outcome: r });
    const labels = { namespace: ns, schedule: name };
    this.d.metrics.lastSuccess.set(labels, (dateOf(d.status.lastSuccessfulTime) ?? dateOf(s.metadata.creationTimestamp) ?? now).getTime() / 1000);
    this.d.metrics.period.set(labels, d.status.nextScheduleTime ? (periodSeconds(s.spec, now) ?? 0) : 0);

    const requeue = [d.requeueAfterMs !== undefined ? d.requeueAfterMs + DUE_MARGIN_MS : MAX_REQUEUE_MS, MAX_REQUEUE_MS];
    const wait = await this.writeStatus(key, s, d);
    if (wait > 0) requeue.push(wait);
    await this.mirror(key, s, d.status);
    return { requeueAfterMs: Math.min(...requeue) };
  }

  forget(key: string): void {
    this.memory.delete(key);
    this.mirrored.delete(key);
    this.pacer.forget(key);
    const [namespace, schedule] = key.split('/');
    this.d.metrics.lastSuccess.remove({ namespace, schedule });
    this.d.metrics.period.remove({ namespace, schedule });
  }

  /** Writes the status when it changed; a new run is written at once, other changes at the pacer's pace. */
  private async writeStatus(key: string, s: CollectionSchedule, d: ScheduleDecision): Promise<number> {
    if (sameStatus(s.status ?? {}, d.status)) return 0;
    const newRun = s.status?.lastScheduleTime !== d.status.lastScheduleTime;
    const wait = this.pacer.waitMs(key);
    if (wait > 0 && !newRun) return wait;
    await writeStatus(
      this.d.rest,
      resourcePath(SCHEDULES, s.metadata.namespace, s.metadata.name),
      s,
      (fresh) => (sameStatus(fresh.status ?? {}, d.status) ? null : (d.status as Record<string, unknown>)),
      {
        allowed: this.d.isLeader,
      },
    );
    this.pacer.wrote(key);
    return 0;
  }

  /** Mirrors the schedule with the status just decided (the gateway's view is then no later than the apiserver's). */
  private async mirror(key: string, s: CollectionSchedule, status: CollectionScheduleStatus): Promise<void> {
    const row = {
      uid: s.metadata.uid!,
      namespace: s.metadata.namespace!,
      name: s.metadata.name!,
      spec: s.spec,
      status,
      createdAt: dateOf(s.metadata.creationTimestamp) ?? this.d.now(),
    };
    const sig = createHash('sha1').update(stable(row)).digest('base64');
    if (this.mirrored.get(key) === sig) return;
    await this.d.store.upsertSchedule(row);
    this.mirrored.set(key, sig);
  }

  /** Creates the job of one scheduled time; one that exists already (another operator made it) is fine. */
  private async createJob(s: CollectionSchedule, c: NonNullable<ScheduleDecision['create']>): Promise<void> {
    const body = {
      apiVersion: API_VERSION,
      kind: 'CollectionJob',
      metadata: {
        name: c.name,
        namespace: s.metadata.namespace,
        labels: { [LABEL_SCHEDULE]: s.metadata.name },
        annotations: { [ANNOTATION_SCHEDULED_TIME]: c.scheduledTime.toISOString() },
        ownerReferences: [
          {
            apiVersion: API_VERSION,
            kind: 'CollectionSchedule',
            name: s.metadata.name,
            uid: s.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: c.spec,
    };
    try {
      await this.d.rest.request('POST', resourcePath(JOBS, s.metadata.namespace), { body });
      this.d.log.info(
        { schedule: `${s.metadata.namespace}/${s.metadata.name}`, job: c.name, scheduledTime: c.scheduledTime.toISOString() },
        'scheduled job created',
      );
    } catch (e) {
      if ((e as { status?: number }).status === 409) return;
      throw new Error(`cannot create ${c.name} of schedule ${s.metadata.namespace}/${s.metadata.name}`, { cause: e });
    }
  }

  private async deleteJob(namespace: string, name: string): Promise<void> {
    try {
      await this.d.rest.request('DELETE', resourcePath(JOBS, namespace, name), { query: { propagationPolicy: 'Background' } });
    } catch (e) {
      if (!isNotFound(e)) throw new Error(`cannot delete ${namespace}/${name}`, { cause: e });
    }
  }
}

/**
 * The CollectionSchedule controller and its wiring: its own watch of the schedules, the jobs of a
 * schedule (a job created, finished or deleted: its schedule decides again), its metrics, and on
 * winning leadership every schedule looked at again and the mirror rows of schedules deleted while no
 * operator watched retired. The controller starts once the schedules are listed.
 */
export function setupCollectionSchedules(mgr: Manager): void {
  const { log, registry, cfg, leader } = mgr;
  const schedules = new InformerSet<CollectionSchedule>(mgr.rest, { resource: SCHEDULES, namespaces: cfg.namespaces, resyncMs: cfg.resyncMs, log });
  const reconciler = new CollectionScheduleReconciler({
    rest: mgr.rest,
    schedules,
    jobs: mgr.jobs,
    events: mgr.events,
    log,
    metrics: scheduleMetrics(registry),
    isLeader: leader.isLeader,
    statusIntervalMs: cfg.statusIntervalMs,
    minIntervalSeconds: mgr.config.OPERATOR_SCHEDULE_MIN_INTERVAL_SECONDS ?? MIN_INTERVAL_SECONDS,
    now: mgr.clock,
    store: mgr.store,
  });
  const ctl = new Controller({
    name: 'collectionschedule',
    concurrency: 4,
    registry,
    log,
    isLeader: leader.isLeader,
    reconcile: (k) => reconciler.reconcile(k),
  });
  schedules.on((_event, obj) => ctl.enqueue(keyOf(obj)));
  mgr.jobs.on((_event, obj) => {
    const owner = ownerSchedule(obj);
    if (owner) ctl.enqueue(`${obj.metadata.namespace}/${owner}`);
  });
  leader.onLeading(() => {
    for (const s of schedules.list()) ctl.enqueue(keyOf(s));
    mgr.store
      .retireSchedules(schedules.list().map(keyOf), cfg.namespaces)
      .catch((e: Error) => log.warn({ err: e.message }, 'could not retire the mirror rows of deleted schedules'));
  });
  mgr.add({
    async start() {
      schedules.start();
      await schedules.waitForSync();
      ctl.start();
    },
  });
  mgr.shutdown.add('schedules', async () => {
    await ctl.stop();
    await schedules.stop();
  });
}
