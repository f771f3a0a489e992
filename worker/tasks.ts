// The tasks table as the worker sees it: claim with a lease, renew it, record the outcome. Every write
// after the claim is guarded by the lease owner, so a worker that lost its lease (taken over after
// it was presumed dead, or cancelled) cannot overwrite someone else's result.
import type { Pool } from '../lib/db/pool.js';
import type { TaskErrorCode, TaskErrorPage } from '../lib/task-errors.js';
import type { TaskRow } from './claim.js';
import type { Shortfall } from './shortfall.js';

/** What a task's outcome records about its error: the words, the code and where it was met. */
export interface TaskError {
  reason: string;
  code: TaskErrorCode;
  page: TaskErrorPage | null;
}

// The error columns of an outcome, as parameters $6-$8 of finish().
const ERROR_AT_6 = 'last_error = $6, error_code = $7, error_page = $8';
const errorParams = (e: TaskError): unknown[] => [e.reason, e.code, e.page];

export interface ClaimedTask {
  id: string;
  jobUid: string;
  attempts: number;
  lastError: string | null;
  /** New and changed comments an earlier attempt recorded: a retry finds those rows stored already. */
  commentsNew: number;
  commentsChanged: number;
}

export interface TaskCounts {
  articles: number;
  comments: number;
  pages: number;
  /** The comments the site said the article has; null when it shows no count. */
  commentsShown: number | null;
  /** Of the comments written, rows not stored before, and stored rows whose content changed. */
  commentsNew: number;
  commentsChanged: number;
  /** What the site showed that was not stored (this attempt's). */
  shortfall: Shortfall;
}

/** The shortfall columns as one SET clause from parameter $n on (results_shown ... unread). */
const shortfallSet = (n: number) =>
  `results_shown = $${n}, results_unread = $${n + 1}, comments_unread = $${n + 2}, pages_unread = $${n + 3}, unread = $${n + 4}::jsonb`;
const shortfallParams = (s: Shortfall) => [
  s.resultsShown,
  s.resultsUnread,
  s.commentsUnread,
  s.pagesUnread,
  s.unread.length ? JSON.stringify(s.unread) : null,
];

export class TaskStore {
  constructor(
    private pool: Pool,
    readonly owner: string,
    readonly leaseSeconds: number,
  ) {}

  /** Takes the task when it is queued, or running under an expired lease, and its job is not suspended. */
  async claim(taskId: string): Promise<ClaimedTask | null> {
    const r = await this.pool.query<{
      id: string;
      job_uid: string;
      attempts: number;
      last_error: string | null;
      comments_new: number;
      comments_changed: number;
    }>(
      `UPDATE tasks t SET state = 'running', attempts = attempts + 1, lease_owner = $2,
              lease_expires_at = now() + make_interval(secs => $3), started_at = coalesce(started_at, now()),
              updated_at = now()
        WHERE id = $1 AND (state = 'queued' OR (state = 'running' AND lease_expires_at < now()))
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.uid = t.job_uid AND j.suspended)
        RETURNING id, job_uid, attempts, last_error, comments_new, comments_changed`,
      [taskId, this.owner, this.leaseSeconds],
    );
    const row = r.rows[0];
    return row
      ? {
          id: row.id,
          jobUid: row.job_uid,
          attempts: row.attempts,
          lastError: row.last_error,
          commentsNew: row.comments_new,
          commentsChanged: row.comments_changed,
        }
      : null;
  }

  async read(taskId: string): Promise<TaskRow | null> {
    const r = await this.pool.query<{
      state: TaskRow['state'];
      attempts: number;
      lease_owner: string | null;
      lease_expires_at: Date | null;
      last_error: string | null;
      suspended: boolean | null;
    }>(
      `SELECT t.state, t.attempts, t.lease_owner, t.lease_expires_at, t.last_error, j.suspended
         FROM tasks t LEFT JOIN jobs j ON j.uid = t.job_uid WHERE t.id = $1`,
      [taskId],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      state: row.state,
      attempts: row.attempts,
      leaseOwner: row.lease_owner,
      leaseExpiresAt: row.lease_expires_at,
      lastError: row.last_error,
      jobSuspended: row.suspended === true,
    };
  }

  /** Extends the lease; false when it is no longer ours (taken over, cancelled) or the job was suspended. */
  async renew(taskId: string): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE tasks t SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.uid = t.job_uid AND j.suspended)`,
      [taskId, this.owner, this.leaseSeconds],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Writes the counts so far (progress while running). */
  async progress(taskId: string, c: TaskCounts): Promise<void> {
    await this.pool.query(
      `UPDATE tasks SET articles = $3, comments = $4, pages = $5, comments_shown = coalesce($6::int, comments_shown),
              comments_new = $7, comments_changed = $8, ${shortfallSet(9)}, updated_at = now()
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [taskId, this.owner, c.articles, c.comments, c.pages, c.commentsShown, c.commentsNew, c.commentsChanged, ...shortfallParams(c.shortfall)],
    );
  }

  async succeed(taskId: string, c: TaskCounts): Promise<boolean> {
    return this.finish(taskId, `state = 'succeeded', error_kind = NULL, last_error = NULL, error_code = NULL, error_page = NULL`, c, []);
  }

  /** Retryable: back to pending; the operator re-publishes it after its backoff. */
  async retry(taskId: string, e: TaskError, c: TaskCounts): Promise<boolean> {
    return this.finish(taskId, `state = 'pending', error_kind = 'retryable', ${ERROR_AT_6}`, c, errorParams(e));
  }

  async fail(taskId: string, e: TaskError, c: TaskCounts): Promise<boolean> {
    return this.finish(taskId, `state = 'failed', error_kind = 'permanent', ${ERROR_AT_6}`, c, errorParams(e));
  }

  async cancel(taskId: string, c: TaskCounts): Promise<boolean> {
    return this.finish(taskId, `state = 'cancelled'`, c, []);
  }

  /**
   * The worker is stopping before the task finished: give the task back as queued (its message is
   * nacked and redelivered to another worker, which can claim it at once) and say why.
   */
  async release(taskId: string, e: TaskError, c: TaskCounts): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE tasks SET state = 'queued', error_kind = 'retryable', last_error = $3, error_code = $10, error_page = $11,
              lease_owner = NULL, lease_expires_at = NULL,
              articles = $4, comments = $5, pages = $6, comments_shown = coalesce($7::int, comments_shown),
              comments_new = $8, comments_changed = $9, ${shortfallSet(12)}, updated_at = now()
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [
        taskId,
        this.owner,
        e.reason,
        c.articles,
        c.comments,
        c.pages,
        c.commentsShown,
        c.commentsNew,
        c.commentsChanged,
        e.code,
        e.page,
        ...shortfallParams(c.shortfall),
      ],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Fails a task found over its attempt limit right after claiming it. */
  async failExhausted(taskId: string, e: TaskError): Promise<boolean> {
    return this.finish(taskId, `state = 'failed', error_kind = 'permanent', ${ERROR_AT_6}`, null, errorParams(e));
  }

  /** Records an outcome; counts null keeps the stored ones (the shortfall with them). */
  private async finish(taskId: string, set: string, c: TaskCounts | null, extra: unknown[]): Promise<boolean> {
    const shortfall = c ? `, ${shortfallSet(9 + extra.length)}` : '';
    const r = await this.pool.query(
      `UPDATE tasks SET ${set}${shortfall}, articles = coalesce($3::int, articles), comments = coalesce($4::int, comments),
              pages = coalesce($5::int, pages), comments_shown = coalesce($${6 + extra.length}::int, comments_shown),
              comments_new = coalesce($${7 + extra.length}::int, comments_new), comments_changed = coalesce($${8 + extra.length}::int, comments_changed),
              finished_at = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [
        taskId,
        this.owner,
        c?.articles ?? null,
        c?.comments ?? null,
        c?.pages ?? null,
        ...extra,
        c?.commentsShown ?? null,
        c?.commentsNew ?? null,
        c?.commentsChanged ?? null,
        ...(c ? shortfallParams(c.shortfall) : []),
      ],
    );
    return (r.rowCount ?? 0) > 0;
  }
}
