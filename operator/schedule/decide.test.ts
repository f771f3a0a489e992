import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CollectionScheduleSpec } from '../../lib/crd/types.gen.js';
import { decideSchedule, jobName, jobSpecOf, periodSeconds, seoulDay, type ChildJob, type ScheduleFacts, type ScheduleMemory } from './decide.js';

// A small fluent builder of schedule facts.
class Facts {
  f: ScheduleFacts;
  constructor(name: string) {
    this.f = {
      name,
      generation: 1,
      creationTime: new Date('2026-11-01T00:00:00Z'),
      spec: { schedule: '30 7 * * *', jobTemplate: { spec: { type: 'Metadata', keywords: ['반도체'], window: { days: 1, endOffsetDays: 1 } } } },
      jobs: [],
    };
  }
  cron(schedule: string, timeZone?: string) {
    this.f.spec = { ...this.f.spec, schedule, ...(timeZone ? { timeZone } : {}) };
    return this;
  }
  set(s: Partial<CollectionScheduleSpec>) {
    this.f.spec = { ...this.f.spec, ...s };
    return this;
  }
  template(t: CollectionScheduleSpec['jobTemplate']['spec']) {
    this.f.spec = { ...this.f.spec, jobTemplate: { spec: t } };
    return this;
  }
  lastRunAt(t: string) {
    this.f.status = { ...this.f.status, lastScheduleTime: t };
    return this;
  }
  created(t: string) {
    this.f.creationTime = new Date(t);
    return this;
  }
  job(name: string, scheduled: string, phase?: string, extra: Partial<ChildJob> = {}) {
    this.f.jobs.push({ name, scheduledTime: new Date(scheduled), phase, ...extra });
    return this;
  }
  minInterval(s: number) {
    this.f.minIntervalSeconds = s;
    return this;
  }
  obj() {
    return this.f;
  }
}
const makeSchedule = (name = 'chips') => new Facts(name);

// 07:30 in Seoul is 22:30 UTC of the day before.
const at = (s: string) => new Date(s);

type Case = {
  name: string;
  facts: ScheduleFacts;
  memory?: ScheduleMemory;
  now: string;
  create?: string | null;
  dateRange?: { from: string; to: string };
  deleted?: string[];
  events?: RegExp[];
  runs?: string[];
  next?: string;
  lastScheduleTime?: string;
};

const cases: Case[] = [
  {
    name: 'a new schedule before its first time waits and shows the next run',
    facts: makeSchedule().created('2026-12-01T23:00:00Z').obj(),
    now: '2026-12-01T23:10:00Z',
    create: null,
    next: '2026-12-02T22:30:00.000Z',
    runs: [],
  },
  {
    name: '07:30 in Seoul arrives: one job for yesterday in Seoul, although it is still the day before in UTC',
    facts: makeSchedule().lastRunAt('2026-11-30T22:30:00Z').obj(),
    now: '2026-12-01T22:30:05Z',
    create: 'chips-29936070',
    dateRange: { from: '2026-12-01', to: '2026-12-01' },
    events: [/created chips-29936070 for 2026-12-01T22:30:00.000Z covering 2026-12-01..2026-12-01/],
    runs: ['started'],
    lastScheduleTime: '2026-12-01T22:30:00.000Z',
    next: '2026-12-02T22:30:00.000Z',
  },
  {
    name: 'a week-long window ending today spans seven Seoul days across the month boundary',
    facts: makeSchedule()
      .template({ type: 'Metadata', keywords: ['a'], window: { days: 7 } })
      .lastRunAt('2026-11-30T22:30:00Z')
      .obj(),
    now: '2026-12-01T22:31:00Z',
    create: 'chips-29936070',
    dateRange: { from: '2026-11-26', to: '2026-12-02' },
  },
  {
    name: 'the job for a time already created is not created again (the status write was not seen yet)',
    facts: makeSchedule().lastRunAt('2026-11-30T22:30:00Z').job('chips-29936070', '2026-12-01T22:30:00Z').obj(),
    now: '2026-12-01T22:30:20Z',
    create: null,
    runs: [],
    lastScheduleTime: '2026-12-01T22:30:00.000Z',
  },
  {
    name: 'the job created a moment ago and already deleted by history is remembered, not created twice',
    facts: makeSchedule().lastRunAt('2026-11-30T22:30:00Z').obj(),
    memory: { lastCreated: '2026-12-01T22:30:00.000Z' },
    now: '2026-12-01T22:30:20Z',
    create: null,
  },
  {
    name: 'operator down for three days, deadline unset: the latest missed time runs once, no burst',
    facts: makeSchedule().lastRunAt('2026-11-27T22:30:00Z').obj(),
    now: '2026-12-01T23:00:00Z',
    create: 'chips-29936070',
    events: [/3 earlier missed run\(s\) are not made up/],
    runs: ['started'],
  },
  {
    name: 'operator back within the starting deadline: the run starts late, once',
    facts: makeSchedule().set({ startingDeadlineSeconds: 3600 }).lastRunAt('2026-11-30T22:30:00Z').obj(),
    now: '2026-12-01T23:20:00Z',
    create: 'chips-29936070',
  },
  {
    name: 'operator back past the starting deadline: the run is skipped with a Warning, once',
    facts: makeSchedule().set({ startingDeadlineSeconds: 600 }).lastRunAt('2026-11-30T22:30:00Z').obj(),
    now: '2026-12-01T23:00:00Z',
    create: null,
    events: [/^the run of 2026-12-01T22:30:00.000Z was skipped: it could start only 1800 s after its time, past startingDeadlineSeconds 600$/],
    runs: ['missed'],
    lastScheduleTime: '2026-11-30T22:30:00.000Z',
  },
  {
    name: 'the same missed run seen again: no second Event',
    facts: makeSchedule().set({ startingDeadlineSeconds: 600 }).lastRunAt('2026-11-30T22:30:00Z').obj(),
    memory: { reported: ['2026-12-01T22:30:00.000Z'] },
    now: '2026-12-01T23:01:00Z',
    create: null,
    events: [],
    runs: [],
  },
  {
    name: 'Allow: a new run starts beside the one still running',
    facts: makeSchedule().cron('*/5 * * * *').lastRunAt('2026-12-01T00:00:00Z').job('chips-29934720', '2026-12-01T00:00:00Z', 'Running').obj(),
    now: '2026-12-01T00:05:01Z',
    create: 'chips-29934725',
    deleted: [],
  },
  {
    name: 'Forbid: the run waits while the previous job runs, and says so once',
    facts: makeSchedule()
      .cron('*/5 * * * *')
      .set({ concurrencyPolicy: 'Forbid' })
      .lastRunAt('2026-12-01T00:00:00Z')
      .job('chips-29934720', '2026-12-01T00:00:00Z', 'Running')
      .obj(),
    now: '2026-12-01T00:05:01Z',
    create: null,
    events: [/waits: concurrencyPolicy Forbid and chips-29934720 still running/],
    runs: ['skipped'],
  },
  {
    name: 'Forbid: the held run starts when the previous job finishes within the deadline',
    facts: makeSchedule()
      .cron('*/5 * * * *')
      .set({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 120 })
      .lastRunAt('2026-12-01T00:00:00Z')
      .job('chips-29934720', '2026-12-01T00:00:00Z', 'Complete')
      .obj(),
    memory: { reported: ['2026-12-01T00:05:00.000Z'] },
    now: '2026-12-01T00:06:00Z',
    create: 'chips-29934725',
  },
  {
    name: 'Replace: the running job is deleted and the new one created',
    facts: makeSchedule()
      .cron('*/5 * * * *')
      .set({ concurrencyPolicy: 'Replace' })
      .lastRunAt('2026-12-01T00:00:00Z')
      .job('chips-29934720', '2026-12-01T00:00:00Z', 'Running')
      .obj(),
    now: '2026-12-01T00:05:01Z',
    create: 'chips-29934725',
    deleted: ['chips-29934720'],
    events: [/replaced chips-29934720/],
  },
  {
    name: 'history: four successes and two failures keep three and one, oldest deleted first',
    facts: makeSchedule()
      .cron('*/5 * * * *')
      .lastRunAt('2026-12-01T00:25:00Z')
      .job('chips-29934720', '2026-12-01T00:00:00Z', 'Complete')
      .job('chips-29934725', '2026-12-01T00:05:00Z', 'Failed')
      .job('chips-29934730', '2026-12-01T00:10:00Z', 'Complete')
      .job('chips-29934735', '2026-12-01T00:15:00Z', 'Complete')
      .job('chips-29934740', '2026-12-01T00:20:00Z', 'Failed')
      .job('chips-29934745', '2026-12-01T00:25:00Z', 'Complete')
      .obj(),
    now: '2026-12-01T00:26:00Z',
    create: null,
    deleted: ['chips-29934720', 'chips-29934725'],
  },
  {
    name: 'suspended at its time: nothing is created and no next run is shown',
    facts: makeSchedule().set({ suspend: true }).lastRunAt('2026-11-30T22:30:00Z').obj(),
    now: '2026-12-01T22:30:05Z',
    create: null,
    next: undefined,
  },
  {
    name: 'every minute is refused in production: no job, a Warning naming the field',
    facts: makeSchedule().cron('* * * * *').lastRunAt('2026-12-01T00:00:00Z').obj(),
    now: '2026-12-01T00:05:01Z',
    create: null,
    events: [/^no jobs are created: spec.schedule: "\* \* \* \* \*" runs 1 minute\(s\) apart; a schedule may run at most once every 5 minutes$/],
  },
  {
    name: 'every minute with the test minimum of 60 s runs each minute',
    facts: makeSchedule().cron('* * * * *').minInterval(60).lastRunAt('2026-12-01T00:00:00Z').obj(),
    now: '2026-12-01T00:01:00.200Z',
    create: 'chips-29934721',
    next: '2026-12-01T00:02:00.000Z',
  },
  {
    name: 'sinceLastRun at Seoul midnight covers the day of the 18:00 run before it and the new day',
    facts: makeSchedule()
      .template({ type: 'Metadata', keywords: ['a'], sinceLastRun: true })
      .cron('0 */6 * * *')
      .lastRunAt('2026-12-01T09:00:00Z')
      .obj(),
    now: '2026-12-01T15:00:01Z',
    create: 'chips-29935620',
    dateRange: { from: '2026-12-01', to: '2026-12-02' },
  },
  {
    name: "a schedule in UTC at 23:50 collects that moment's Seoul day, the next day",
    facts: makeSchedule()
      .cron('50 23 * * *', 'UTC')
      .template({ type: 'Metadata', keywords: ['a'], window: { days: 1 } })
      .lastRunAt('2026-11-30T23:50:00Z')
      .obj(),
    now: '2026-12-01T23:50:02Z',
    create: 'chips-29936150',
    dateRange: { from: '2026-12-02', to: '2026-12-02' },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const d = decideSchedule(c.facts, c.memory ?? {}, at(c.now));
    if (c.create !== undefined) assert.is(d.create?.name ?? null, c.create);
    if (c.dateRange) assert.equal(d.create?.spec.dateRange, c.dateRange);
    if (c.deleted)
      assert.equal(
        d.delete.map((x) => x.name),
        c.deleted,
      );
    if (c.events) {
      for (const re of c.events)
        assert.ok(
          d.events.some((e) => re.test(e.message)),
          `${re} not in ${JSON.stringify(d.events)}`,
        );
      if (!c.events.length) assert.equal(d.events, []);
    }
    if (c.runs) assert.equal(d.runs, c.runs);
    if ('next' in c) assert.is(d.status.nextScheduleTime, c.next);
    if (c.lastScheduleTime) assert.is(d.status.lastScheduleTime, c.lastScheduleTime);
  });
}

test('the created job is active in the status at once, and the window keys are gone from its spec', () => {
  const d = decideSchedule(makeSchedule().lastRunAt('2026-11-30T22:30:00Z').obj(), {}, at('2026-12-01T22:30:05Z'));
  assert.equal(d.status.active, [{ name: 'chips-29936070', scheduledTime: '2026-12-01T22:30:00.000Z' }]);
  assert.is(d.status.activeJobs, 1);
  assert.not.ok('window' in d.create!.spec);
  assert.is(d.memory.lastCreated, '2026-12-01T22:30:00.000Z');
});

test('the last finished run and what it added are in the status', () => {
  const f = makeSchedule()
    .lastRunAt('2026-12-01T22:30:00Z')
    .job('chips-29936070', '2026-12-01T22:30:00Z', 'Complete', {
      completionTime: at('2026-12-01T22:40:00Z'),
      articles: 12,
      comments: 340,
      commentsNew: 41,
      commentsChanged: 17,
      dateRange: { from: '2026-12-01', to: '2026-12-01' },
    })
    .obj();
  const d = decideSchedule(f, {}, at('2026-12-01T23:00:00Z'));
  assert.equal(d.status.lastRun, {
    job: 'chips-29936070',
    scheduledTime: '2026-12-01T22:30:00.000Z',
    phase: 'Complete',
    dateRange: { from: '2026-12-01', to: '2026-12-01' },
    articles: 12,
    comments: 340,
    commentsNew: 41,
    commentsChanged: 17,
  });
  assert.is(d.status.lastSuccessfulTime, '2026-12-01T22:40:00.000Z');
  assert.is(d.status.activeJobs, 0);
});

test('a comment refresh resolves its query window and keeps the query', () => {
  const spec = jobSpecOf(
    { type: 'Comments', articles: { query: { keywords: ['선거'], window: { days: 7 }, limit: 50 } } },
    at('2026-12-01T15:00:00Z'),
    undefined,
  );
  assert.equal(spec, {
    type: 'Comments',
    articles: { query: { keywords: ['선거'], limit: 50, dateRange: { from: '2026-11-26', to: '2026-12-02' } } },
  });
});

test('job names are the same in every operator and fit a label value', () => {
  assert.is(jobName('chips', at('2026-12-01T22:30:00Z')), 'chips-29936070');
  const long = jobName('a'.repeat(70), at('2026-12-01T22:30:00Z'));
  assert.ok(long.length <= 63, long);
  assert.is(long, jobName('a'.repeat(70), at('2026-12-01T22:30:59Z')));
  assert.is.not(long, jobName('a'.repeat(69) + 'b', at('2026-12-01T22:30:00Z')));
});

test('Seoul days change at 15:00 UTC', () => {
  assert.is(seoulDay(at('2026-12-01T14:59:59Z')), '2026-12-01');
  assert.is(seoulDay(at('2026-12-01T15:00:00Z')), '2026-12-02');
});

test("a weekday schedule's period is its longest gap, the weekend", () => {
  assert.is(periodSeconds({ schedule: '0 9 * * 1-5' }, at('2026-12-01T00:00:00Z')), 3 * 86400);
  assert.is(periodSeconds({ schedule: '*/5 * * * *' }, at('2026-12-01T00:00:00Z')), 300);
});

test.run();
