// The CollectionJob controller. The shape of every reconcile: get the object (gone is not an error) ->
// finalizer -> department and priority -> plan tasks into the outbox -> retries, suspend/resume ->
// compute the status with a pure function -> write it only when it differs (at most about once a
// second per job) -> mirror into `jobs` -> events. Publishing is the dispatcher's job.
import { createHash } from 'node:crypto';
import type { Counter, Histogram } from 'prom-client';
import type { CollectionJobSpec, CollectionJobStatus, DepartmentSpec } from '../../lib/crd/types.gen.js';
import { ANNOTATION_REQUEST_ID, FINALIZER } from '../../lib/crd/labels.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { setFinalizer, writeStatus } from '../../lib/kube/objects.js';
import { KeyedWriter } from '../../lib/kube/writer.js';
import { resourcePath, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import type { TaskPublisher } from '../amqp/publisher.js';
import type { InformerSet } from '../core/informers.js';
import type { SharedState } from '../core/state.js';
import { timedStep } from '../core/steps.js';
import type { IdentityRules } from '../../lib/sources/identity.js';
import { ProfileNotFoundError } from '../../lib/sources/store.js';
import { commentsSource, planCommentUrls, planComments, planMetadata, sourceJobProblem } from '../plan/plan.js';
import { effectivePriority } from '../../lib/priority.js';
import { resolveDepartment } from '../plan/priority.js';
import { decideRetry, type RetryPolicy } from '../plan/retry.js';
import { computeJobStatus, isFinished, isTrue, sameStatus, stable, transitionEvents, type JobFacts } from '../status/status.js';
import type { OperatorStore } from '../store/store.js';
import { StatusPacer } from '../core/pacer.js';

export type CollectionJob = KubeObject & { metadata: NonNullable<KubeObject['metadata']>; spec: CollectionJobSpec; status?: CollectionJobStatus };
export type Department = KubeObject & { metadata: NonNullable<KubeObject['metadata']>; spec: DepartmentSpec };
export type CollectorPool = KubeObject & { spec: { paused?: boolean } };

const JOBS = resourceOf('CollectionJob');
const FROM_JOB_POLL_MS = 5_000;
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
  private planned = new Map<string, string>();
  private commentsPlannedFor = new Map<string, number>();
  private tagged = new Map<string, string>();
  private pacer: StatusPacer;
  /**
   * Our last write of each job, until the cache shows it: `before` holds the versions it is known to
   * follow (the cache's when we wrote, and what our earlier writes in the chain returned).
   */
  private written = new Map<string, { before: Set<string>; obj: CollectionJob }>();
  private mirrored = new Map<string, string>();
  private uidOf = new Map<string, string>();
  private suspendedSent = new Set<string>();

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

  /** The uid of a job key, while the job exists. */
  uidOfKey(key: string): string | undefined {
    return this.uidOf.get(key);
  }

  async reconcile(key: string): Promise<ProcessResult | void> {
    const job = this.current(key);
    if (!job) return this.gone(key);
    const uid = job.metadata.uid!;
    this.uidOf.set(key, uid);
    const path = resourcePath(JOBS, job.metadata.namespace, job.metadata.name);
    if (job.metadata.deletionTimestamp) return this.finalize(key, job, path);

    const now = this.d.now();
    const spec = job.spec;
    const prev = job.status;
    const finishedBefore = isFinished(prev);
    const { department: dept } = resolveDepartment(job.metadata.namespace!, this.d.departments.list().map((x) => ({ name: x.metadata.name!, spec: x.spec })));
    const priority = dept ? effectivePriority(spec.priority, dept.spec).priority : undefined;
    const createdAt = new Date(job.metadata.creationTimestamp ?? now);

    // The jobs row must exist before its tasks (foreign key).
    if (!this.mirrored.has(uid)) await this.step('mirror', () => this.mirror(job, prev ?? {}, dept?.name ?? null, priority ?? null, createdAt));

    let blocked: { reason: string; message: string } | undefined;
    let planningComplete = true;
    let requeueMs: number | undefined;
    let plannedComments = -1;
    let fastPath = false;
    if (dept && priority !== undefined && !finishedBefore) {
      const firstPlan = !this.planned.has(uid);
      const p = await this.step('plan', () => this.plan(job, uid, dept.name, priority));
      blocked = p.blocked;
      planningComplete = p.complete;
      plannedComments = p.plannedCommentsFor;
      if (!p.complete) requeueMs = FROM_JOB_POLL_MS;
      const tag = `${dept.name}/${priority}`;
      // Tasks planned just now already carry the department and priority.
      if (firstPlan && this.planned.has(uid)) this.tagged.set(uid, tag);
      if (this.tagged.get(uid) !== tag) {
        await this.step('retag', () => this.d.store.retagTasks(uid, dept.name, priority));
        this.tagged.set(uid, tag);
      }
      // Fast path of a new job: admissible as soon as its tasks are in the outbox, so the dispatcher
      // may publish them while this reconcile goes on to its apiserver writes (finalizer, status,
      // event). The rest of the reconcile computes the same answer and keeps it current.
      if (firstPlan && !p.blocked && !spec.suspend && !prev?.admissionTime && !this.d.state.jobs.get(uid)?.active) {
        this.d.state.jobs.set(uid, { uid, key, namespace: job.metadata.namespace!, name: job.metadata.name!, department: dept.name, priority, createdAt: createdAt.getTime(), spec, active: true });
        this.d.triggerDispatch();
        fastPath = true;
        this.pacer.hold(key, FIRST_STATUS_GRACE_MS);
      }
    }

    // The counts say whether any retryable failure waits for a decision; they are read again below
    // when a retry decision, a suspend or a resume changed task states.
    let counted = await this.step('counts', () => this.d.store.counts(uid));
    let changed = false;

    // Retries of tasks that failed with a retryable error (a job planned just now has none yet).
    if (!finishedBefore && !fastPath && counted.awaitingRetry > 0) {
      changed = true;
      let retried = 0;
      for (const t of await this.step('retryables', () => this.d.store.retryables(uid))) {
        const decision = decideRetry(t, spec.backoffLimit ?? 3, now, this.d.retry);
        if (decision.action === 'fail') await this.d.store.failTask(t.id, decision.reason);
        else {
          await this.d.store.scheduleRetry(t.id, decision.notBefore);
          retried++;
        }
      }
      if (retried && this.leading) {
        this.d.events.record(job, 'Normal', 'Retried', `${retried} task${retried === 1 ? '' : 's'} will be retried after a backoff`, now);
        this.d.retriedTotal?.inc(retried);
      }
    }

    // Suspend: queued tasks are cancelled (workers drop them), running ones are told to stop.
    if (spec.suspend && !finishedBefore) {
      // Stop the dispatcher first, so nothing is published between the cancel and the status.
      const entry = this.d.state.jobs.get(uid);
      if (entry) entry.active = false;
      const { running } = await this.d.store.cancel(uid, false);
      changed = true;
      if (!this.suspendedSent.has(uid) && this.leading) {
        await this.d.publisher.publishControl({ v: 1, action: 'cancel', jobUid: uid, ...(running.length ? { taskIds: running } : {}) });
        this.suspendedSent.add(uid);
      }
    } else if (!spec.suspend && !finishedBefore && (this.suspendedSent.has(uid) || (prev?.tasks?.cancelled ?? 0) > 0)) {
      await this.d.store.uncancel(uid);
      this.suspendedSent.delete(uid);
      changed = true;
    }

    if (changed) counted = await this.step('counts', () => this.d.store.counts(uid));
    let counts = counted.counts;
    const metadataSucceeded = counted.metadataSucceeded;
    if (spec.type === 'Metadata' && spec.includeComments && plannedComments >= 0 && metadataSucceeded !== plannedComments) {
      // A metadata task finished after comments were planned: plan again before declaring completion.
      planningComplete = false;
      requeueMs = 0;
    }
    const held = this.holdReason(dept?.name, dept?.spec);
    const facts = { generation: job.metadata.generation ?? 1, spec, department: dept?.name, priority, blocked, planningComplete, counts, held, tolerancePercent: this.d.tolerancePercent };
    let next = computeJobStatus(prev, facts, now);
    if (!finishedBefore && next.phase === 'Failed') {
      // A failed job stops: nothing more is published, running tasks are told to stop.
      const entry = this.d.state.jobs.get(uid);
      if (entry) entry.active = false;
      const { running } = await this.d.store.cancel(uid, true);
      if (running.length && this.leading) await this.d.publisher.publishControl({ v: 1, action: 'cancel', jobUid: uid, taskIds: running });
      counts = (await this.d.store.counts(uid)).counts;
      next = computeJobStatus(prev, { ...facts, counts }, now);
    }

    // Tell the dispatcher whether this job's tasks may be published.
    const admitted = isTrue(next, 'Admitted');
    const active = admitted && !spec.suspend && !isFinished(next);
    const wasActive = !fastPath && (this.d.state.jobs.get(uid)?.active ?? false);
    if (dept && priority !== undefined) {
      this.d.state.jobs.set(uid, { uid, key, namespace: job.metadata.namespace!, name: job.metadata.name!, department: dept.name, priority, createdAt: createdAt.getTime(), spec, active });
    } else this.d.state.jobs.delete(uid);
    this.d.state.phases.set(uid, { department: dept?.name ?? '', type: spec.type, phase: next.phase ?? 'Pending' });
    // A round is needed when there is something to publish or the job's admission changed; a new job
    // on the fast path has asked for its round already.
    if (!fastPath && ((active && counts.pending > 0) || active !== wasActive)) this.d.triggerDispatch();
    if (dept && active !== wasActive) this.d.enqueueDepartment(dept.name);

    // The apiserver writes (finalizer, status, events) go to the writer and are not waited for: a new
    // job is planned and admitted from PostgreSQL alone, and a slow apiserver does not hold the
    // reconciles of other jobs. A job deleted before it carries the finalizer is still cancelled: by
    // the delete event (gone), or by the sweep of live jobs rows when no operator was watching.
    const needsFinalizer = !(job.metadata.finalizers ?? []).includes(FINALIZER);
    let statusNow = false;
    if (counts.total > counts.pending) this.pacer.release(key);
    if (!sameStatus(prev ?? {}, next)) {
      const wait = this.pacer.waitMs(key);
      if (wait > 0) requeueMs = requeueMs === undefined ? wait : Math.min(requeueMs, wait);
      else {
        statusNow = true;
        this.pacer.wrote(key);
      }
    }
    if (needsFinalizer || statusNow) this.writer.schedule(key, () => this.write(key, path, uid, needsFinalizer, statusNow ? facts : undefined, now));
    await this.step('mirror', () => this.mirror(job, next, dept?.name ?? null, priority ?? null, createdAt));

    // Timed work: ttlSecondsAfterFinished, activeDeadlineSeconds.
    const finishedAt = next.completionTime ? Date.parse(next.completionTime) : undefined;
    if (finishedAt !== undefined && spec.ttlSecondsAfterFinished !== undefined) {
      const left = finishedAt + spec.ttlSecondsAfterFinished * 1000 - now.getTime();
      if (left <= 0) {
        if (!this.leading) return;
        await this.d.rest.request('DELETE', path, { body: { propagationPolicy: 'Background' } }).catch((e) => {
          if ((e as { status?: number }).status !== 404) throw e;
        });
        return;
      }
      requeueMs = Math.min(requeueMs ?? left, left);
    }
    if (!finishedAt && spec.activeDeadlineSeconds && next.admissionTime) {
      const left = Date.parse(next.admissionTime) + spec.activeDeadlineSeconds * 1000 - now.getTime();
      requeueMs = Math.min(requeueMs ?? left, Math.max(left, 0) + 50);
    }
    return requeueMs !== undefined ? { requeueAfterMs: requeueMs } : undefined;
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
      writeStatus(this.d.rest, path, obj, (fresh) => {
        if (fresh.metadata.uid !== uid) return null;
        base = (fresh).status;
        next = computeJobStatus(base, facts, now);
        return sameStatus(base ?? {}, next) ? null : (next as Record<string, unknown>);
      }, { allowed }),
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
  private async plan(job: CollectionJob, uid: string, department: string, priority: number): Promise<{ blocked?: { reason: string; message: string }; complete: boolean; plannedCommentsFor: number }> {
    const spec = job.spec;
    const store = this.d.store;
    if (spec.type === 'Metadata') {
      if (this.planned.get(uid) !== 'metadata') {
        await store.insertTasks(uid, department, priority, planMetadata(uid, spec));
        this.planned.set(uid, 'metadata');
      }
      if (!spec.includeComments) return { complete: true, plannedCommentsFor: -1 };
      const succeeded = await store.succeededMetadata(uid);
      if (this.commentsPlannedFor.get(uid) !== succeeded) {
        const articles = await store.articlesFoundBySucceededTasks(uid);
        await store.insertTasks(uid, department, priority, planComments(uid, articles, null));
        this.commentsPlannedFor.set(uid, succeeded);
      }
      return { complete: true, plannedCommentsFor: succeeded };
    }
    const source = commentsSource(spec);
    switch (source.kind) {
      case 'urls':
        if (this.planned.get(uid) !== 'urls') {
          await store.insertTasks(uid, department, priority, planCommentUrls(uid, spec, await this.identityRules(spec.source ?? 'naver')));
          this.planned.set(uid, 'urls');
        }
        return { complete: true, plannedCommentsFor: -1 };
      case 'query':
        if (this.planned.get(uid) !== 'query') {
          await store.insertTasks(uid, department, priority, planComments(uid, await store.queryArticles(spec.articles!.query!), null));
          this.planned.set(uid, 'query');
        }
        return { complete: true, plannedCommentsFor: -1 };
      case 'fromJob': {
        const src = this.d.jobs.get(`${job.metadata.namespace}/${source.name}`);
        const problem = sourceJobProblem(source.name, src ? { spec: src.spec, deleting: !!src.metadata.deletionTimestamp } : undefined);
        if (problem) return { blocked: problem, complete: false, plannedCommentsFor: -1 };
        // Read the source's state before its articles: once it is finished, every article is stored.
        const sourceDone = isFinished(src!.status);
        await store.insertTasks(uid, department, priority, planComments(uid, await store.articlesOfJob(src!.metadata.uid!), null));
        return { complete: sourceDone, plannedCommentsFor: -1 };
      }
      default:
        return { blocked: { reason: 'NothingToPlan', message: 'a Comments job needs articles: urls, fromJob or query' }, complete: false, plannedCommentsFor: -1 };
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

  private async mirror(job: CollectionJob, status: CollectionJobStatus, department: string | null, priority: number | null, createdAt: Date): Promise<void> {
    const uid = job.metadata.uid!;
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
    };
    const sig = createHash('sha1').update(stable(row)).digest('base64');
    if (this.mirrored.get(uid) === sig) return;
    await this.d.store.upsertJob(row);
    this.mirrored.set(uid, sig);
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
    this.forget(key, uid);
  }

  /** The object is gone (deleted without our finalizer, or while we were away). */
  private async gone(key: string): Promise<void> {
    const uid = this.uidOf.get(key);
    if (!uid) return;
    await this.cancelAll(uid);
    this.forget(key, uid);
  }

  /** Cancels a job that no longer exists, by uid (the sweep of jobs deleted while the operator was away). */
  async cancelAll(uid: string): Promise<void> {
    if (!this.leading) return; // the next leader's sweep or finalizer does it
    const { running } = await this.d.store.cancel(uid, true);
    if (running.length && this.leading) await this.d.publisher.publishControl({ v: 1, action: 'cancel', jobUid: uid, taskIds: running });
    await this.d.store.markJobDeleted(uid);
    const was = this.d.state.jobs.get(uid);
    this.d.state.jobs.delete(uid);
    this.d.state.phases.delete(uid);
    if (was) {
      this.d.triggerDispatch();
      this.d.enqueueDepartment(was.department);
    }
  }

  private forget(key: string, uid: string): void {
    for (const m of [this.planned, this.commentsPlannedFor, this.tagged, this.mirrored]) m.delete(uid);
    this.suspendedSent.delete(uid);
    this.uidOf.delete(key);
    this.pacer.forget(key);
    this.written.delete(key);
  }
}
