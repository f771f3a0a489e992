// The dispatcher: one admission round at a time over every active job. It reads in-flight and ready
// task counts from PostgreSQL, asks the admission decision which tasks may go, publishes them in that
// order through the confirm channel in batches, and marks each batch queued once confirmed. Only the
// leader runs it; leadership is checked before every batch.
import { Counter, Histogram } from 'prom-client';
import { encodeTaskMessage, type TaskMessage } from '../../lib/amqp/messages.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import { admit, type DepartmentState, type JobState } from '../admission/admission.js';
import type { TaskPublisher } from '../amqp/publisher.js';
import { setupBrokerAudit } from '../broker/auditor.js';
import { Controller } from '../core/controller.js';
import type { InformerSet } from '../core/informers.js';
import type { Manager } from '../core/manager.js';
import type { SharedState } from '../core/state.js';
import { timedStep } from '../core/steps.js';
import type { OperatorStore, ReadyTask } from '../store/store.js';
import type { CollectorPool, Department } from '../../lib/crd/types.gen.js';
import { DEPARTMENT_DEFAULTS, JOB_DEFAULTS } from '../../lib/crd/defaults.js';

export const DISPATCH_KEY = 'admission';
const IDLE_POLL_MS = 1_000;

export interface DispatcherDeps {
  store: OperatorStore;
  publisher: TaskPublisher;
  departments: InformerSet<Department>;
  pools: InformerSet<CollectorPool>;
  state: SharedState;
  log: Logger;
  isLeader: () => boolean;
  starvationMs: number;
  batchSize: number;
  enqueueDepartment: (name: string) => void;
  /**
   * Jobs that had tasks published in a round: their status counts changed. (Publishing does not
   * notify newsroom_tasks, so the dispatcher does not wake itself for a round with nothing new.)
   */
  onPublished?: (jobUids: Set<string>) => void;
  published: Counter<'queue' | 'priority'>;
  /** Time per step of a round (newsroom_reconcile_step_seconds{step="dispatch-..."}). */
  stepSeconds?: Histogram<'step'>;
  admissionWait: Histogram<string>;
  now: () => Date;
}

export class Dispatcher {
  constructor(private d: DispatcherDeps) {}

  async reconcile(): Promise<ProcessResult> {
    // Until RabbitMQ answers there is nothing to do: the connection logs its loss and return, and a
    // round is triggered when it is back (publisher.onConnected), so this is not a failure to retry.
    if (!this.d.publisher.connected) return { requeueAfterMs: IDLE_POLL_MS };
    const store = this.d.store;
    const {
      inFlight: inflight,
      ready,
      oldestQueued: oldest,
      pendingByDepartment: pendingByDept,
    } = await timedStep(this.d.stepSeconds, 'dispatch-read', () => store.admissionSnapshot());
    const now = this.d.now().getTime();

    const deptInFlight = new Map<string, number>();
    const jobInFlight = new Map<string, number>();
    for (const r of inflight) {
      const n = r.queued + r.running;
      jobInFlight.set(r.jobUid, (jobInFlight.get(r.jobUid) ?? 0) + n);
      if (r.department) deptInFlight.set(r.department, (deptInFlight.get(r.department) ?? 0) + n);
    }
    const departments: DepartmentState[] = this.d.departments.list().map((x) => {
      const name = x.metadata.name!;
      const o = oldest.get(name);
      return {
        name,
        quota: x.spec.quota?.inFlightTasks ?? DEPARTMENT_DEFAULTS.inFlightTasks,
        borrowingLimit: x.spec.quota?.borrowingLimit ?? DEPARTMENT_DEFAULTS.borrowingLimit,
        weight: x.spec.weight ?? DEPARTMENT_DEFAULTS.weight,
        paused: x.spec.paused === true,
        inFlight: deptInFlight.get(name) ?? 0,
        ...(o ? { oldestQueued: { waitedMs: now - o.queuedAt.getTime(), priority: o.priority } } : {}),
      };
    });
    const jobs: JobState[] = [];
    for (const j of this.d.state.activeJobs()) {
      jobs.push({
        uid: j.uid,
        department: j.department,
        priority: j.priority,
        createdAt: j.createdAt,
        parallelism: j.spec.parallelism ?? JOB_DEFAULTS.parallelism,
        inFlight: jobInFlight.get(j.uid) ?? 0,
        pending: ready.get(j.uid) ?? 0,
      });
    }
    const globalPaused = this.d.pools.list().some((p) => p.spec?.paused === true);
    const result = admit({ departments, jobs, globalPaused, starvationMs: this.d.starvationMs });

    // Department views for their status.
    for (const dep of departments) {
      const out = result.departments[dep.name]!;
      const view = { ...out, pending: pendingByDept.get(dep.name) ?? 0 };
      if (this.d.state.recordOutcome(dep.name, view)) this.d.enqueueDepartment(dep.name);
    }
    if (result.grants.length === 0) return { requeueAfterMs: IDLE_POLL_MS };

    const want = new Map<string, number>();
    for (const g of result.grants) want.set(g.jobUid, (want.get(g.jobUid) ?? 0) + 1);
    const byJob = new Map<string, ReadyTask[]>();
    for (const t of await timedStep(this.d.stepSeconds, 'dispatch-take', () => store.takeReady(want))) {
      const list = byJob.get(t.jobUid) ?? [];
      list.push(t);
      byJob.set(t.jobUid, list);
    }
    const ordered: { task: ReadyTask; priority: number }[] = [];
    for (const g of result.grants) {
      const t = byJob.get(g.jobUid)?.shift();
      if (t) ordered.push({ task: t, priority: g.priority });
    }

    const publishedJobs = new Set<string>();
    try {
      await this.publish(ordered, publishedJobs);
    } finally {
      if (publishedJobs.size) this.d.onPublished?.(publishedJobs);
    }
    // Capacity may remain (tasks that were not ready yet): look again soon.
    return { requeueAfterMs: IDLE_POLL_MS };
  }

  /** Publishes in batches, each marked queued once confirmed; stops when leadership is lost. */
  private async publish(ordered: { task: ReadyTask; priority: number }[], publishedJobs: Set<string>): Promise<void> {
    const store = this.d.store;
    for (let i = 0; i < ordered.length; i += this.d.batchSize) {
      if (!this.d.isLeader()) return;
      const batch = ordered.slice(i, i + this.d.batchSize);
      const unroutable = new Set(
        await timedStep(this.d.stepSeconds, 'dispatch-publish', () =>
          this.d.publisher.publishTasks(
            batch.map(({ task, priority }) => ({ id: task.id, kind: task.kind, priority, body: encodeTaskMessage(this.message(task)) })),
          ),
        ),
      );
      if (unroutable.size) this.d.log.warn({ tasks: unroutable.size }, 'no queue took some tasks (a queue was deleted); they stay pending');
      const routed = batch.filter((b) => !unroutable.has(b.task.id));
      await timedStep(this.d.stepSeconds, 'dispatch-mark', () => store.markQueued(routed.map((b) => b.task.id)));
      const t = this.d.now().getTime();
      for (const { task, priority } of routed) {
        publishedJobs.add(task.jobUid);
        this.d.published.inc({ queue: task.kind, priority: String(priority) });
        this.d.admissionWait.observe((t - new Date(task.createdAt).getTime()) / 1000);
      }
    }
  }

  /**
   * Publishes again tasks PostgreSQL holds as queued (or running under a long-expired lease) whose
   * messages the broker lost; the worker's claim makes a copy that was not lost harmless. Returns the
   * ids the broker took (tasks of jobs no longer known here are skipped).
   */
  async republish(tasks: (ReadyTask & { priority: number })[]): Promise<string[]> {
    const known = tasks.filter((t) => this.d.state.job(t.jobUid));
    const unroutable = new Set(
      await this.d.publisher.publishTasks(
        known.map((t) => ({ id: t.id, kind: t.kind, priority: t.priority, body: encodeTaskMessage(this.message(t)) })),
      ),
    );
    return known.map((t) => t.id).filter((id) => !unroutable.has(id));
  }

  private message(t: ReadyTask): TaskMessage {
    const j = this.d.state.job(t.jobUid)!;
    const s = j.spec;
    return {
      v: 1,
      taskId: t.id,
      jobUid: t.jobUid,
      namespace: j.namespace,
      jobName: j.name,
      ...(t.kind === 'metadata' ? { kind: t.kind, shard: t.shard } : { kind: t.kind, shard: t.shard }),
      source: s.source ?? JOB_DEFAULTS.source,
      attempt: t.attempts + 1,
      options: {
        includeComments: s.includeComments === true,
        backoffLimit: s.backoffLimit ?? JOB_DEFAULTS.backoffLimit,
        ...(s.maxArticles !== undefined ? { maxArticles: s.maxArticles } : {}),
        requestDelay: {
          minMs: s.requestDelay?.minMs ?? JOB_DEFAULTS.requestDelayMinMs,
          maxMs: s.requestDelay?.maxMs ?? JOB_DEFAULTS.requestDelayMaxMs,
        },
        batchSize: s.batchSize ?? JOB_DEFAULTS.batchSize,
        isTest: s.isTest === true,
      },
    };
  }
}

/**
 * The dispatcher and its wiring: a round when tasks change, when a Department's spec or the global
 * pause changes, when RabbitMQ is back, and when a job asks; after a round, the jobs that had tasks
 * published and the pools (the backlog moved).
 */
export function setupDispatcher(mgr: Manager): void {
  const { config: c, departments, pools, leader, registry } = mgr;
  const registers = [registry];
  const dispatcher = new Dispatcher({
    store: mgr.store,
    publisher: mgr.publisher,
    departments,
    pools,
    state: mgr.state,
    log: mgr.log,
    isLeader: leader.isLeader,
    starvationMs: c.OPERATOR_STARVATION_SECONDS * 1000,
    batchSize: c.OPERATOR_PUBLISH_BATCH,
    enqueueDepartment: mgr.triggers.department,
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
    stepSeconds: mgr.steps,
    now: mgr.clock,
    onPublished: (uids) => {
      for (const uid of uids) mgr.triggers.job(uid);
      mgr.triggers.pools();
    },
  });
  const ctl = new Controller({
    name: 'dispatcher',
    concurrency: 1,
    registry,
    log: mgr.log,
    isLeader: leader.isLeader,
    reconcile: () => dispatcher.reconcile(),
  });
  const round = () => ctl.enqueue(DISPATCH_KEY);
  mgr.provide({ dispatch: round });
  departments.on((event, obj, old) => {
    if (event === 'resync' || (event === 'update' && old && old.metadata?.generation === obj.metadata?.generation)) return;
    round();
  });
  pools.on((event, obj, old) => {
    if (event === 'resync' || (event === 'update' && old?.spec?.paused === obj.spec?.paused)) return;
    round();
  });
  mgr.onTaskChange(round);
  mgr.publisher.onConnected = round;
  leader.onLeading(round);
  mgr.add(ctl);
  mgr.shutdown.add('dispatcher', () => ctl.stop());
  setupBrokerAudit(mgr, dispatcher); // tasks the broker lost, published again
}
