// What a CollectionSchedule should do now, decided from its spec, its jobs and the clock. Pure: the
// controller observes the facts and applies the decision. The rules are CronJob's:
//   - Only the latest scheduled time since the previous run counts: runs missed while no operator
//     watched are never made up in a burst. That time starts once if it is within
//     startingDeadlineSeconds (unset: however late), else it is skipped with a Warning Event.
//   - concurrencyPolicy: Allow starts it beside running jobs; Forbid holds it while a job of the
//     schedule runs (it starts when that job finishes, if still within the deadline, and a later
//     scheduled time supersedes it); Replace deletes the running jobs and starts it.
//   - A job's name is the schedule's name and its scheduled time in minutes since the epoch, so every
//     operator (after a restart or a leader change) computes the same name and the apiserver keeps one.
//   - Finished jobs past successfulJobsHistoryLimit / failedJobsHistoryLimit are deleted, oldest first.
import { createHash } from 'node:crypto';
import { MIN_INTERVAL_SECONDS, DEFAULT_TIME_ZONE } from '../../lib/crd/collectionschedule.js';
import { MAX_RANGE_DAYS } from '../../lib/crd/collectionjob.js';
import type { CollectionJobSpec, CollectionScheduleSpec, CollectionScheduleStatus } from '../../lib/crd/types.gen.js';
import { parseCron, scheduleProblems } from '../../lib/schedule.js';
import { setCondition, type Condition } from '../status/status.js';

/** Calendar days of dateRange are days in Asia/Seoul, whatever the schedule's time zone. */
const RANGE_ZONE = 'Asia/Seoul';
const DAY_MS = 86_400_000;
/** A Kubernetes label value (and a readable job name) stays within 63 characters. */
const MAX_NAME = 63;

export type Template = CollectionScheduleSpec['jobTemplate']['spec'];

export interface ChildJob {
  name: string;
  /** The scheduled time it was created for (its annotation). */
  scheduledTime?: Date;
  phase?: string;
  completionTime?: Date;
  creationTime?: Date;
  dateRange?: { from: string; to: string };
  articles?: number;
  comments?: number;
  commentsNew?: number;
  commentsChanged?: number;
  /** Being deleted already. */
  deleting?: boolean;
}

export interface ScheduleFacts {
  name: string;
  generation: number;
  creationTime: Date;
  spec: CollectionScheduleSpec;
  status?: CollectionScheduleStatus;
  jobs: ChildJob[];
  /** The shortest interval between runs this operator accepts (production: 300 s). */
  minIntervalSeconds?: number;
}

/** What the controller remembers of a schedule between reconciles (lost on restart, by design). */
export interface ScheduleMemory {
  /** The latest scheduled time a job was created for, before its status write is seen. */
  lastCreated?: string;
  /** Scheduled times already reported as missed or held, so each Event is sent once. */
  reported?: string[];
  /** The generation whose invalid schedule was reported. */
  invalidReported?: number;
}

export interface ScheduleEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type RunOutcome = 'started' | 'skipped' | 'missed';

export interface ScheduleDecision {
  /** The job to create. */
  create?: { name: string; scheduledTime: Date; spec: CollectionJobSpec };
  /** Jobs to delete: past the history limits, or running when Replace starts a new one. */
  delete: { name: string; why: 'history' | 'replaced' }[];
  events: ScheduleEvent[];
  /** Runs of this decision for the metrics. */
  runs: RunOutcome[];
  status: CollectionScheduleStatus;
  memory: ScheduleMemory;
  /** Reconcile again after this long (the next scheduled time). */
  requeueAfterMs?: number;
}

const finished = (j: ChildJob) => j.phase === 'Complete' || j.phase === 'Failed';
const iso = (d: Date) => d.toISOString();
const later = (a: Date | undefined, b: Date | undefined) => (!a ? b : !b ? a : a > b ? a : b);
const parsed = (s: string | undefined) => (s ? new Date(s) : undefined);

/** The calendar day of an instant in Asia/Seoul, YYYY-MM-DD. */
export function seoulDay(t: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: RANGE_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The days a run at `scheduled` covers: a window counted back from its day, or since the previous run. */
export function resolveWindow(
  w: { days: number; endOffsetDays?: number } | undefined,
  sinceLastRun: boolean,
  scheduled: Date,
  previous: Date | undefined,
): { from: string; to: string } | undefined {
  const day = seoulDay(scheduled);
  if (w) {
    const to = addDays(day, -(w.endOffsetDays ?? 0));
    return { from: addDays(to, -(w.days - 1)), to };
  }
  if (sinceLastRun) {
    const from = previous ? seoulDay(previous) : day;
    // A schedule idle for more than a year collects the latest year, the most one job may span.
    const earliest = addDays(day, -(MAX_RANGE_DAYS - 1));
    return { from: from < earliest ? earliest : from, to: day };
  }
  return undefined;
}

/** The CollectionJob spec of one run: the template with its windows resolved to dates. */
export function jobSpecOf(t: Template, scheduled: Date, previous: Date | undefined): CollectionJobSpec {
  const { window, sinceLastRun, dateRange: _fixed, articles, ...rest } = t;
  const spec: CollectionJobSpec = { ...rest };
  const range = resolveWindow(window, sinceLastRun === true, scheduled, previous);
  if (range) spec.dateRange = range;
  if (articles) {
    const { query, ...others } = articles;
    spec.articles = { ...others };
    if (query) {
      const { window: qw, dateRange: _qFixed, ...q } = query;
      spec.articles.query = { ...q, ...(qw ? { dateRange: resolveWindow(qw, false, scheduled, previous) } : {}) };
    }
  }
  return spec;
}

/** The name of the job of one scheduled time: the same in every operator. */
export function jobName(schedule: string, scheduled: Date): string {
  const suffix = `-${Math.floor(scheduled.getTime() / 60_000)}`;
  if (schedule.length + suffix.length <= MAX_NAME) return schedule + suffix;
  const hash = createHash('sha256').update(schedule).digest('hex').slice(0, 6);
  return `${schedule.slice(0, MAX_NAME - suffix.length - 7).replace(/-+$/, '')}-${hash}${suffix}`;
}

/** The longest gap between two of the next runs: a schedule's period, for the staleness alert. */
export function periodSeconds(spec: Pick<CollectionScheduleSpec, 'schedule' | 'timeZone'>, now: Date, runs = 200): number | undefined {
  try {
    const times = parseCron(spec.schedule, spec.timeZone ?? DEFAULT_TIME_ZONE).after(now, runs);
    let max = 0;
    for (let i = 1; i < times.length; i++) max = Math.max(max, times[i]!.getTime() - times[i - 1]!.getTime());
    return max ? max / 1000 : undefined;
  } catch {
    return undefined;
  }
}

function historyToDelete(jobs: ChildJob[], phase: string, limit: number): ChildJob[] {
  const done = jobs
    .filter((j) => j.phase === phase && !j.deleting)
    .sort((a, b) => (b.scheduledTime ?? b.creationTime ?? new Date(0)).getTime() - (a.scheduledTime ?? a.creationTime ?? new Date(0)).getTime());
  return done.slice(limit);
}

export function decideSchedule(f: ScheduleFacts, memory: ScheduleMemory, now: Date): ScheduleDecision {
  const spec = f.spec;
  const zone = spec.timeZone ?? DEFAULT_TIME_ZONE;
  const events: ScheduleEvent[] = [];
  const runs: RunOutcome[] = [];
  const del: ScheduleDecision['delete'] = [];
  const mem: ScheduleMemory = { ...memory, reported: [...(memory.reported ?? [])] };
  const conditions: Condition[] = (f.status?.conditions ?? []).map((c) => ({ ...c }));
  const gen = f.generation;
  let create: ScheduleDecision['create'];
  let message: string;

  const live = f.jobs.filter((j) => !j.deleting);
  const active = live.filter((j) => !finished(j));
  // The latest run already made: the status, what this operator just created, or a job that exists.
  let last = later(parsed(f.status?.lastScheduleTime), parsed(mem.lastCreated));
  for (const j of f.jobs) last = later(last, j.scheduledTime);

  const problems = scheduleProblems(spec, now, f.minIntervalSeconds ?? MIN_INTERVAL_SECONDS);
  let next: Date | undefined;
  if (problems.length) {
    message = problems.map((p) => `spec.${p.field}: ${p.message}`).join('; ');
    setCondition(
      conditions,
      { type: 'Valid', status: 'False', reason: /apart/.test(message) ? 'TooFrequent' : 'InvalidSchedule', message, observedGeneration: gen },
      now,
    );
    if (mem.invalidReported !== gen) {
      events.push({ type: 'Warning', reason: 'InvalidSchedule', message: `no jobs are created: ${message}` });
      mem.invalidReported = gen;
    }
  } else {
    setCondition(
      conditions,
      { type: 'Valid', status: 'True', reason: 'Valid', message: 'the schedule parses and runs no more often than allowed', observedGeneration: gen },
      now,
    );
    const cron = parseCron(spec.schedule, zone);
    const earliest = last ?? f.creationTime;
    const due = cron.latestAtOrBefore(now);
    if (spec.suspend) {
      message = 'suspended: no new jobs are created';
    } else if (!due || due <= earliest) {
      message = 'waiting for the next scheduled time';
    } else {
      const key = iso(due);
      const missedBefore = cron.after(earliest, 101).filter((t) => t < due).length;
      const lateSeconds = (now.getTime() - due.getTime()) / 1000;
      const deadline = spec.startingDeadlineSeconds;
      if (deadline !== undefined && lateSeconds > deadline) {
        message = `the run of ${key} was skipped: it could start only ${Math.round(lateSeconds)} s after its time, past startingDeadlineSeconds ${deadline}`;
        if (!mem.reported!.includes(key)) {
          const earlier = missedBefore
            ? ` (${missedBefore >= 100 ? 'at least 100' : missedBefore} earlier run(s) were missed too and are not made up)`
            : '';
          events.push({ type: 'Warning', reason: 'MissedSchedule', message: message + earlier });
          runs.push('missed');
          mem.reported!.push(key);
        }
      } else if (active.length && spec.concurrencyPolicy === 'Forbid') {
        message = `the run of ${key} waits: concurrencyPolicy Forbid and ${active.map((j) => j.name).join(', ')} still running`;
        if (!mem.reported!.includes(key)) {
          events.push({ type: 'Normal', reason: 'RunHeld', message });
          runs.push('skipped');
          mem.reported!.push(key);
        }
      } else {
        if (active.length && spec.concurrencyPolicy === 'Replace') {
          for (const j of active) del.push({ name: j.name, why: 'replaced' });
        }
        const name = jobName(f.name, due);
        create = { name, scheduledTime: due, spec: jobSpecOf(spec.jobTemplate.spec, due, last) };
        runs.push('started');
        const replaced = del.length ? `; replaced ${del.map((d) => d.name).join(', ')}` : '';
        const caughtUp = missedBefore ? `; ${missedBefore >= 100 ? 'at least 100' : missedBefore} earlier missed run(s) are not made up` : '';
        events.push({
          type: 'Normal',
          reason: 'JobCreated',
          message: `created ${name} for ${key}${create.spec.dateRange ? ` covering ${create.spec.dateRange.from}..${create.spec.dateRange.to}` : ''}${replaced}${caughtUp}`,
        });
        mem.lastCreated = key;
        last = due;
        message = `created ${name} for ${key}`;
      }
    }
    if (!spec.suspend) next = cron.after(now, 1)[0];
  }
  setCondition(
    conditions,
    {
      type: 'Suspended',
      status: spec.suspend ? 'True' : 'False',
      reason: spec.suspend ? 'Suspended' : 'Scheduling',
      message: spec.suspend ? 'no new jobs are created' : 'jobs are created at their scheduled times',
      observedGeneration: gen,
    },
    now,
  );
  // Reported times older than the latest run are no longer needed.
  mem.reported = mem.reported!.filter((k) => !last || k >= iso(last));

  // History: finished jobs past the limits, oldest first; never the one being created.
  for (const j of historyToDelete(live, 'Complete', spec.successfulJobsHistoryLimit ?? 3)) del.push({ name: j.name, why: 'history' });
  for (const j of historyToDelete(live, 'Failed', spec.failedJobsHistoryLimit ?? 1)) del.push({ name: j.name, why: 'history' });

  const deleted = new Set(del.map((d) => d.name));
  const stillActive = active.filter((j) => !deleted.has(j.name));
  const activeList = [...stillActive.map((j) => ({ name: j.name, ...(j.scheduledTime ? { scheduledTime: iso(j.scheduledTime) } : {}) }))];
  if (create && !activeList.some((a) => a.name === create.name)) activeList.push({ name: create.name, scheduledTime: iso(create.scheduledTime) });
  activeList.sort((a, b) => a.name.localeCompare(b.name));

  let lastSuccess = parsed(f.status?.lastSuccessfulTime);
  let lastRun = f.status?.lastRun;
  const done = f.jobs.filter(finished).sort((a, b) => (a.scheduledTime?.getTime() ?? 0) - (b.scheduledTime?.getTime() ?? 0));
  for (const j of done) if (j.phase === 'Complete') lastSuccess = later(lastSuccess, j.completionTime ?? j.creationTime);
  const newest = done[done.length - 1];
  if (newest && (!lastRun?.scheduledTime || !newest.scheduledTime || new Date(lastRun.scheduledTime) <= newest.scheduledTime)) {
    lastRun = {
      job: newest.name,
      ...(newest.scheduledTime ? { scheduledTime: iso(newest.scheduledTime) } : {}),
      phase: newest.phase,
      ...(newest.dateRange ? { dateRange: newest.dateRange } : {}),
      articles: newest.articles ?? 0,
      comments: newest.comments ?? 0,
      commentsNew: newest.commentsNew ?? 0,
      commentsChanged: newest.commentsChanged ?? 0,
    };
  }

  const status: CollectionScheduleStatus = {
    observedGeneration: gen,
    active: activeList,
    activeJobs: activeList.length,
    ...(last ? { lastScheduleTime: iso(last) } : {}),
    ...(lastSuccess ? { lastSuccessfulTime: iso(lastSuccess) } : {}),
    ...(next ? { nextScheduleTime: iso(next) } : {}),
    ...(lastRun ? { lastRun } : {}),
    message,
    conditions,
  };
  return { create, delete: del, events, runs, status, memory: mem, requeueAfterMs: next ? Math.max(0, next.getTime() - now.getTime()) : undefined };
}
