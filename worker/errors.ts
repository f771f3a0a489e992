// What can go wrong while collecting, sorted into what a retry may fix (retryable) and what it will
// not (permanent). Reasons are plain words for the job log; they never carry credentials.
import type { TaskErrorCode as ErrorCode, TaskErrorPage as ErrorPage } from '../lib/task-errors.js';

export type ErrorKind = 'retryable' | 'permanent';
export type { ErrorCode, ErrorPage };

/**
 * An error with a plain-words reason, whether a later attempt may succeed, and a code the programs act
 * on (lib/task-errors.ts): the NewsSource records `layout-changed`, the probe tells an article page's
 * failure from the search page's by `page`. `page` is where the error was met, set by the page retry
 * loop (CollectContext.withRetries) when the error leaves it; null when it was not met at a page.
 */
export class CollectError extends Error {
  override name = 'CollectError';
  page: ErrorPage | null;
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    readonly reason: string,
    options?: { cause?: unknown; page?: ErrorPage },
  ) {
    super(reason, options);
    this.page = options?.page ?? null;
  }
}

export const retryable = (code: ErrorCode, reason: string, cause?: unknown): CollectError => new CollectError('retryable', code, reason, { cause });
export const permanent = (code: ErrorCode, reason: string, cause?: unknown): CollectError => new CollectError('permanent', code, reason, { cause });
/** The page or the API answer no longer has the shape the profile describes: permanent, code layout-changed. */
export const layoutChanged = (reason: string): CollectError => permanent('layout-changed', reason);

/** Thrown at the next page when the task was cancelled (control message, lost lease, job suspended). */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** Thrown when the worker is shutting down and the task did not finish within the grace period. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

/** The plain reason for an HTTP status, and whether a retry may help. */
export function httpStatusError(status: number, what: string): CollectError {
  if (status === 429) return retryable('throttled', `${what} answered 429 Too Many Requests (rate limited)`);
  if (status >= 500) return retryable('http-status', `${what} answered HTTP ${status} (a server error)`);
  if (status === 401 || status === 403) return permanent('http-status', `${what} refused access (HTTP ${status})`);
  if (status === 404) return permanent('http-status', `${what} was not found (HTTP 404)`);
  return permanent('http-status', `${what} answered HTTP ${status}`);
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * Sorts any error into retryable or permanent with a plain reason. CollectErrors keep their own
 * kind; WebDriver and network errors are retryable (timeouts, resets, lost sessions); anything else
 * unexpected is treated as retryable too, so a bug in one page does not lose a task for good before
 * the job's backoffLimit.
 */
export function classifyError(e: unknown): CollectError {
  if (e instanceof CollectError) return e;
  const err = e as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const name = err?.name ?? '';
  const message = String(err?.message ?? e)
    .split('\n')[0]!
    .slice(0, 300);
  const code = err?.code ?? err?.cause?.code;
  if (code && RETRYABLE_CODES.has(code)) return retryable('unreachable', `the connection failed (${code})`, e);
  if (name === 'TimeoutError' || /timed? ?out/i.test(message)) return retryable('timeout', `a page or element did not load in time (${message})`, e);
  if (name === 'NoSuchSessionError' || /session (deleted|not created|timed out|.*not found)/i.test(message)) {
    return retryable('browser', `the browser session was lost (${message})`, e);
  }
  if (/ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|net::ERR_/i.test(message))
    return retryable('unreachable', `the site could not be reached (${message})`, e);
  if (name === 'AbortError') return retryable('timeout', 'the request was aborted (timeout)', e);
  return retryable('unexpected', `unexpected error: ${message}`, e);
}
