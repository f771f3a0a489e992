// What the autoscaler makes of the task rows in PostgreSQL (read by operator/store): task counts by state, the pending tasks the dispatcher
// will admit on its next round (ready, of active jobs, within their department's quota headroom), and
// which worker holds how many live task leases. A job never has more than its parallelism in flight.

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

/** Open tasks of one job of one department, counted by state (what `OperatorStore.taskSignalRows` reads). */
export interface JobTaskRow {
  department: string | null;
  job_uid: string;
  ready: number;
  queued: number;
  running: number;
}

/** activeJobs: the uid of every job whose tasks may be published, with its parallelism. */
export function taskSignals(
  rows: { byJob: JobTaskRow[]; leases: { owner: string; n: number }[] },
  departments: Map<string, QuotaView>,
  activeJobs: Map<string, number>,
  globalPaused: boolean,
): TaskSignals {
  let queued = 0;
  let running = 0;
  const ready = new Map<string, number>();
  const inFlight = new Map<string, number>();
  for (const r of rows.byJob) {
    queued += r.queued;
    running += r.running;
    if (!r.department) continue;
    inFlight.set(r.department, (inFlight.get(r.department) ?? 0) + r.queued + r.running);
    const parallelism = activeJobs.get(r.job_uid);
    if (parallelism !== undefined)
      ready.set(r.department, (ready.get(r.department) ?? 0) + Math.min(r.ready, Math.max(0, parallelism - r.queued - r.running)));
  }
  return {
    queued,
    running,
    admissible: globalPaused ? 0 : admissibleTasks(ready, inFlight, departments),
    leases: new Map(rows.leases.map((r) => [r.owner, r.n])),
  };
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
