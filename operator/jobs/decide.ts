// What a CollectionJob reconcile does, decided from the facts it observed, what the operator remembers
// of the job, and the time. Pure: the controller (operator/controllers/collectionjob.ts) observes,
// calls `decideCollectionJob`, applies the decision, and, when the decision changed task states,
// observes the counts again and decides once more. The order of the steps is that of a reconcile:
//   1. task rules: retries of retryable failures, suspend (cancel queued tasks, tell workers once),
//      resume (cancelled tasks are pending again);
//   2. the status from the counts; a job that fails now is stopped (fail-stop) before its status is
//      written;
//   3. settle: admission for the dispatcher, the finalizer, the status write at the pacer's pace,
//      ttlSecondsAfterFinished and activeDeadlineSeconds as requeues.
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';
import type { CollectionJobSpec, CollectionJobStatus } from '../../lib/crd/types.gen.js';
import { paceWaitMs, type Pace } from '../core/pacer.js';
import { decideRetry, type RetryDecision, type RetryPolicy } from '../plan/retry.js';
import type { RetryableRow } from '../store/store.js';
import { computeJobStatus, isFinished, isTrue, sameStatus, type JobFacts, type TaskCounts } from '../status/status.js';

/** How often a Comments job whose fromJob source is still running is planned again. */
export const FROM_JOB_POLL_MS = 5_000;
/** Extra wait after activeDeadlineSeconds, so the reconcile that fails the job finds it passed. */
const DEADLINE_SLACK_MS = 50;

/** What the operator remembers of one job between reconciles (one record per job key). */
export interface JobMemory {
  uid: string;
  /** The task set planned into the outbox (planned once per job). */
  planned?: 'metadata' | 'urls' | 'query';
  /** Succeeded metadata tasks when comments were last planned (includeComments). */
  commentsPlannedFor?: number;
  /** The `department/priority` the job's tasks carry. */
  tagged?: string;
  /** Signature of the last `jobs` row written. */
  mirrored?: string;
  /** The cancel control message of a suspend was sent (once per suspension). */
  cancelSent: boolean;
}

export const newJobMemory = (uid: string): JobMemory => ({ uid, cancelSent: false });

/** The outcome of planning in this reconcile (absent: not planned, no department or finished). */
export interface PlanOutcome {
  blocked?: { reason: string; message: string };
  /** False while more tasks may still be planned (a fromJob source still running). */
  complete: boolean;
  /** Succeeded metadata tasks the comments were planned for; -1: not a job with includeComments. */
  commentsPlannedFor: number;
}

/** What a reconcile changed so far: each step of task changes runs at most once per reconcile. */
export type Changed = 'nothing' | 'task-rules' | 'fail-stop';

export interface CollectionJobFacts {
  generation: number;
  spec: CollectionJobSpec;
  /** The status as stored (or as last written by us). */
  status: CollectionJobStatus | undefined;
  hasFinalizer: boolean;
  department?: string;
  priority?: number;
  planning?: PlanOutcome;
  /** This reconcile admitted the new job at once, before its counts were read (the fast path). */
  admittedEarly: boolean;
  counts: TaskCounts;
  metadataSucceeded: number;
  /** Retryable failures with no retry decision yet. */
  retryables: RetryableRow[];
  /** Why admission is held (department or fleet paused). */
  held?: string;
  /** Whether the dispatcher may publish the job's tasks, as it stands. */
  active: boolean;
  pace: Pace;
  changed: Changed;
}

export interface JobPolicy {
  retry: RetryPolicy;
  tolerancePercent: number;
}

/** Task state changes, applied in this order: the dispatcher stops first, then the store, then workers. */
export interface TaskChanges {
  kind: 'change-tasks';
  step: Exclude<Changed, 'nothing'>;
  retries: { id: string; decision: RetryDecision }[];
  /** Tell the dispatcher to stop publishing before anything is cancelled. */
  deactivate: boolean;
  /**
   * Cancel tasks: queued ones (suspend) or pending and queued (fail-stop). The control message goes
   * to workers always (a suspend, once) or only when tasks are running (fail-stop); none: not sent.
   */
  cancel?: { includePending: boolean; control: 'always' | 'if-running' | 'none' };
  /** Resume: cancelled tasks become pending again, and the next suspend sends its cancel again. */
  uncancel: boolean;
}

export interface Settle {
  kind: 'settle';
  status: CollectionJobStatus;
  /** The facts of the status, computed again on the freshest object when it is written. */
  statusFacts: JobFacts;
  /** For the dispatcher: absent when the job has no department or priority (it is withdrawn). */
  admission?: { active: boolean };
  phase: string;
  /** Ask the dispatcher for a round (something to publish, or the job's admission changed). */
  dispatch: boolean;
  /** The department's status counts active jobs: reconcile it. */
  enqueueDepartment: boolean;
  addFinalizer: boolean;
  /** The first-status hold ends: tasks were published. */
  releaseHold: boolean;
  writeStatus: boolean;
  /** ttlSecondsAfterFinished passed: delete the job. */
  deleteJob: boolean;
  requeueAfterMs?: number;
}

export type JobDecision = TaskChanges | Settle;

/**
 * The fast path of a new job: admissible as soon as its tasks are in the outbox, so the dispatcher may
 * publish them while the reconcile goes on to its apiserver writes.
 */
export function admitsEarly(f: {
  firstPlan: boolean;
  blocked: boolean;
  spec: CollectionJobSpec;
  status: CollectionJobStatus | undefined;
  active: boolean;
}): boolean {
  return f.firstPlan && !f.blocked && !f.spec.suspend && !f.status?.admissionTime && !f.active;
}

const minDefined = (a: number | undefined, b: number): number => (a === undefined ? b : Math.min(a, b));

export function decideCollectionJob(f: CollectionJobFacts, memory: Readonly<JobMemory>, now: Date, policy: JobPolicy): JobDecision {
  const spec = f.spec;
  const prev = f.status;
  const finishedBefore = isFinished(prev);

  // 1. Task rules (a job planned just now has no retryable failures yet).
  if (f.changed === 'nothing') {
    const retries =
      finishedBefore || f.admittedEarly
        ? []
        : f.retryables.map((t) => ({ id: t.id, decision: decideRetry(t, spec.backoffLimit ?? JOB_DEFAULTS.backoffLimit, now, policy.retry) }));
    const suspend = spec.suspend === true && !finishedBefore;
    const resume = !spec.suspend && !finishedBefore && (memory.cancelSent || (prev?.tasks?.cancelled ?? 0) > 0);
    if (retries.length || suspend || resume) {
      return {
        kind: 'change-tasks',
        step: 'task-rules',
        retries,
        deactivate: suspend,
        ...(suspend ? { cancel: { includePending: false, control: memory.cancelSent ? 'none' : 'always' } } : {}),
        uncancel: resume,
      };
    }
  }

  // 2. The status. Comments of a metadata job are planned again when a metadata task finished since.
  let planningComplete = f.planning?.complete ?? true;
  let requeueAfterMs = f.planning && !f.planning.complete ? FROM_JOB_POLL_MS : undefined;
  if (
    spec.type === 'Metadata' &&
    spec.includeComments &&
    f.planning &&
    f.planning.commentsPlannedFor >= 0 &&
    f.metadataSucceeded !== f.planning.commentsPlannedFor
  ) {
    planningComplete = false;
    requeueAfterMs = 0;
  }
  const statusFacts: JobFacts = {
    generation: f.generation,
    spec,
    department: f.department,
    priority: f.priority,
    blocked: f.planning?.blocked,
    planningComplete,
    counts: f.counts,
    held: f.held,
    tolerancePercent: policy.tolerancePercent,
  };
  const next = computeJobStatus(prev, statusFacts, now);
  if (!finishedBefore && next.phase === 'Failed' && f.changed !== 'fail-stop') {
    // A failed job stops: nothing more is published, running tasks are told to stop.
    return {
      kind: 'change-tasks',
      step: 'fail-stop',
      retries: [],
      deactivate: true,
      cancel: { includePending: true, control: 'if-running' },
      uncancel: false,
    };
  }

  // 3. Settle.
  const hasAdmission = f.department !== undefined && f.priority !== undefined;
  const active = isTrue(next, 'Admitted') && !spec.suspend && !isFinished(next);
  // A job admitted early asked for its round already and counts as inactive before.
  const wasActive = !f.admittedEarly && f.active;
  const releaseHold = f.counts.total > f.counts.pending;
  let writeStatus = false;
  if (!sameStatus(prev ?? {}, next)) {
    const wait = paceWaitMs(f.pace, now.getTime(), releaseHold);
    if (wait > 0) requeueAfterMs = minDefined(requeueAfterMs, wait);
    else writeStatus = true;
  }
  let deleteJob = false;
  const finishedAt = next.completionTime ? Date.parse(next.completionTime) : undefined;
  if (finishedAt !== undefined && spec.ttlSecondsAfterFinished !== undefined) {
    const left = finishedAt + spec.ttlSecondsAfterFinished * 1000 - now.getTime();
    if (left <= 0) deleteJob = true;
    else requeueAfterMs = minDefined(requeueAfterMs, left);
  }
  if (finishedAt === undefined && spec.activeDeadlineSeconds && next.admissionTime) {
    const left = Date.parse(next.admissionTime) + spec.activeDeadlineSeconds * 1000 - now.getTime();
    requeueAfterMs = Math.min(requeueAfterMs ?? left, Math.max(left, 0) + DEADLINE_SLACK_MS);
  }
  return {
    kind: 'settle',
    status: next,
    statusFacts,
    ...(hasAdmission ? { admission: { active } } : {}),
    phase: next.phase ?? 'Pending',
    dispatch: !f.admittedEarly && ((active && f.counts.pending > 0) || active !== wasActive),
    enqueueDepartment: f.department !== undefined && active !== wasActive,
    addFinalizer: !f.hasFinalizer,
    releaseHold,
    writeStatus,
    deleteJob,
    ...(deleteJob ? {} : requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
  };
}
