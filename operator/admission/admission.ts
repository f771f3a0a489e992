// Admission and fair share: which pending tasks may be published now, and in which order.
//
// Rules (docs/decisions/0005-admission-and-fair-share.md):
//   1. Nothing is admitted while the fleet is paused (a CollectorPool has `paused`), and nothing of a
//      paused department.
//   2. A job never has more than `parallelism` tasks in flight (queued + running).
//   3. Nominal quota: a department may always have up to `quota.inFlightTasks` in flight, whatever the
//      others' priorities. This is the guaranteed minimum share: a department with quota > 0 and pending
//      work always progresses.
//   4. Borrowing: beyond its quota, a department may take up to `borrowingLimit` more, only out of
//      capacity that other departments leave idle: the sum over the others of
//      max(0, quota - inFlight - demand), where demand is what that department could itself admit right
//      now. An owner that needs its capacity therefore gets it first; borrowed tasks already in flight
//      are not pre-empted, they give the capacity back as they finish.
//   5. Order: grants within nominal quota come before borrowing; then higher effective priority first;
//      among equal priority the department with the lowest inFlight / weight first (weighted fair
//      share); inside a department, jobs FIFO by creation time.
//   6. Anti-starvation in the queue: RabbitMQ delivers higher priorities first, so a department's
//      queued task could wait for ever behind a stream of higher-priority tasks when the fleet is
//      smaller than the quotas. When a department's oldest queued task has waited longer than
//      `starvationMs`, no task of a higher priority than that task is admitted until it has been
//      claimed: the queue drains down to it, so it is delivered within a bounded time.

export interface DepartmentState {
  name: string;
  quota: number;
  borrowingLimit: number;
  weight: number;
  paused: boolean;
  /** Queued + running tasks now. */
  inFlight: number;
  /** The department's oldest task still queued (not yet claimed): how long it has waited and its priority. */
  oldestQueued?: { waitedMs: number; priority: number };
}

export interface JobState {
  uid: string;
  department: string;
  priority: number;
  /** Creation time in ms (FIFO order inside a department). */
  createdAt: number;
  parallelism: number;
  inFlight: number;
  /** Tasks ready to publish now. */
  pending: number;
}

export interface AdmissionInput {
  departments: DepartmentState[];
  jobs: JobState[];
  globalPaused: boolean;
  starvationMs: number;
}

export interface Grant {
  jobUid: string;
  department: string;
  priority: number;
  borrowed: boolean;
}

export interface DepartmentOutcome {
  inFlight: number;
  borrowed: number;
  /** Ready tasks left waiting after this round. */
  waiting: number;
}

export interface AdmissionResult {
  /** One entry per task to publish, in publishing order. */
  grants: Grant[];
  departments: Record<string, DepartmentOutcome>;
  /** The priority cap of rule 6 when it applies. */
  starvationCap?: number;
}

interface DeptWork {
  d: DepartmentState;
  inFlight: number;
  jobs: (JobState & { left: number; granted: number })[];
  cursor: number;
  /** What the department could still admit within its own quota (rule 4's demand). */
  demand: number;
}

export function admit(input: AdmissionInput): AdmissionResult {
  const starving = input.departments.filter((d) => d.oldestQueued && d.oldestQueued.waitedMs > input.starvationMs);
  const cap = starving.length ? Math.min(...starving.map((d) => d.oldestQueued!.priority)) : undefined;

  const work = new Map<string, DeptWork>();
  for (const d of input.departments) work.set(d.name, { d, inFlight: d.inFlight, jobs: [], cursor: 0, demand: 0 });
  for (const j of input.jobs) {
    const w = work.get(j.department);
    if (!w) continue;
    const left = Math.max(0, Math.min(j.pending, j.parallelism - j.inFlight));
    w.jobs.push({ ...j, left, granted: 0 });
  }
  const usable = (w: DeptWork, j: { left: number; priority: number }) =>
    j.left > 0 && !input.globalPaused && !w.d.paused && (cap === undefined || j.priority <= cap);
  for (const w of work.values()) {
    w.jobs.sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || a.uid.localeCompare(b.uid));
    const ready = w.jobs.filter((j) => usable(w, j)).reduce((s, j) => s + j.left, 0);
    w.demand = Math.min(ready, Math.max(0, w.d.quota - w.inFlight));
  }

  const grants: Grant[] = [];
  const idleOf = (w: DeptWork) => Math.max(0, w.d.quota - w.inFlight - w.demand);
  let idleTotal = [...work.values()].reduce((s, w) => s + idleOf(w), 0);

  for (;;) {
    let best: { w: DeptWork; j: DeptWork['jobs'][number]; borrow: boolean } | undefined;
    for (const w of work.values()) {
      while (w.cursor < w.jobs.length && !usable(w, w.jobs[w.cursor]!)) w.cursor++;
      const j = w.jobs[w.cursor];
      if (!j) continue;
      let borrow = false;
      if (w.inFlight >= w.d.quota) {
        if (w.inFlight >= w.d.quota + w.d.borrowingLimit) continue;
        // Idle capacity of the others (its own idle share is 0 once it is at quota).
        if (idleTotal - idleOf(w) <= 0) continue;
        borrow = true;
      }
      if (!best || better({ w, j, borrow }, best)) best = { w, j, borrow };
    }
    if (!best) break;
    const { w, j, borrow } = best;
    const before = idleOf(w);
    j.left--;
    j.granted++;
    j.inFlight++;
    w.inFlight++;
    if (!borrow) w.demand = Math.max(0, w.demand - 1);
    idleTotal += idleOf(w) - before;
    if (borrow) {
      // Take the borrowed unit from a lender's idle capacity: the lender with the most idle first.
      const lender = [...work.values()]
        .filter((x) => x !== w && idleOf(x) > 0)
        .sort((a, b) => idleOf(b) - idleOf(a) || a.d.name.localeCompare(b.d.name))[0]!;
      const lb = idleOf(lender);
      lender.demand++; // the lent unit is no longer idle
      idleTotal += idleOf(lender) - lb;
    }
    grants.push({ jobUid: j.uid, department: w.d.name, priority: j.priority, borrowed: borrow });
  }

  const departments: Record<string, DepartmentOutcome> = {};
  for (const w of work.values()) {
    departments[w.d.name] = {
      inFlight: w.inFlight,
      borrowed: Math.max(0, w.inFlight - w.d.quota),
      waiting: w.jobs.reduce((s, j) => s + Math.max(0, j.pending - j.granted), 0),
    };
  }
  return { grants, departments, ...(cap !== undefined ? { starvationCap: cap } : {}) };
}

function better(a: { w: DeptWork; j: JobState; borrow: boolean }, b: { w: DeptWork; j: JobState; borrow: boolean }): boolean {
  if (a.borrow !== b.borrow) return !a.borrow;
  if (a.j.priority !== b.j.priority) return a.j.priority > b.j.priority;
  const sa = a.w.inFlight / a.w.d.weight;
  const sb = b.w.inFlight / b.w.d.weight;
  if (sa !== sb) return sa < sb;
  if (a.j.createdAt !== b.j.createdAt) return a.j.createdAt < b.j.createdAt;
  return a.w.d.name < b.w.d.name;
}
