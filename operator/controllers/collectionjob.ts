// The CollectionJob controller, in the shape of every controller (docs/operator.md): get the object
// (gone is not an error) -> finalizer (deletion cancels the job's tasks) -> observe the facts (department
// and priority, planning tasks into the outbox, task counts) -> `decideCollectionJob` (operator/jobs,
// pure) -> apply: task changes, admission for the dispatcher, the status written only when it differs
// and at the pacer's pace, the `jobs` mirror, events. Publishing is the dispatcher's job.
import { createHash } from 'node:crypto';
import { Counter, Gauge, type Histogram } from 'prom-client';
import type { CollectionJob, CollectionJobStatus, CollectorPool, Department, DepartmentSpec } from '../../lib/crd/types.gen.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';
import { ANNOTATION_REQUEST_ID, ANNOTATION_REQUESTED_BY, FINALIZER, LABEL_SCHEDULE } from '../../lib/crd/labels.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { setFinalizer, writeStatus } from '../../lib/kube/objects.js';
import { KeyedWriter } from '../../lib/kube/writer.js';
import { isNotFound, resourcePath, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import type { TaskPublisher } from '../amqp/publisher.js';
import { Controller } from '../core/controller.js';
import { keyOf, type InformerSet } from '../core/informers.js';
import type { Manager } from '../core/manager.js';
import type { AdmissibleJob, SharedState } from '../core/state.js';
import { timedStep } from '../core/steps.js';
import type { IdentityRules } from '../../lib/sources/identity.js';
import { ProfileNotFoundError, ProfileStore } from '../../lib/sources/store.js';
import { commentsSource, planCommentUrls, planComments, planMetadata, sourceJobProblem } from '../plan/plan.js';
import { effectivePriority } from '../../lib/priority.js';
import { resolveDepartment } from '../plan/priority.js';
import type { RetryPolicy } from '../plan/retry.js';
import { computeJobStatus, isFinished, sameStatus, stable, transitionEvents, type JobFacts } from '../status/status.js';
import {
  admitsEarly,
  decideCollectionJob,
  newJobMemory,
  type CollectionJobFacts,
  type JobMemory,
  type PlanOutcome,
  type Settle,
  type TaskChanges,
} from '../jobs/decide.js';
import type { OperatorStore } from '../store/store.js';
import { StatusPacer } from '../core/pacer.js';

const JOBS = resourceOf('CollectionJob');
/** The apiserver's creation time; a job without one (never stored) is dated by the reconcile's clock. */
const createdAtOf = (job: CollectionJob, now: Date): Date => new Date(job.metadata.creationTimestamp ?? now);
/**
 * A new job's first status is written once its first tasks are published, or after this grace: one
 * PATCH then shows it admitted and queued, where writing at once would need a second one a second
 * later (the apiserver's writes are what a burst of new jobs waits on).
 */
const FIRST_STATUS_GRACE_MS = 300;

export interface CollectionJobDeps {
  rest: KubeRest;
  store: OperatorStore;
  publisher: TaskPublisher;
  events: EventRecorder;
  jobs: InformerSet<CollectionJob>;
  departments: InformerSet<Department>;
  pools: InformerSet<CollectorPool>;
  state: SharedState;
  log: Logger;
  now: () => Date;
  retry: RetryPolicy;
  tolerancePercent: number;
  statusIntervalMs: number;
  triggerDispatch: () => void;
  enqueueDepartment: (name: string) => void;
  retriedTotal?: Counter<string>;
  /** Concurrent apiserver writes (finalizer, status). */
  writeConcurrency?: number;
  /** Re-queues a key with backoff after a failed write. */
  retryKey?: (key: string) => void;
  /** Time per reconcile step (newsroom_reconcile_step_seconds{step}). */
  stepSeconds?: Histogram<'step'>;
  /**
   * Leadership, asked before every apiserver write, event and control message: a reconcile that was
   * running when the lease was lost starts none of them (default: always the leader).
   */
  isLeader?: () => boolean;
  /** NewsSource profiles: how a job's source names its articles in URLs (comment task keys). */
  profiles?: { get(name: string): Promise<IdentityRules> };
}

export class CollectionJobReconciler {
  /** What is remembered of each job, by key (one record, dropped when the job is gone). */
  private memory = new Map<string, JobMemory>();
  private pacer: StatusPacer;
  /**
   * Our last write of each job, until the cache shows it: `before` holds the versions it is known to
   * follow (the cache's when we wrote, and what our earlier writes in the chain returned).
   */
  private written = new Map<string, { before: Set<string>; obj: CollectionJob }>();

  readonly writer: KeyedWriter;

  constructor(private d: CollectionJobDeps) {
    this.pacer = new StatusPacer(d.statusIntervalMs, d.now);
    this.writer = new KeyedWriter(d.writeConcurrency ?? 16, (key, e) => {
      d.log.warn({ key, err: (e as Error).message }, 'writing a CollectionJob failed; reconciling it again');
      d.retryKey?.(key);
    });
  }

  private get leading(): boolean {
    return this.d.isLeader?.() ?? true;
  }

  /** Lease lost: the writes still waiting are dropped and new ones refused until leading again. */
  stopWriting(): number {
    return this.writer.close();
  }

  startWriting(): void {
    this.writer.open();
  }

  /** The object as last known: our own last write when the cache has not caught up with it yet. */
  private current(key: string): CollectionJob | undefined {
    const cached = this.d.jobs.get(key);
    const w = this.written.get(key);
    if (w && cached?.metadata.resourceVersion !== undefined && w.before.has(cached.metadata.resourceVersion)) return w.obj;
    this.written.delete(key);
    return cached;
  }

  /** Runs one step of a reconcile, timing it. */
  private step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return timedStep(this.d.stepSeconds, name, fn);
  }

  /**
   * True when this version of the object is the answer to one of our own writes (nothing new to do).
   * The echo of the last write means the cache has caught up, and our copy is let go; the echo of an
   * earlier one (the finalizer, when the status was written after it) is older than what we know.
   */
  ownWriteSeen(key: string, resourceVersion: string | undefined): boolean {
    const w = this.written.get(key);
    if (resourceVersion === undefined || !w) return false;
    if (w.obj.metadata.resourceVersion === resourceVersion) {
      this.written.delete(key);
      return true;
    }
    return w.before.has(resourceVersion);
  }

  /** Remembers our write of a job, chained to the one before it when the cache has not shown that yet. */
  private remember(key: string, obj: CollectionJob): void {
    const before = new Set<string>();
    const prev = this.written.get(key);
    const cachedRv = this.d.jobs.get(key)?.metadata.resourceVersion;
    if (prev && cachedRv !== undefined && prev.before.has(cachedRv)) {
      for (const rv of prev.before) before.add(rv);
      if (prev.obj.metadata.resourceVersion) before.add(prev.obj.metadata.resourceVersion);
    }
    if (cachedRv !== undefined) before.add(cachedRv);
    this.written.set(key, { before, obj });
  }

  /** The memory of a job; a new record for a job seen first, or recreated under the same name. */
  private memoryOf(key: string, uid: string): JobMemory {
    let m = this.memory.get(key);
    if (m?.uid !== uid) {
      m = newJobMemory(uid);
      this.memory.set(key, m);
    }
    return m;
  }

  // get -> finalizer -> observe -> decide -> apply (docs/operator.md, "The shape of a controller").
  async reconcile(key: string): Promise<ProcessResult | void> {
    const job = this.current(key);
    if (!job) return this.gone(key);
    const uid = job.metadata.uid!;
    const memory = this.memoryOf(key, uid);
    const path = resourcePath(JOBS, job.metadata.namespace, job.metadata.name);
    if (job.metadata.deletionTimestamp) return this.finalize(key, job, path);

    const now = this.d.now();
    const facts = await this.observe(key, job, memory, now);
    for (;;) {
      const decision = decideCollectionJob(facts, memory, now, { retry: this.d.retry, tolerancePercent: this.d.tolerancePercent });
      if (decision.kind === 'settle') return this.settle(key, job, path, memory, facts, decision, now);
      await this.changeTasks(job, memory, decision, now);
      facts.changed = decision.step;
      Object.assign(facts, await this.observeTasks(uid));
      facts.active = this.d.state.isActive(uid);
    }
  }

  /**
   * The facts of a reconcile. Planning comes first: the jobs row must exist before its tasks (foreign
   * key), and a new job is offered to the dispatcher as soon as its tasks are in the outbox.
   */
  private async observe(key: string, job: CollectionJob, memory: JobMemory, now: Date): Promise<CollectionJobFacts> {
    const uid = memory.uid;
    const spec = job.spec;
    const prev = job.status;
    const { department: dept } = resolveDepartment(
      job.metadata.namespace!,
      this.d.departments.list().map((x) => ({ name: x.metadata.name!, spec: x.spec })),
    );
    const priority = dept ? effectivePriority(spec.priority, dept.spec).priority : undefined;
    if (memory.mirrored === undefined)
      await this.step('mirror', () => this.mirror(job, memory, prev ?? {}, dept?.name ?? null, priority ?? null, now));

    let planning: PlanOutcome | undefined;
    let admittedEarly = false;
    if (dept && priority !== undefined && !isFinished(prev)) {
      const firstPlan = memory.planned === undefined;
      planning = await this.step('plan', () => this.plan(job, memory, dept.name, priority));
      const tag = `${dept.name}/${priority}`;
      // Tasks planned just now already carry the department and priority.
      if (firstPlan && memory.planned !== undefined) memory.tagged = tag;
      if (memory.tagged !== tag) {
        await this.step('retag', () => this.d.store.retagTasks(uid, dept.name, priority));
        memory.tagged = tag;
      }
      // The dispatcher may publish while this reconcile goes on to its apiserver writes (finalizer,
      // status, event); the rest of the reconcile computes the same answer and keeps it current.
      if (admitsEarly({ firstPlan, blocked: !!planning.blocked, spec, status: prev, active: this.d.state.isActive(uid) })) {
        this.d.state.offer({ ...this.admissible(key, job, dept.name, priority, now), active: true });
        this.d.triggerDispatch();
        admittedEarly = true;
        this.pacer.hold(key, FIRST_STATUS_GRACE_MS);
      }
    }
    return {
      generation: job.metadata.generation ?? 1,
      spec,
      status: prev,
      hasFinalizer: (job.metadata.finalizers ?? []).includes(FINALIZER),
      department: dept?.name,
      priority,
      planning,
      admittedEarly,
      ...(await this.observeTasks(uid)),
      held: this.holdReason(dept?.name, dept?.spec),
      active: this.d.state.isActive(uid),
      pace: this.pacer.pace(key),
      changed: 'nothing',
    };
  }

  /** The job's task counts, and its retryable failures when there are any. */
  private async observeTasks(uid: string): Promise<Pick<CollectionJobFacts, 'counts' | 'metadataSucceeded' | 'retryables'>> {
    const c = await this.step('counts', () => this.d.store.counts(uid));
    if (c.counts.failed > 0) c.counts.firstFailures = await this.step('failures', () => this.d.store.firstFailures(uid));
    const retryables = c.awaitingRetry > 0 ? await this.step('retryables', () => this.d.store.retryables(uid)) : [];
    return { counts: c.counts, metadataSucceeded: c.metadataSucceeded, retryables };
  }

  private admissible(key: string, job: CollectionJob, department: string, priority: number, now: Date): Omit<AdmissibleJob, 'active'> {
    return {
      uid: job.metadata.uid!,
      key,
      namespace: job.metadata.namespace!,
      name: job.metadata.name!,
      department,
      priority,
      createdAt: createdAtOf(job, now).getTime(),
      spec: job.spec,
    };
  }

  /** Retries, suspend, resume, fail-stop: the dispatcher stops first, then the store, then workers. */
  private async changeTasks(job: CollectionJob, memory: JobMemory, c: TaskChanges, now: Date): Promise<void> {
    const uid = memory.uid;
    let retried = 0;
    for (const { id, decision } of c.retries) {
      if (decision.action === 'fail') await this.d.store.failTask(id, decision.reason);
      else {
        await this.d.store.scheduleRetry(id, decision.notBefore);
        retried++;
      }
    }
    if (retried && this.leading) {
      this.d.events.record(job, 'Normal', 'Retried', `${retried} task${retried === 1 ? '' : 's'} will be retried after a backoff`, now);
      this.d.retriedTotal?.inc(retried);
    }
    if (c.deactivate) this.d.state.deactivate(uid);
    if (c.cancel) {
      const { running } = await this.d.store.cancel(uid, c.cancel.includePending);
      const send = c.cancel.control === 'always' || (c.cancel.control === 'if-running' && running.length > 0);
      if (send && this.leading) {
        await this.d.publisher.publishControl({ v: 1, action: 'cancel', jobUid: uid, ...(running.length ? { taskIds: running } : {}) });
        if (c.cancel.control === 'always') memory.cancelSent = true;
      }
    }
    if (c.uncancel) {
      await this.d.store.uncancel(uid);
      memory.cancelSent = false;
    }
  }

  /**
   * The apiserver writes (finalizer, status, events) go to the writer and are not waited for: a new
   * job is planned and admitted from PostgreSQL alone, and a slow apiserver does not hold the
   * reconciles of other jobs. A job deleted before it carries the finalizer is still cancelled: by the
   * delete event (gone), or by the sweep of live jobs rows when no operator was watching.
   */
  private async settle(
    key: string,
    job: CollectionJob,
    path: string,
    memory: JobMemory,
    facts: CollectionJobFacts,
    d: Settle,
    now: Date,
  ): Promise<ProcessResult | void> {
    const uid = memory.uid;
    if (d.admission && facts.department !== undefined && facts.priority !== undefined) {
      this.d.state.offer({ ...this.admissible(key, job, facts.department, facts.priority, now), active: d.admission.active });
    } else this.d.state.withdraw(uid);
    this.d.state.setPhase(uid, { department: facts.department ?? '', type: job.spec.type, phase: d.phase });
    if (d.dispatch) this.d.triggerDispatch();
    if (d.enqueueDepartment && facts.department !== undefined) this.d.enqueueDepartment(facts.department);

    if (d.releaseHold) this.pacer.release(key);
    if (d.writeStatus) this.pacer.wrote(key);
    if (d.addFinalizer || d.writeStatus)
      this.writer.schedule(key, () => this.write(key, path, uid, d.addFinalizer, d.writeStatus ? d.statusFacts : undefined, now));
    await this.step('mirror', () => this.mirror(job, memory, d.status, facts.department ?? null, facts.priority ?? null, now));

    if (d.deleteJob) {
      if (!this.leading) return;
      await this.d.rest.request('DELETE', path, { body: { propagationPolicy: 'Background' } }).catch((e) => {
        if ((e as { status?: number }).status !== 404) throw e;
      });
      return;
    }
    return d.requeueAfterMs !== undefined ? { requeueAfterMs: d.requeueAfterMs } : undefined;
  }

  /** The apiserver writes a reconcile decided: the finalizer, then the status and its events. */
  private async write(key: string, path: string, uid: string, finalizer: boolean, facts: JobFacts | undefined, now: Date): Promise<void> {
    let obj = this.current(key);
    if (!obj || obj.metadata.uid !== uid || obj.metadata.deletionTimestamp) return;
    const allowed = () => this.leading && !this.writer.closed;
    if (finalizer && !(obj.metadata.finalizers ?? []).includes(FINALIZER)) {
      const updated = await this.step('finalizer', () => setFinalizer(this.d.rest, path, obj!, FINALIZER, true, { allowed }));
      if (!updated) return;
      this.remember(key, updated);
      obj = updated;
    }
    if (!facts) return;
    let base: CollectionJobStatus | undefined;
    let next: CollectionJobStatus | undefined;
    const updated = await this.step('status', () =>
      writeStatus(
        this.d.rest,
        path,
        obj,
        (fresh) => {
          if (fresh.metadata.uid !== uid) return null;
          base = fresh.status;
          next = computeJobStatus(base, facts, now);
          return sameStatus(base ?? {}, next) ? null : (next as Record<string, unknown>);
        },
        { allowed },
      ),
    );
    if (!updated) return;
    this.remember(key, updated);
    if (!allowed()) return;
    for (const e of transitionEvents(base, next!)) this.d.events.record(updated, e.type, e.reason, e.message, now);
  }

  private holdReason(department: string | undefined, spec: DepartmentSpec | undefined): string | undefined {
    if (this.d.pools.list().some((p) => p.spec?.paused)) return 'the collector pool is paused: admission is held';
    if (department && spec?.paused) return `department ${department} is paused: admission is held`;
    return undefined;
  }

  /** Plans the job's tasks into the outbox (idempotent). */
  private async plan(job: CollectionJob, memory: JobMemory, department: string, priority: number): Promise<PlanOutcome> {
    const uid = memory.uid;
    const spec = job.spec;
    const store = this.d.store;
    if (spec.type === 'Metadata') {
      if (memory.planned !== 'metadata') {
        await store.insertTasks(uid, department, priority, planMetadata(uid, spec));
        memory.planned = 'metadata';
      }
      if (!spec.includeComments) return { complete: true, commentsPlannedFor: -1 };
      const succeeded = await store.succeededMetadata(uid);
      if (memory.commentsPlannedFor !== succeeded) {
        const articles = await store.articlesFoundBySucceededTasks(uid);
        await store.insertTasks(uid, department, priority, planComments(uid, articles, null));
        memory.commentsPlannedFor = succeeded;
      }
      return { complete: true, commentsPlannedFor: succeeded };
    }
    const source = commentsSource(spec);
    switch (source.kind) {
      case 'urls':
        if (memory.planned !== 'urls') {
          await store.insertTasks(
            uid,
            department,
            priority,
            planCommentUrls(uid, spec, await this.identityRules(spec.source ?? JOB_DEFAULTS.source)),
          );
          memory.planned = 'urls';
        }
        return { complete: true, commentsPlannedFor: -1 };
      case 'query':
        if (memory.planned !== 'query') {
          await store.insertTasks(uid, department, priority, planComments(uid, await store.queryArticles(spec.articles!.query!, department), null));
          memory.planned = 'query';
        }
        return { complete: true, commentsPlannedFor: -1 };
      case 'fromJob': {
        const src = this.d.jobs.get(`${job.metadata.namespace}/${source.name}`);
        const problem = sourceJobProblem(source.name, src ? { spec: src.spec, deleting: !!src.metadata.deletionTimestamp } : undefined);
        if (problem) return { blocked: problem, complete: false, commentsPlannedFor: -1 };
        // Read the source's state before its articles: once it is finished, every article is stored.
        const sourceDone = isFinished(src!.status);
        await store.insertTasks(uid, department, priority, planComments(uid, await store.articlesOfJob(src!.metadata.uid!), null));
        return { complete: sourceDone, commentsPlannedFor: -1 };
      }
      default:
        return {
          blocked: { reason: 'NothingToPlan', message: 'a Comments job needs articles: urls, fromJob or query' },
          complete: false,
          commentsPlannedFor: -1,
        };
    }
  }

  /**
   * The article identity rules of a NewsSource (stored articles carry their identity; URLs of a spec
   * need the rules). No such NewsSource: null, the URLs are keyed as they are and its workers will say
   * that the source is missing. Any other error is thrown, so the job is planned again later rather
   * than under other keys.
   */
  private async identityRules(source: string): Promise<IdentityRules | null> {
    if (!this.d.profiles) return null;
    try {
      return await this.d.profiles.get(source);
    } catch (e) {
      if (e instanceof ProfileNotFoundError) return null;
      throw e;
    }
  }

  private async mirror(
    job: CollectionJob,
    memory: JobMemory,
    status: CollectionJobStatus,
    department: string | null,
    priority: number | null,
    now: Date,
  ): Promise<void> {
    const uid = memory.uid;
    const createdAt = createdAtOf(job, now);
    const row = {
      uid,
      namespace: job.metadata.namespace!,
      name: job.metadata.name!,
      requestId: job.metadata.annotations?.[ANNOTATION_REQUEST_ID] ?? null,
      department,
      spec: job.spec,
      status,
      priority,
      createdAt,
      schedule: job.metadata.labels?.[LABEL_SCHEDULE] ?? null,
      requestedBy: job.metadata.annotations?.[ANNOTATION_REQUESTED_BY] ?? null,
    };
    const sig = createHash('sha1').update(stable(row)).digest('base64');
    if (memory.mirrored === sig) return;
    await this.d.store.upsertJob(row);
    memory.mirrored = sig;
  }

  /** Deletion with our finalizer: cancel outstanding tasks, tell workers, keep the data, let go. */
  private async finalize(key: string, job: CollectionJob, path: string): Promise<void> {
    const uid = job.metadata.uid!;
    if ((job.metadata.finalizers ?? []).includes(FINALIZER)) {
      await this.cancelAll(uid);
      // The next leader finalizes again (the cancel is idempotent).
      if (!this.leading) return;
      this.d.events.record(job, 'Normal', 'Deleted', 'outstanding tasks were cancelled; the collected data stays', this.d.now());
      await setFinalizer(this.d.rest, path, job, FINALIZER, false, { allowed: () => this.leading });
    }
    this.forget(key);
  }

  /** The object is gone (deleted without our finalizer, or while we were away). */
  private async gone(key: string): Promise<void> {
    const uid = this.memory.get(key)?.uid;
    if (!uid) return;
    await this.cancelAll(uid);
    this.forget(key);
  }

  /** Cancels a job that no longer exists, by uid (the sweep of jobs deleted while the operator was away). */
  async cancelAll(uid: string): Promise<void> {
    if (!this.leading) return; // the next leader's sweep or finalizer does it
    const { running } = await this.d.store.cancel(uid, true);
    if (running.length && this.leading) await this.d.publisher.publishControl({ v: 1, action: 'cancel', jobUid: uid, taskIds: running });
    await this.d.store.markJobDeleted(uid);
    const was = this.d.state.drop(uid);
    if (was) {
      this.d.triggerDispatch();
      this.d.enqueueDepartment(was.department);
    }
  }

  private forget(key: string): void {
    this.memory.delete(key);
    this.pacer.forget(key);
    this.written.delete(key);
  }
}

/**
 * The CollectionJob controller and its wiring: its work queue; its watches (jobs, with the index of the
 * Comments jobs that read another job's articles; Departments and CollectorPools whose change concerns
 * jobs; task changes in PostgreSQL); its metrics; its leadership hooks (writes start and stop with the
 * lease, every job is looked at again); and the sweep of jobs deleted while no operator watched.
 */
export function setupCollectionJobs(mgr: Manager): void {
  const { config: c, cfg, log, registry, jobs, departments, pools, leader, store, rest } = mgr;
  const registers = [registry];
  const profiles = new ProfileStore(rest, log);
  profiles.start();
  mgr.shutdown.add('news source profiles', () => profiles.stop());
  const ctl: Controller = new Controller({
    name: 'collectionjob',
    concurrency: cfg.concurrency,
    registry,
    log,
    isLeader: leader.isLeader,
    reconcile: (k) => reconciler.reconcile(k),
  });
  const reconciler = new CollectionJobReconciler({
    rest,
    store,
    publisher: mgr.publisher,
    events: mgr.events,
    jobs,
    departments,
    pools,
    state: mgr.state,
    log,
    now: mgr.clock,
    retry: { baseMs: c.OPERATOR_RETRY_BASE_MS, maxMs: c.OPERATOR_RETRY_MAX_MS },
    tolerancePercent: c.OPERATOR_FAILED_TASK_TOLERANCE_PERCENT,
    statusIntervalMs: cfg.statusIntervalMs,
    triggerDispatch: mgr.triggers.dispatch,
    enqueueDepartment: mgr.triggers.department,
    retriedTotal: new Counter({
      name: 'newsroom_task_retries_total',
      help: 'Tasks scheduled for another attempt after a retryable failure.',
      registers,
    }),
    stepSeconds: mgr.steps,
    writeConcurrency: cfg.concurrency,
    retryKey: (k) => leader.isLeader() && ctl.queue.addRateLimited(k),
    isLeader: leader.isLeader,
    profiles,
  });

  // Event handlers only enqueue keys.
  const uidToKey = new Map<string, string>();
  const dependents = new Map<string, Set<string>>(); // "ns/source" -> keys of Comments jobs reading it
  const enqueueDependents = (key: string) => {
    for (const k of dependents.get(key) ?? []) ctl.enqueue(k);
  };
  const enqueueAll = () => {
    for (const j of jobs.list()) ctl.enqueue(keyOf(j));
  };
  jobs.on((event, obj, old) => {
    const key = keyOf(obj);
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
    if (event === 'update' && reconciler.ownWriteSeen(key, obj.metadata.resourceVersion)) return;
    if (event === 'add' && !obj.status?.phase) ctl.enqueueFirst(key);
    else ctl.enqueue(key);
  });
  // A Department's namespaces, quota or priorities changed: the jobs of its namespaces, old and new.
  departments.on((event, obj, old) => {
    if (event === 'resync' || (event === 'update' && old && old.metadata?.generation === obj.metadata?.generation)) return;
    const set = new Set([...(obj.spec?.namespaces ?? []), ...(old?.spec?.namespaces ?? [])]);
    for (const j of jobs.list()) if (set.has(j.metadata.namespace!)) ctl.enqueue(keyOf(j));
  });
  // The global pause changed: every job.
  pools.on((event, obj, old) => {
    if (event === 'resync' || (event === 'update' && old?.spec?.paused === obj.spec?.paused)) return;
    enqueueAll();
  });
  mgr.onTaskChange((uid) => {
    if (uid === '*') {
      for (const k of uidToKey.values()) ctl.enqueue(k);
      return;
    }
    const key = uidToKey.get(uid);
    if (key) {
      ctl.enqueue(key);
      enqueueDependents(key);
    }
  });
  mgr.provide({
    job: (uid) => {
      const key = uidToKey.get(uid);
      if (key) ctl.enqueue(key);
    },
  });

  // Jobs deleted while no operator was watching: their rows are still live.
  const sweep = async () => {
    if (!leader.isLeader() || !jobs.hasSynced()) return;
    // Rows first, then the cache (a job created while the query runs is then known), and a row whose
    // job is not in the cache is cancelled only when the apiserver confirms that the object is gone: the
    // gateway writes a new job's row before the watch delivers the object.
    const rows = await store.liveJobs(cfg.namespaces);
    const known = new Set(jobs.list().map((j) => j.metadata.uid));
    for (const row of rows) {
      if (known.has(row.uid)) continue;
      const gone = await rest.get<CollectionJob>(resourcePath(JOBS, row.namespace, row.name)).then(
        (o) => o.metadata?.uid !== row.uid,
        (e: unknown) => {
          if (isNotFound(e)) return true;
          throw e;
        },
      );
      if (gone) await reconciler.cancelAll(row.uid);
    }
  };
  leader.onLeading(() => {
    reconciler.startWriting();
    enqueueAll();
    void sweep().catch((e: Error) => log.warn({ err: e.message }, 'sweep of deleted jobs failed'));
  });
  leader.onStoppedLeading(() => ({ droppedWrites: reconciler.stopWriting() }));

  // Domain gauges: jobs by phase (from the shared state) and tasks by state (from PostgreSQL).
  const jobsGauge = new Gauge({
    name: 'newsroom_jobs',
    help: 'CollectionJobs by department, type and phase.',
    labelNames: ['department', 'type', 'state'] as const,
    registers,
  });
  const tasksGauge = new Gauge({ name: 'newsroom_tasks', help: 'Tasks by queue and state.', labelNames: ['queue', 'state'] as const, registers });
  mgr.add(ctl);
  mgr.shutdown.add('collectionjob controller', () => ctl.stop());
  mgr.every('job gauges', 5_000, () => {
    jobsGauge.reset();
    for (const p of mgr.state.allPhases()) jobsGauge.inc({ department: p.department, type: p.type, state: p.phase });
    store
      .taskStates()
      .then((rows) => {
        tasksGauge.reset();
        for (const r of rows) tasksGauge.set({ queue: r.kind, state: r.state }, r.n);
      })
      .catch(() => undefined);
  });
  mgr.every('sweep of deleted jobs', Math.max(cfg.resyncMs, 30_000), () => void sweep().catch(() => undefined));
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
