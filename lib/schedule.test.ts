import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCron, scheduleProblems } from './schedule.js';

const now = new Date('2026-12-02T00:58:30Z'); // 09:58:30 in Seoul

type Case = { name: string; schedule: string; timeZone?: string; min?: number; problem?: RegExp };
const cases: Case[] = [
  { name: 'every five minutes is the shortest production cadence', schedule: '*/5 * * * *' },
  {
    name: 'every minute is refused in production',
    schedule: '* * * * *',
    problem: /runs 1 minute\(s\) apart; a schedule may run at most once every 5 minutes/,
  },
  { name: 'every minute is allowed when the minimum is lowered for tests', schedule: '* * * * *', min: 60 },
  { name: 'two runs two minutes apart in the morning are refused', schedule: '0,2 9 * * *', problem: /2 minute\(s\) apart/ },
  { name: 'every seven minutes wraps to four at the hour and is refused', schedule: '*/7 * * * *', problem: /4 minute\(s\) apart/ },
  { name: 'a minute past 59 is not a cron schedule', schedule: '61 * * * *', problem: /not a cron schedule.*minute/ },
  { name: 'the thirtieth of February never comes', schedule: '0 0 30 2 *', problem: /never runs/ },
  { name: 'an unknown time zone is named', schedule: '0 9 * * *', timeZone: 'Asia/Busan', problem: /"Asia\/Busan" is not an IANA time zone/ },
  { name: 'hourly is a macro croner knows', schedule: '@hourly' },
];
for (const c of cases) {
  test(c.name, () => {
    const p = scheduleProblems({ schedule: c.schedule, timeZone: c.timeZone }, now, c.min);
    if (!c.problem) assert.equal(p, []);
    else
      assert.ok(
        p.some((x) => c.problem!.test(x.message)),
        JSON.stringify(p),
      );
  });
}

test('09:00 in Seoul is 00:00 UTC, and the latest run at 09:58 Seoul is that morning', () => {
  const c = parseCron('0 9 * * *', 'Asia/Seoul');
  assert.is(c.after(now, 1)[0]?.toISOString(), '2026-12-03T00:00:00.000Z');
  assert.is(c.latestAtOrBefore(now)?.toISOString(), '2026-12-02T00:00:00.000Z');
  assert.is(c.latestAtOrBefore(new Date('2026-12-02T00:00:00Z'))?.toISOString(), '2026-12-02T00:00:00.000Z', 'a run exactly now is due now');
});

test('the same text in UTC runs nine hours later', () => {
  assert.is(parseCron('0 9 * * *', 'UTC').after(now, 1)[0]?.toISOString(), '2026-12-02T09:00:00.000Z');
});

test('day of month and day of week combine with OR, as in CronJob', () => {
  const runs = parseCron('0 0 1 * MON', 'UTC')
    .after(new Date('2026-12-22T00:00:00Z'), 3)
    .map((d) => d.toISOString().slice(0, 10));
  assert.equal(runs, ['2026-12-28', '2027-01-01', '2027-01-04']);
});

test.run();
