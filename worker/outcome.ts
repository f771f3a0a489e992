// What a task's attempt comes to when its collector did not finish: given to another worker (the
// worker is stopping), cancelled (cancel broadcast, lost lease, suspended job), retried later or failed
// for good. Pure: the task runner (task-runner.ts) records, logs, counts and acks what this returns.
import { CancelledError, classifyError, CollectError, InterruptedError } from './errors.js';
import type { TaskError } from './tasks.js';

/** Why the runner stopped the collector itself, if it did. */
export type StopReason = 'cancel' | 'shutdown' | 'lease' | 'deadline';

export const INTERRUPTED: TaskError = { reason: 'the worker was stopped before the task finished', code: 'interrupted', page: null };
/** The collector's own deadline (timeouts.taskSeconds), met at a checkpoint or by the timer. */
export const deadlineError = (): CollectError => new CollectError('retryable', 'deadline', 'the task ran past its deadline (timeouts.taskSeconds)');

export type Outcome =
  /** Back to the queue for another worker: the message is nacked with requeue. */
  | { action: 'release'; error: TaskError; level: 'warn'; message: string; metric: 'interrupted' }
  /** Stopped: what was stored is kept, the message is acked. */
  | { action: 'cancel'; level: 'info'; message: string; metric: 'cancelled' }
  /** Pending again; the operator re-publishes it after its backoff. */
  | { action: 'retry'; error: TaskError; level: 'warn'; message: string; metric: 'retryable'; unexpected: boolean }
  /** Failed for good; `reportLayout` records the reason on the NewsSource. */
  | { action: 'fail'; error: TaskError; level: 'error'; message: string; metric: 'failed'; unexpected: boolean; reportLayout: boolean };

export interface OutcomeInput {
  error: unknown;
  stopReason: StopReason | null;
  /** How the job log names the task ('search "경제" on 2024-12-02'). */
  what: string;
  /** What the attempt stored ("3 articles, 0 comments, 2 pages read"). */
  stored: string;
}

/**
 * A stop the runner asked for wins over the error it caused (an aborted page load is not the site's
 * fault); any other error is sorted by classifyError into retryable or permanent with its code.
 * `unexpected` marks errors no collector raised on purpose, which the runner logs with their stack.
 */
export function decideOutcome(i: OutcomeInput): Outcome {
  if (i.stopReason === 'shutdown' || i.error instanceof InterruptedError) {
    return {
      action: 'release',
      error: INTERRUPTED,
      level: 'warn',
      message: `${i.what} was interrupted (${INTERRUPTED.reason}); it goes back to the queue`,
      metric: 'interrupted',
    };
  }
  if (i.stopReason === 'cancel' || i.stopReason === 'lease' || i.error instanceof CancelledError) {
    const why = i.stopReason === 'lease' ? 'the task was cancelled or the job suspended' : 'cancelled';
    return { action: 'cancel', level: 'info', message: `${i.what} was stopped (${why}); kept what was stored: ${i.stored}`, metric: 'cancelled' };
  }
  const err = i.stopReason === 'deadline' ? deadlineError() : classifyError(i.error);
  const error: TaskError = { reason: err.reason, code: err.code, page: err.page };
  const unexpected = !(i.error instanceof CollectError);
  if (err.kind === 'retryable')
    return { action: 'retry', error, level: 'warn', message: `${i.what} will be retried: ${err.reason}`, metric: 'retryable', unexpected };
  return {
    action: 'fail',
    error,
    level: 'error',
    message: `${i.what} failed: ${err.reason}`,
    metric: 'failed',
    unexpected,
    reportLayout: err.code === 'layout-changed',
  };
}

/** A task claimed more often than its backoffLimit allows: its workers kept stopping (or it kept failing). */
export function exhaustedError(lastError: string | null): TaskError {
  return { reason: `kept failing: ${lastError ?? 'the worker handling it stopped before it finished'}`, code: 'attempts-exhausted', page: null };
}
