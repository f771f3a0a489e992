// The operator's PostgreSQL adapter: the tasks outbox, the jobs and departments mirrors the gateway
// reads, and the articles that Comments planning draws from. Statements are batched and idempotent.
import type { TaskShard } from '../../lib/amqp/messages.js';
import type {
  CollectionJobSpec,
  CollectionJobStatus,
  CollectionScheduleSpec,
  CollectionScheduleStatus,
  DepartmentSpec,
  DepartmentStatus,
} from '../../lib/crd/types.gen.js';
import type { Pool } from '../../lib/db/pool.js';
import type { ArticleRef, PlannedTask } from '../plan/plan.js';
import { emptyCounts, type TaskCounts } from '../status/status.js';
import { NAMED_FAILURES, type TaskFailure } from '../status/failure.js';
import type { JobTaskRow } from '../autoscale/signals.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';

export interface JobRow {
  uid: string;
  namespace: string;
  name: string;
  requestId: string | null;
  department: string | null;
  spec: CollectionJobSpec;
  status: CollectionJobStatus;
  priority: number | null;
  createdAt: Date;
  /** The CollectionSchedule that created the job (its label), if any. */
  schedule: string | null;
  /** Who submitted it through the gateway (its annotation), if anyone. */
  requestedBy?: string | null;
}

export interface ScheduleRow {
  uid: string;
  namespace: string;
  name: string;
  spec: CollectionScheduleSpec;
  status: CollectionScheduleStatus;
  createdAt: Date;
}

export type ReadyTask = TaskShard & {
  id: string;
  jobUid: string;
  attempts: number;
  createdAt: Date;
};

export interface RetryableRow {
  id: string;
  attempts: number;
  finishedAt: Date | null;
  lastError: string | null;
}

export interface AdmissionSnapshot {
  inFlight: InFlightRow[];
  ready: Map<string, number>;
  pendingByDepartment: Map<string, number>;
  oldestQueued: Map<string, { queuedAt: Date; priority: number }>;
}

export interface InFlightRow {
  jobUid: string;
  department: string | null;
  queued: number;
  running: number;
}

const CHUNK = 2000;
const NAVER_ARTICLE = (oid: string, aid: string) => `https://n.news.naver.com/mnews/article/${oid}/${aid}`;

export class OperatorStore {
  constructor(readonly pool: Pool) {}

  /** Mirrors a job (spec + status) for the gateway. A live row of the same name but another uid is an older, deleted job. */
  async upsertJob(r: JobRow): Promise<void> {
    const s = r.status;
    const t = s.tasks ?? {};
    const retire = () =>
      this.pool.query(`UPDATE jobs SET deleted_at = now() WHERE namespace = $1 AND name = $2 AND uid <> $3 AND deleted_at IS NULL`, [
        r.namespace,
        r.name,
        r.uid,
      ]);
    // One round trip in the common case: the older row of the name, if any, makes the insert fail on
    // the unique index of live names; it is retired and the insert tried again.
    const upsert = () =>
      this.pool.query(
        `INSERT INTO jobs (uid, namespace, name, request_id, department, type, method, source, keywords, priority, phase, suspended,
         tasks_total, tasks_pending, tasks_queued, tasks_running, tasks_succeeded, tasks_failed, tasks_cancelled,
         articles, comments, progress, message, spec, status, is_test, created_at, admitted_at, started_at, completed_at, schedule, requested_by, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32, now())
       ON CONFLICT (uid) DO UPDATE SET request_id = EXCLUDED.request_id, department = EXCLUDED.department, priority = EXCLUDED.priority,
         phase = EXCLUDED.phase, suspended = EXCLUDED.suspended, tasks_total = EXCLUDED.tasks_total, tasks_pending = EXCLUDED.tasks_pending,
         tasks_queued = EXCLUDED.tasks_queued, tasks_running = EXCLUDED.tasks_running, tasks_succeeded = EXCLUDED.tasks_succeeded,
         tasks_failed = EXCLUDED.tasks_failed, tasks_cancelled = EXCLUDED.tasks_cancelled, articles = EXCLUDED.articles,
         comments = EXCLUDED.comments, progress = EXCLUDED.progress, message = EXCLUDED.message, spec = EXCLUDED.spec,
         status = EXCLUDED.status, is_test = EXCLUDED.is_test, admitted_at = EXCLUDED.admitted_at, started_at = EXCLUDED.started_at,
         completed_at = EXCLUDED.completed_at, schedule = EXCLUDED.schedule, requested_by = EXCLUDED.requested_by, deleted_at = NULL, updated_at = now()`,
        [
          r.uid,
          r.namespace,
          r.name,
          r.requestId,
          r.department,
          r.spec.type,
          r.spec.type === 'Metadata' ? (r.spec.method ?? JOB_DEFAULTS.method) : null,
          r.spec.source ?? JOB_DEFAULTS.source,
          r.spec.keywords ?? [],
          r.priority,
          s.phase ?? 'Pending',
          r.spec.suspend === true,
          t.total ?? 0,
          t.pending ?? 0,
          t.queued ?? 0,
          t.running ?? 0,
          t.succeeded ?? 0,
          t.failed ?? 0,
          t.cancelled ?? 0,
          s.articles ?? 0,
          s.comments ?? 0,
          s.progressPercent ?? 0,
          s.message ?? null,
          JSON.stringify(r.spec),
          JSON.stringify(s),
          r.spec.isTest === true,
          r.createdAt,
          s.admissionTime ?? null,
          s.startTime ?? null,
          s.completionTime ?? null,
          r.schedule,
          r.requestedBy ?? null,
        ],
      );
    try {
      await upsert();
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await retire();
      await upsert();
    }
  }

  /** Mirrors a schedule (spec + status) for the gateway; a live row of the same name but another uid is an older, deleted one. */
  async upsertSchedule(r: ScheduleRow): Promise<void> {
    await this.pool.query(
      `UPDATE schedules SET deleted_at = now(), updated_at = now() WHERE namespace = $1 AND name = $2 AND uid <> $3 AND deleted_at IS NULL`,
      [r.namespace, r.name, r.uid],
    );
    await this.pool.query(
      `INSERT INTO schedules (uid, namespace, name, spec, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (uid) DO UPDATE SET spec = EXCLUDED.spec, status = EXCLUDED.status, deleted_at = NULL, updated_at = now()`,
      [r.uid, r.namespace, r.name, JSON.stringify(r.spec), JSON.stringify(r.status), r.createdAt],
    );
  }

  /** Marks the live schedules that are not in `live` (namespace/name keys) deleted: gone while no operator watched, or just now. */
  async retireSchedules(live: string[], namespaces?: string[]): Promise<void> {
    await this.pool.query(
      `UPDATE schedules SET deleted_at = now(), updated_at = now()
        WHERE deleted_at IS NULL AND NOT (namespace || '/' || name = ANY($1::text[])) AND ($2::text[] IS NULL OR namespace = ANY($2::text[]))`,
      [live, namespaces?.length ? namespaces : null],
    );
  }

  async markJobDeleted(uid: string): Promise<void> {
    await this.pool.query(`UPDATE jobs SET deleted_at = COALESCE(deleted_at, now()), updated_at = now() WHERE uid = $1`, [uid]);
  }

  /** Live job rows of these namespaces (all when undefined), for the sweep of jobs deleted unseen. */
  async liveJobs(namespaces?: string[]): Promise<{ uid: string; namespace: string; name: string }[]> {
    const r = await this.pool.query<{ uid: string; namespace: string; name: string }>(
      `SELECT uid, namespace, name FROM jobs WHERE deleted_at IS NULL AND ($1::text[] IS NULL OR namespace = ANY($1))`,
      [namespaces ?? null],
    );
    return r.rows;
  }

  /** Inserts planned tasks; existing ids are left alone. Returns how many were new. */
  async insertTasks(jobUid: string, department: string | null, priority: number, tasks: PlannedTask[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < tasks.length; i += CHUNK) {
      const part = tasks.slice(i, i + CHUNK);
      const r = await this.pool.query(
        `INSERT INTO tasks (id, job_uid, kind, shard_key, shard, department, priority)
         SELECT id, $1, kind, shard_key, shard, $2, $3 FROM unnest($4::uuid[], $5::text[], $6::text[], $7::jsonb[]) AS t(id, kind, shard_key, shard)
         ON CONFLICT DO NOTHING`,
        [
          jobUid,
          department,
          priority,
          part.map((t) => t.id),
          part.map((t) => t.kind),
          part.map((t) => t.shardKey),
          part.map((t) => JSON.stringify(t.shard)),
        ],
      );
      inserted += r.rowCount ?? 0;
    }
    return inserted;
  }

  /** Keeps the department and priority of the job's unfinished tasks current (they drive admission accounting). */
  async retagTasks(jobUid: string, department: string | null, priority: number): Promise<void> {
    await this.pool.query(
      `UPDATE tasks SET department = $2, priority = $3 WHERE job_uid = $1 AND state IN ('pending','queued','running') AND (department IS DISTINCT FROM $2 OR priority <> $3)`,
      [jobUid, department, priority],
    );
  }

  /** Task counts of a job by state, articles and comments collected, and its succeeded metadata tasks. */
  /** The job's task counts; `awaitingRetry` counts retryable failures with no retry decision yet. */
  async counts(jobUid: string): Promise<{ counts: TaskCounts; metadataSucceeded: number; awaitingRetry: number }> {
    const r = await this.pool.query(
      `SELECT kind, state, count(*)::int AS n, COALESCE(sum(articles),0)::bigint AS articles, COALESCE(sum(comments),0)::bigint AS comments,
         COALESCE(sum(comments_shown),0)::bigint AS "commentsShown", COALESCE(sum(comments_new),0)::bigint AS "commentsNew",
         COALESCE(sum(comments_changed),0)::bigint AS "commentsChanged", min(started_at) AS started,
         COALESCE(sum(results_shown),0)::bigint AS "resultsShown", COALESCE(sum(results_unread),0)::bigint AS "resultsUnread",
         COALESCE(sum(comments_unread),0)::bigint AS "commentsUnread", COALESCE(sum(pages_unread),0)::bigint AS "pagesUnread",
         count(*) FILTER (WHERE state = 'pending' AND error_kind = 'retryable' AND not_before IS NULL)::int AS "awaitingRetry"
       FROM tasks WHERE job_uid = $1 GROUP BY kind, state`,
      [jobUid],
    );
    const c = emptyCounts();
    let first: Date | null = null;
    let metadataSucceeded = 0;
    let awaitingRetry = 0;
    for (const row of r.rows as {
      kind: string;
      state: keyof TaskCounts;
      n: number;
      articles: number;
      comments: number;
      commentsShown: number;
      commentsNew: number;
      commentsChanged: number;
      resultsShown: number;
      resultsUnread: number;
      commentsUnread: number;
      pagesUnread: number;
      started: Date | null;
      awaitingRetry: number;
    }[]) {
      awaitingRetry += row.awaitingRetry;
      (c[row.state] as number) += row.n;
      c.total += row.n;
      c.articles += row.articles;
      c.comments += row.comments;
      c.commentsShown = (c.commentsShown ?? 0) + Number(row.commentsShown);
      c.commentsNew = (c.commentsNew ?? 0) + Number(row.commentsNew);
      c.commentsChanged = (c.commentsChanged ?? 0) + Number(row.commentsChanged);
      c.resultsShown = (c.resultsShown ?? 0) + Number(row.resultsShown);
      c.resultsUnread = (c.resultsUnread ?? 0) + Number(row.resultsUnread);
      c.commentsUnread = (c.commentsUnread ?? 0) + Number(row.commentsUnread);
      c.pagesUnread = (c.pagesUnread ?? 0) + Number(row.pagesUnread);
      if (row.kind === 'metadata' && row.state === 'succeeded') metadataSucceeded = row.n;
      if (row.started && (!first || row.started < first)) first = row.started;
    }
    c.firstStartedAt = first;
    return { counts: c, metadataSucceeded, awaitingRetry };
  }

  async retryables(jobUid: string): Promise<RetryableRow[]> {
    const r = await this.pool.query<RetryableRow>(
      `SELECT id, attempts, finished_at AS "finishedAt", last_error AS "lastError" FROM tasks
       WHERE job_uid = $1 AND state = 'pending' AND error_kind = 'retryable' AND not_before IS NULL`,
      [jobUid],
    );
    return r.rows;
  }

  async scheduleRetry(id: string, notBefore: Date): Promise<void> {
    await this.pool.query(`UPDATE tasks SET not_before = $2 WHERE id = $1 AND state = 'pending'`, [id, notBefore]);
  }

  async failTask(id: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE tasks SET state = 'failed', last_error = $2, finished_at = COALESCE(finished_at, now()) WHERE id = $1 AND state = 'pending'`,
      [id, reason],
    );
  }

  /** The job's first failed tasks (by when they failed) and the workers' reasons, for the Failed message. */
  async firstFailures(jobUid: string): Promise<TaskFailure[]> {
    const r = await this.pool.query<TaskFailure>(
      `SELECT kind, shard, last_error AS error FROM tasks WHERE job_uid = $1 AND state = 'failed' ORDER BY finished_at NULLS LAST, id LIMIT $2`,
      [jobUid, NAMED_FAILURES],
    );
    return r.rows;
  }

  /** The earliest not_before still ahead among the job's scheduled retries. */
  async nextRetryAt(jobUid: string): Promise<Date | null> {
    const r = await this.pool.query<{ t: Date | null }>(
      `SELECT min(not_before) AS t FROM tasks WHERE job_uid = $1 AND state = 'pending' AND not_before > now()`,
      [jobUid],
    );
    return r.rows[0]?.t ?? null;
  }

  /**
   * Cancels the job's queued tasks (and pending ones too when `includePending`); returns the ids of its
   * running tasks, which workers stop through a control message.
   */
  async cancel(jobUid: string, includePending: boolean): Promise<{ cancelled: number; running: string[] }> {
    const states = includePending ? ['pending', 'queued'] : ['queued'];
    const c = await this.pool.query(`UPDATE tasks SET state = 'cancelled', finished_at = now() WHERE job_uid = $1 AND state = ANY($2)`, [
      jobUid,
      states,
    ]);
    const r = await this.pool.query(`SELECT id FROM tasks WHERE job_uid = $1 AND state = 'running'`, [jobUid]);
    return { cancelled: c.rowCount ?? 0, running: r.rows.map((x: { id: string }) => x.id) };
  }

  /** Resume: cancelled tasks become pending again. */
  async uncancel(jobUid: string): Promise<number> {
    const r = await this.pool.query(
      `UPDATE tasks SET state = 'pending', finished_at = NULL, not_before = NULL, error_kind = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE job_uid = $1 AND state = 'cancelled'`,
      [jobUid],
    );
    return r.rowCount ?? 0;
  }

  /** Succeeded metadata tasks, counted: planning comments again is only needed when this changes. */
  async succeededMetadata(jobUid: string): Promise<number> {
    const r = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE job_uid = $1 AND kind = 'metadata' AND state = 'succeeded'`,
      [jobUid],
    );
    return r.rows[0]?.n ?? 0;
  }

  /** Portal-hosted articles found by the job's succeeded metadata tasks (for includeComments). */
  async articlesFoundBySucceededTasks(jobUid: string): Promise<ArticleRef[]> {
    const r = await this.pool.query(
      `SELECT DISTINCT a.id, a.identity, a.portal_url, a.oid, a.aid FROM job_articles ja
       JOIN tasks t ON t.id = ja.task_id AND t.state = 'succeeded' AND t.kind = 'metadata'
       JOIN articles a ON a.id = ja.article_id
       WHERE ja.job_uid = $1 AND (a.portal_url IS NOT NULL OR (a.oid IS NOT NULL AND a.aid IS NOT NULL))
       ORDER BY a.id`,
      [jobUid],
    );
    return r.rows.map(toRef);
  }

  /** Portal-hosted articles another job found (fromJob). */
  async articlesOfJob(sourceUid: string): Promise<ArticleRef[]> {
    const r = await this.pool.query(
      `SELECT DISTINCT a.id, a.identity, a.portal_url, a.oid, a.aid FROM job_articles ja JOIN articles a ON a.id = ja.article_id
       WHERE ja.job_uid = $1 AND (a.portal_url IS NOT NULL OR (a.oid IS NOT NULL AND a.aid IS NOT NULL)) ORDER BY a.id`,
      [sourceUid],
    );
    return r.rows.map(toRef);
  }

  /**
   * Portal-hosted stored articles matching a Comments query, newest first: only those the jobs of the
   * department found (a keyword matches only as the department's own jobs searched it), unless the query
   * opts into the shared pool; otherwise a department would read what another collected.
   */
  async queryArticles(q: NonNullable<NonNullable<CollectionJobSpec['articles']>['query']>, department: string): Promise<ArticleRef[]> {
    const shared = q.shared === true;
    const r = await this.pool.query(
      `SELECT a.id, a.identity, a.portal_url, a.oid, a.aid FROM articles a
       WHERE (a.portal_url IS NOT NULL OR (a.oid IS NOT NULL AND a.aid IS NOT NULL))
         AND ($1::text[] IS NULL OR EXISTS (SELECT 1 FROM job_articles ja WHERE ja.article_id = a.id AND ja.keyword = ANY($1)
               AND ($6 OR EXISTS (SELECT 1 FROM jobs j WHERE j.uid = ja.job_uid AND j.department = $7))))
         AND ($6 OR EXISTS (SELECT 1 FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE ja.article_id = a.id AND j.department = $7))
         AND ($2::date IS NULL OR a.published_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Seoul')
         AND ($3::date IS NULL OR a.published_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Seoul')
         AND ($4::text[] IS NULL OR a.publisher = ANY($4))
       ORDER BY a.published_at DESC NULLS LAST, a.id DESC
       LIMIT $5`,
      [
        q.keywords?.length ? q.keywords : null,
        q.dateRange?.from ?? null,
        q.dateRange?.to ?? null,
        q.publishers?.length ? q.publishers : null,
        q.limit ?? 100_000,
        shared,
        department,
      ],
    );
    return r.rows.map(toRef);
  }

  /**
   * What an admission round reads, in one round trip and one snapshot: queued and running tasks per
   * job, tasks ready to publish per job (pending, and a retry only once its backoff has passed), every
   * department's pending count (for its status), and each department's oldest task still waiting in a
   * queue (when it was published and its priority).
   */
  async admissionSnapshot(): Promise<AdmissionSnapshot> {
    // No parameters, so the simple query protocol carries all four statements in one message.
    const results = (await this.pool.query(
      `SELECT job_uid AS "jobUid", department, count(*) FILTER (WHERE state = 'queued')::int AS queued, count(*) FILTER (WHERE state = 'running')::int AS running
         FROM tasks WHERE state IN ('queued','running') GROUP BY job_uid, department;
       SELECT job_uid AS "jobUid", count(*)::int AS n FROM tasks
         WHERE state = 'pending' AND (error_kind IS DISTINCT FROM 'retryable' OR not_before IS NOT NULL) AND (not_before IS NULL OR not_before <= now())
         GROUP BY job_uid;
       SELECT department, count(*)::int AS n FROM tasks WHERE state = 'pending' AND department IS NOT NULL GROUP BY department;
       SELECT DISTINCT ON (department) department, queued_at AS "queuedAt", priority FROM tasks
         WHERE state = 'queued' AND department IS NOT NULL AND queued_at IS NOT NULL ORDER BY department, queued_at`,
    )) as unknown as { rows: unknown[] }[];
    const [inFlight, ready, pending, oldest] = results.map((r) => r.rows) as [
      InFlightRow[],
      { jobUid: string; n: number }[],
      { department: string; n: number }[],
      { department: string; queuedAt: Date; priority: number }[],
    ];
    return {
      inFlight,
      ready: new Map(ready.map((x) => [x.jobUid, x.n])),
      pendingByDepartment: new Map(pending.map((x) => [x.department, x.n])),
      oldestQueued: new Map(oldest.map((x) => [x.department, { queuedAt: x.queuedAt, priority: x.priority }])),
    };
  }

  /** The next `n` ready tasks of each job, in planning order. */
  async takeReady(want: Map<string, number>): Promise<ReadyTask[]> {
    if (want.size === 0) return [];
    const r = await this.pool.query<ReadyTask>(
      `SELECT t.id, t.job_uid AS "jobUid", t.kind, t.shard, t.attempts, t.created_at AS "createdAt" FROM unnest($1::uuid[], $2::int[]) AS w(job_uid, n)
       CROSS JOIN LATERAL (
         SELECT id, job_uid, kind, shard, attempts, created_at FROM tasks
         WHERE tasks.job_uid = w.job_uid AND state = 'pending' AND (error_kind IS DISTINCT FROM 'retryable' OR not_before IS NOT NULL)
           AND (not_before IS NULL OR not_before <= now())
         ORDER BY created_at, shard_key LIMIT w.n) t`,
      [[...want.keys()], [...want.values()]],
    );
    return r.rows;
  }

  /** After the broker confirmed: pending -> queued. Returns how many were marked. */
  async markQueued(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.pool.query(
      `UPDATE tasks SET state = 'queued', queued_at = now(), not_before = NULL WHERE id = ANY($1::uuid[]) AND state = 'pending'`,
      [ids],
    );
    return r.rowCount ?? 0;
  }

  async upsertDepartment(name: string, spec: DepartmentSpec, status: DepartmentStatus): Promise<void> {
    await this.pool.query(
      `INSERT INTO departments (name, namespaces, spec, status, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name) DO UPDATE SET namespaces = EXCLUDED.namespaces, spec = EXCLUDED.spec, status = EXCLUDED.status, updated_at = now()`,
      [name, spec.namespaces ?? [], JSON.stringify(spec), JSON.stringify(status)],
    );
  }

  async deleteDepartment(name: string): Promise<void> {
    await this.pool.query(`DELETE FROM departments WHERE name = $1`, [name]);
  }

  /** The autoscaler's signals: open tasks per job by state, and live leases per lease owner. */
  async taskSignalRows(): Promise<{ byJob: JobTaskRow[]; leases: { owner: string; n: number }[] }> {
    const [byJob, leases] = await Promise.all([
      this.pool.query<JobTaskRow>(
        `SELECT department, job_uid,
                count(*) FILTER (WHERE state = 'pending' AND (error_kind IS DISTINCT FROM 'retryable' OR not_before IS NOT NULL)
                                   AND (not_before IS NULL OR not_before <= now()))::int AS ready,
                count(*) FILTER (WHERE state = 'queued')::int AS queued,
                count(*) FILTER (WHERE state = 'running')::int AS running
           FROM tasks WHERE state IN ('pending', 'queued', 'running') GROUP BY department, job_uid`,
      ),
      this.pool.query<{ owner: string; n: number }>(
        `SELECT lease_owner AS owner, count(*)::int AS n FROM tasks
          WHERE state = 'running' AND lease_owner IS NOT NULL AND lease_expires_at > now() GROUP BY lease_owner`,
      ),
    ]);
    return { byJob: byJob.rows, leases: leases.rows };
  }

  /** The pool's resource snapshot the gateway serves (GET /resources/usage). */
  async upsertResourceSnapshot(pool: string, takenAt: Date, data: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO resource_snapshots (pool, taken_at, data) VALUES ($1, $2, $3)
       ON CONFLICT (pool) DO UPDATE SET taken_at = EXCLUDED.taken_at, data = EXCLUDED.data`,
      [pool, takenAt, data],
    );
  }

  /** Task counts by queue and state, for newsroom_tasks. */
  async taskStates(): Promise<{ kind: string; state: string; n: number }[]> {
    const r = await this.pool.query<{ kind: string; state: string; n: number }>(
      `SELECT kind, state, count(*)::int AS n FROM tasks GROUP BY kind, state`,
    );
    return r.rows;
  }
}

function toRef(row: { id: number; identity: string; portal_url: string | null; oid: string | null; aid: string | null }): ArticleRef {
  return { url: row.portal_url ?? NAVER_ARTICLE(row.oid!, row.aid!), articleId: Number(row.id), identity: row.identity };
}
