// Cron arithmetic of CollectionSchedules, shared by the operator (which runs them) and the gateway
// (which refuses bad ones before a round trip): parsing with croner in the schedule's IANA time zone,
// scheduled times before and after an instant, and the shortest interval between two runs.
import { Cron } from 'croner';
import { DEFAULT_TIME_ZONE, MIN_INTERVAL_SECONDS, TIME_ZONES } from './crd/collectionschedule.js';

export interface CronSchedule {
  /** The scheduled times after `from` (strictly), earliest first, at most `n`. */
  after(from: Date, n?: number): Date[];
  /** The latest scheduled time at or before `at`, if any. */
  latestAtOrBefore(at: Date): Date | undefined;
}

/** Parses a five-field cron text in a time zone; throws an Error naming what is wrong. */
export function parseCron(schedule: string, timeZone = DEFAULT_TIME_ZONE): CronSchedule {
  if (!TIME_ZONES.includes(timeZone)) throw new Error(`"${timeZone}" is not an IANA time zone name (e.g. Asia/Seoul or UTC)`);
  let cron: Cron;
  try {
    // Day of month and day of week combine with OR, as in CronJob and Vixie cron.
    cron = new Cron(schedule.trim(), {
      timezone: timeZone,
      paused: true,
      mode: schedule.trim().startsWith('@') ? 'auto' : '5-part',
      domAndDow: false,
    });
  } catch (e) {
    throw new Error(
      `"${schedule}" is not a cron schedule (expected five fields: minute hour day-of-month month day-of-week): ${(e as Error).message}`,
      { cause: e },
    );
  }
  return {
    after: (from, n = 1) => cron.nextRuns(n, from).filter((t) => t.getTime() > from.getTime()),
    latestAtOrBefore: (at) => cron.previousRuns(1, new Date(at.getTime() + 1))[0],
  };
}

/** The shortest time between two consecutive runs among the next `runs` (from `from`), in seconds. */
export function shortestIntervalSeconds(c: CronSchedule, from: Date, runs = 1000): number {
  const times = c.after(from, runs);
  let min = Infinity;
  for (let i = 1; i < times.length; i++) min = Math.min(min, (times[i]!.getTime() - times[i - 1]!.getTime()) / 1000);
  return min;
}

export interface ScheduleProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a schedule's cron and time zone: unparseable text, an unknown zone, or runs closer
 * than `minIntervalSeconds` (production: MIN_INTERVAL_SECONDS; the operator can lower it for tests).
 */
export function scheduleProblems(
  spec: { schedule: string; timeZone?: string },
  now: Date,
  minIntervalSeconds = MIN_INTERVAL_SECONDS,
): ScheduleProblem[] {
  const zone = spec.timeZone ?? DEFAULT_TIME_ZONE;
  if (!TIME_ZONES.includes(zone)) return [{ field: 'timeZone', message: `"${zone}" is not an IANA time zone name (e.g. Asia/Seoul or UTC)` }];
  let c: CronSchedule;
  try {
    c = parseCron(spec.schedule, zone);
  } catch (e) {
    return [{ field: 'schedule', message: (e as Error).message }];
  }
  if (c.after(now, 1).length === 0) return [{ field: 'schedule', message: `"${spec.schedule}" never runs` }];
  const shortest = shortestIntervalSeconds(c, now);
  if (shortest < minIntervalSeconds) {
    return [
      {
        field: 'schedule',
        message: `"${spec.schedule}" runs ${shortest / 60} minute(s) apart; a schedule may run at most once every ${minIntervalSeconds / 60} minutes`,
      },
    ];
  }
  return [];
}
