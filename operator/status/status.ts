// The status of a CollectionJob, computed from what is known (department, planning, task counts) and
// the status stored before. Pure: the clock is an argument.
//
// Outcome rules (docs/decisions/0006-job-outcome-and-retries.md):
//   - Complete: every planned task is finished (succeeded or failed), planning is complete (a fromJob
//     source has finished), and the failed tasks are within the tolerance.
//   - Failed: failed tasks exceed the tolerance, floor(total * tolerancePercent / 100) (so with the
//     default 10 %, any failure fails a job of fewer than 10 tasks), reason TooManyFailedTasks; or
//     activeDeadlineSeconds passed since admission, reason DeadlineExceeded. Complete and Failed are
//     final.
//   - DataComplete (set when the job finishes): False with the counts when anything the sites showed
//     was not stored (operator/status/data-complete.ts), so a shortfall never reads as a plain success.
import { dataComplete } from './data-complete.js';
import type { CollectionJobSpec, CollectionJobStatus } from '../../lib/crd/types.gen.js';
import { failedTasksMessage, type TaskFailure } from './failure.js';

export type Condition = NonNullable<CollectionJobStatus['conditions']>[number];
export type Phase = NonNullable<CollectionJobStatus['phase']>;

export interface TaskCounts {
  total: number;
  pending: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  articles: number;
  comments: number;
  /** What the sites showed for the articles whose comments tasks recorded a count. */
  commentsShown?: number;
  /** Of the comments stored, rows not stored before and stored rows whose content changed. */
  commentsNew?: number;
  commentsChanged?: number;
  /** Search results the pages showed, and of those the ones that did not read (not stored). */
  resultsShown?: number;
  resultsUnread?: number;
  /** Comments shown but not stored. */
  commentsUnread?: number;
  /** Article pages that did not read (their articles stored from the search results). */
  pagesUnread?: number;
  firstStartedAt?: Date | null;
  /** The first failed tasks and their reasons (read when any failed), for the Failed message. */
  firstFailures?: TaskFailure[];
}

export const emptyCounts = (): TaskCounts => ({
  total: 0,
  pending: 0,
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  cancelled: 0,
  articles: 0,
  comments: 0,
});

export interface JobFacts {
  generation: number;
  spec: CollectionJobSpec;
  department?: string;
  priority?: number;
  /** Why the job cannot be admitted (other than a missing department), e.g. its fromJob is missing. */
  blocked?: { reason: string; message: string };
  /** False while more tasks may still be planned (a fromJob source still running). */
  planningComplete: boolean;
  counts: TaskCounts;
  /** Why admission is held (department or fleet paused), shown in the message. */
  held?: string;
  tolerancePercent: number;
}

/**
 * Sets a condition; lastTransitionTime changes only when the status changes. Returns whether
 * anything changed.
 */
export function setCondition(conditions: Condition[], c: Omit<Condition, 'lastTransitionTime'>, now: Date): boolean {
  const i = conditions.findIndex((x) => x.type === c.type);
  const old = conditions[i];
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message && old.observedGeneration === c.observedGeneration)
    return false;
  const lastTransitionTime = old && old.status === c.status ? old.lastTransitionTime : now.toISOString();
  const next: Condition = { ...c, lastTransitionTime };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  return true;
}

export const conditionOf = (s: CollectionJobStatus | undefined, type: string): Condition | undefined => s?.conditions?.find((c) => c.type === type);
export const isTrue = (s: CollectionJobStatus | undefined, type: string): boolean => conditionOf(s, type)?.status === 'True';
export const isFinished = (s: CollectionJobStatus | undefined): boolean => isTrue(s, 'Complete') || isTrue(s, 'Failed');

export function failureTolerance(total: number, percent: number): number {
  return Math.floor((total * percent) / 100);
}

export function computeJobStatus(prev: CollectionJobStatus | undefined, f: JobFacts, now: Date): CollectionJobStatus {
  const c = f.counts;
  const gen = f.generation;
  const conditions: Condition[] = (prev?.conditions ?? []).map((x) => ({ ...x }));
  const set = (type: string, status: 'True' | 'False', reason: string, message: string) =>
    setCondition(conditions, { type, status, reason, message, observedGeneration: gen }, now);
  const finishedBefore = isFinished(prev);
  const suspended = f.spec.suspend === true;
  let admissionTime = prev?.admissionTime;
  let completionTime = prev?.completionTime;
  let message: string;

  // Admission.
  if (!f.department) {
    set('Admitted', 'False', 'NoDepartment', 'no Department lists this namespace; the job waits until one does');
  } else if (f.blocked) {
    set('Admitted', 'False', f.blocked.reason, f.blocked.message);
  } else {
    set('Admitted', 'True', 'Admitted', `admitted to department ${f.department} at priority ${f.priority}`);
    admissionTime ??= now.toISOString();
  }
  const admitted = isTrueIn(conditions, 'Admitted');

  // Suspension.
  if (suspended) set('Suspended', 'True', 'JobSuspended', 'the job is suspended: nothing more is published');
  else if (conditions.some((x) => x.type === 'Suspended')) set('Suspended', 'False', 'JobResumed', 'the job is not suspended');

  // Outcome.
  let outcome: 'Complete' | 'Failed' | undefined = finishedBefore ? (isTrueIn(conditions, 'Complete') ? 'Complete' : 'Failed') : undefined;
  const tolerance = failureTolerance(c.total, f.tolerancePercent);
  const open = c.pending + c.queued + c.running + c.cancelled;
  const deadline = f.spec.activeDeadlineSeconds;
  if (!outcome && admitted) {
    if (c.failed > tolerance) {
      outcome = 'Failed';
      set('Failed', 'True', 'TooManyFailedTasks', failedTasksMessage(c.failed, c.total, tolerance, c.firstFailures ?? []));
    } else if (deadline && admissionTime && now.getTime() - Date.parse(admissionTime) >= deadline * 1000) {
      outcome = 'Failed';
      set('Failed', 'True', 'DeadlineExceeded', `the job ran longer than activeDeadlineSeconds (${deadline} s)`);
    } else if (!suspended && open === 0 && f.planningComplete) {
      outcome = 'Complete';
      set(
        'Complete',
        'True',
        'AllTasksFinished',
        c.total === 0
          ? 'there was nothing to collect'
          : `${c.succeeded} of ${c.total} tasks succeeded${c.failed ? `, ${c.failed} failed within the tolerance` : ''}`,
      );
    }
  }
  if (outcome && !finishedBefore) completionTime = now.toISOString();
  const data = outcome ? dataComplete(c) : undefined;
  if (data) set('DataComplete', data.status, data.reason, data.message);

  // Running.
  const started = c.running + c.succeeded + c.failed > 0;
  if (outcome) {
    if (conditions.some((x) => x.type === 'Running'))
      set('Running', 'False', 'JobFinished', `the job is ${outcome === 'Complete' ? 'complete' : 'failed'}`);
  } else if (admitted && !suspended && started) {
    set('Running', 'True', 'TasksRunning', `${c.running} running, ${c.queued} queued, ${c.pending} pending`);
  } else if (conditions.some((x) => x.type === 'Running')) {
    set('Running', 'False', suspended ? 'JobSuspended' : 'NotStarted', suspended ? 'the job is suspended' : 'no task has started');
  }

  let phase: Phase;
  if (outcome) phase = outcome;
  else if (suspended) phase = 'Suspended';
  else if (!admitted) phase = 'Pending';
  else if (started) phase = 'Running';
  else phase = 'Admitted';

  // A failed job's message is its Failed condition's, which already names the failures; a complete one
  // says what is missing beside it, so a shortfall never reads as a plain success.
  if (outcome)
    message =
      (conditionOf({ conditions }, outcome)!.message ?? outcome) +
      (outcome === 'Complete' && data?.status === 'False' ? `; data incomplete: ${data.message}` : '');
  else if (!admitted) message = conditionOf({ conditions }, 'Admitted')!.message!;
  else if (suspended) message = 'suspended';
  else if (f.held) message = f.held;
  else message = `${c.succeeded + c.failed} of ${c.total} tasks finished`;

  const finished = c.succeeded + c.failed;
  // Tasks planned later (comments of the articles found) grow the total: progress never goes back.
  const computed = outcome === 'Complete' ? 100 : c.total > 0 ? Math.floor((finished * 100) / c.total) : 0;
  const progressPercent = prev?.observedGeneration === gen ? Math.max(prev.progressPercent ?? 0, computed) : computed;
  const startTime = prev?.startTime ?? (c.firstStartedAt ? c.firstStartedAt.toISOString() : undefined);

  const status: CollectionJobStatus = {
    observedGeneration: gen,
    phase,
    ...(f.department ? { department: f.department } : {}),
    ...(f.priority !== undefined ? { priority: f.priority } : {}),
    tasks: {
      total: c.total,
      pending: c.pending,
      queued: c.queued,
      running: c.running,
      succeeded: c.succeeded,
      failed: c.failed,
      cancelled: c.cancelled,
    },
    articles: c.articles,
    comments: c.comments,
    ...(c.commentsShown ? { commentsShown: c.commentsShown } : {}),
    ...(c.comments ? { commentsNew: c.commentsNew ?? 0, commentsChanged: c.commentsChanged ?? 0 } : {}),
    progressPercent,
    progress: `${progressPercent}%`,
    ...(admissionTime ? { admissionTime } : {}),
    ...(startTime ? { startTime } : {}),
    ...(completionTime ? { completionTime } : {}),
    message,
    conditions,
  };
  return status;
}

function isTrueIn(conditions: Condition[], type: string): boolean {
  return conditions.find((c) => c.type === type)?.status === 'True';
}

export interface StatusEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The Events a status transition deserves: admitted, suspended, resumed, completed, failed, blocked, data incomplete. */
export function transitionEvents(prev: CollectionJobStatus | undefined, next: CollectionJobStatus): StatusEvent[] {
  const out: StatusEvent[] = [];
  const was = (t: string) => conditionOf(prev, t);
  const now = (t: string) => conditionOf(next, t);
  const changed = (t: string) => was(t)?.status !== now(t)?.status || was(t)?.reason !== now(t)?.reason;
  const adm = now('Admitted');
  if (adm && changed('Admitted')) {
    if (adm.status === 'True') out.push({ type: 'Normal', reason: 'Admitted', message: adm.message ?? 'admitted' });
    else out.push({ type: 'Warning', reason: adm.reason ?? 'NotAdmitted', message: adm.message ?? 'not admitted' });
  }
  const sus = now('Suspended');
  if (sus && changed('Suspended')) {
    if (sus.status === 'True')
      out.push({ type: 'Normal', reason: 'Suspended', message: 'the job was suspended: queued tasks are cancelled, running tasks stop' });
    else out.push({ type: 'Normal', reason: 'Resumed', message: 'the job was resumed' });
  }
  if (now('Complete')?.status === 'True' && changed('Complete'))
    out.push({ type: 'Normal', reason: 'Completed', message: now('Complete')!.message ?? 'complete' });
  if (now('Failed')?.status === 'True' && changed('Failed'))
    out.push({ type: 'Warning', reason: now('Failed')!.reason ?? 'Failed', message: now('Failed')!.message ?? 'failed' });
  const data = now('DataComplete');
  if (data?.status === 'False' && changed('DataComplete'))
    out.push({ type: 'Warning', reason: 'DataIncomplete', message: data.message ?? 'not everything the sites showed was stored' });
  return out;
}

/** Equality of two statuses as JSON (key order independent). */
export function sameStatus(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

export function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => p.localeCompare(q)))
      : x,
  );
}
