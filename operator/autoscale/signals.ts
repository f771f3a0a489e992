// What the autoscaler reads from PostgreSQL: task counts by state, the pending tasks the dispatcher
// will admit on its next round (ready, of active jobs, within their department's quota headroom), and
// which worker holds how many live task leases. A job never has more than its parallelism in flight.
import type { Pool } from '../../lib/db/pool.js';

export interface TaskSignals {
  queued: number;
  running: number;
  /** Pending tasks of active jobs that the department quotas let through now. */
  admissible: number;
  /** Live leases per lease owner (worker id). */
  leases: Map<string, number>;
}

export interface QuotaView {
  quota: number;
  borrowingLimit: number;
  paused: boolean;
}

/** activeJobs: the uid of every job whose tasks may be published, with its parallelism. */
export async function readTaskSignals(pool: Pool, departments: Map<string, QuotaView>, activeJobs: Map<string, number>, globalPaused: boolean): Promise<TaskSignals> {
  const [byDept, leases] = await Promise.all([
    pool.query<{ department: string | null; job_uid: string; ready: number; queued: number; running: number }>(
      `SELECT department, job_uid,
              count(*) FILTER (WHERE state = 'pending' AND (error_kind IS DISTINCT FROM 'retryable' OR not_before IS NOT NULL)
                                 AND (not_before IS NULL OR not_before <= now()))::int AS ready,
              count(*) FILTER (WHERE state = 'queued')::int AS queued,
              count(*) FILTER (WHERE state = 'running')::int AS running
         FROM tasks WHERE state IN ('pending', 'queued', 'running') GROUP BY department, job_uid`,
    ),
    pool.query<{ owner: string; n: number }>(
      `SELECT lease_owner AS owner, count(*)::int AS n FROM tasks
        WHERE state = 'running' AND lease_owner IS NOT NULL AND lease_expires_at > now() GROUP BY lease_owner`,
    ),
  ]);
  let queued = 0;
  let running = 0;
  const ready = new Map<string, number>();
  const inFlight = new Map<string, number>();
  for (const r of byDept.rows) {
    queued += r.queued;
    running += r.running;
    if (!r.department) continue;
    inFlight.set(r.department, (inFlight.get(r.department) ?? 0) + r.queued + r.running);
    const parallelism = activeJobs.get(r.job_uid);
    if (parallelism !== undefined) ready.set(r.department, (ready.get(r.department) ?? 0) + Math.min(r.ready, Math.max(0, parallelism - r.queued - r.running)));
  }
  return { queued, running, admissible: globalPaused ? 0 : admissibleTasks(ready, inFlight, departments), leases: new Map(leases.rows.map((r) => [r.owner, r.n])) };
}

/** Per department: min(ready, quota + borrowing limit - in flight); paused departments admit nothing. */
export function admissibleTasks(ready: Map<string, number>, inFlight: Map<string, number>, departments: Map<string, QuotaView>): number {
  let n = 0;
  for (const [dept, r] of ready) {
    const q = departments.get(dept);
    if (!q || q.paused) continue;
    n += Math.min(r, Math.max(0, q.quota + q.borrowingLimit - (inFlight.get(dept) ?? 0)));
  }
  return n;
}

/** Busy slots of a pod: leases whose owner is the pod's name, or the pod's name and a process id. */
export function leasesOf(pod: string, leases: Map<string, number>): number {
  let n = 0;
  for (const [owner, k] of leases) if (owner === pod || (owner.startsWith(pod + '-') && /^\d+$/.test(owner.slice(pod.length + 1)))) n += k;
  return n;
}
