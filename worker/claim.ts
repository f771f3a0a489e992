// What to do with a delivered task message, decided from the task's row. Pure: the clock and the
// row are arguments; the SQL that reads and writes the row is in tasks.ts.

export type TaskState = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskRow {
  state: TaskState;
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  lastError: string | null;
  jobSuspended: boolean;
}

export type ClaimDecision =
  /** Nothing to claim: ack and drop the message (with why, for the log). */
  | { action: 'drop'; why: string }
  /** Another worker holds the lease (it may have died): wait, then try again. */
  | { action: 'wait'; ms: number; why: string }
  /** The message names no task: dead-letter it. */
  | { action: 'dead-letter'; why: string }
  /** The task may still become claimable (its publisher has not marked it queued): give the message back. */
  | { action: 'requeue'; why: string };

/**
 * Decides what to do when the claim UPDATE took nothing.
 *  - no row: the task is unknown -> dead-letter;
 *  - finished or cancelled, or the job is suspended -> drop;
 *  - running under someone's live lease: wait for it to expire (bounded by waitedMs vs maxWaitMs; a
 *    lease renewed past that belongs to a live worker and this message is a duplicate -> drop);
 *  - pending: the operator marks a task queued only after the broker confirmed the publish, so a fast
 *    delivery can come first -> wait briefly; a pending task whose attempts already reached the
 *    message's attempt is waiting for a retry the operator will publish -> drop this stale copy.
 */
export function decideUnclaimed(row: TaskRow | null, msgAttempt: number, now: Date, waitedMs: number, maxWaitMs: number): ClaimDecision {
  if (!row) return { action: 'dead-letter', why: 'no task with this id exists' };
  if (row.state === 'succeeded' || row.state === 'failed' || row.state === 'cancelled')
    return { action: 'drop', why: `the task is already ${row.state}` };
  if (row.jobSuspended) return { action: 'drop', why: 'the job is suspended' };
  if (row.state === 'running') {
    const left = (row.leaseExpiresAt?.getTime() ?? 0) - now.getTime();
    if (waitedMs >= maxWaitMs) return { action: 'drop', why: `another worker (${row.leaseOwner ?? 'unknown'}) keeps the task's lease alive` };
    return {
      action: 'wait',
      ms: Math.max(250, Math.min(left + 100, maxWaitMs - waitedMs)),
      why: `waiting for the lease of ${row.leaseOwner ?? 'another worker'} to expire`,
    };
  }
  if (row.state === 'pending') {
    if (row.attempts >= msgAttempt) return { action: 'drop', why: 'the task is waiting for a retry; this message is a stale copy' };
    // The operator marks a task queued only after the broker's confirm; a stall in between must not
    // lose the task, so the message goes back to the queue rather than being dropped.
    if (waitedMs >= Math.min(maxWaitMs, 10_000)) return { action: 'requeue', why: 'the task is not marked queued yet' };
    return { action: 'wait', ms: 500, why: 'the task is not marked queued yet' };
  }
  // queued but the claim failed: a race with another worker's claim; look again soon.
  if (waitedMs >= maxWaitMs) return { action: 'drop', why: 'the task could not be claimed' };
  return { action: 'wait', ms: 250, why: 'the claim raced with another worker' };
}

/** A claimed task that has been attempted more often than the job allows fails for good. */
export function exceededAttempts(attempts: number, backoffLimit: number): boolean {
  return attempts > backoffLimit + 1;
}
