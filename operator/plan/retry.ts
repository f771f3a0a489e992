// Retries of tasks that failed with a retryable error. The worker records such a failure as
// state 'pending', error_kind 'retryable', with finished_at and the reason; attempts counts claims.
// The operator re-publishes it after an exponential backoff while attempts <= backoffLimit (a task is
// attempted at most backoffLimit + 1 times), and marks it failed with the last reason after that.

export interface RetryPolicy {
  /** Delay before the second attempt. */
  baseMs: number;
  /** Cap of the delay. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 600_000 };

export interface RetryableTask {
  attempts: number;
  finishedAt: Date | null;
  lastError: string | null;
}

export type RetryDecision = { action: 'fail'; reason: string } | { action: 'retry'; notBefore: Date };

/** base * 2^(attempts-1), capped: 10 s, 20 s, 40 s, ... with the defaults. */
export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

export function decideRetry(task: RetryableTask, backoffLimit: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY): RetryDecision {
  if (task.attempts > backoffLimit) {
    const reason = task.lastError?.trim() || 'the task failed';
    return { action: 'fail', reason: `${reason} (gave up after ${task.attempts} attempt${task.attempts === 1 ? '' : 's'})` };
  }
  const from = task.finishedAt ?? now;
  return { action: 'retry', notBefore: new Date(from.getTime() + retryDelayMs(task.attempts, policy)) };
}
