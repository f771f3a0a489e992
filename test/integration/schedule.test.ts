// CollectionSchedules on the real stack, at the one-minute cadence that tests may allow
// (OPERATOR_SCHEDULE_MIN_INTERVAL_SECONDS=60): jobs at the whole minute in Asia/Seoul with their window
// resolved, each concurrency policy, kubectl's columns, a daily time read in Seoul and not in UTC, and
// a leader killed at the scheduled moment: exactly one job for that time, and a run past its starting
// deadline skipped with an Event. The timing rules themselves are the table tests of
// operator/schedule/decide.test.ts; this suite spends three real minutes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceOf } from '../../lib/kube/client.js';
import { resourcePath } from '../../lib/kube/rest.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import { Kube, operatorEnv, sleep, startOperator, waitFor, type OperatorProcess } from './operator-support.js';

interface Job {
  metadata: {
    name: string;
    creationTimestamp: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
    ownerReferences: { kind: string; name: string; controller: boolean }[];
  };
  spec: Record<string, unknown>;
}

const SCHEDULES = resourceOf('CollectionSchedule');
const JOBS = resourceOf('CollectionJob');
const MINUTE = 60_000;

let suite: Suite;
let kube: Kube;
const ops: OperatorProcess[] = [];
let t1: Date;

const seoulDay = (t: Date, addDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(t.getTime() + addDays * 86_400_000),
  );
const seoulClock = (t: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(t);
const at = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MINUTE);
const minuteName = (schedule: string, t: Date) => `${schedule}-${t.getTime() / MINUTE}`;
const until = (t: Date, extraMs = 0) => sleep(Math.max(0, t.getTime() - Date.now() + extraMs));

const metadata = (window: Record<string, number>) => ({ type: 'Metadata', keywords: ['반도체'], window });

async function createSchedule(name: string, spec: Record<string, unknown>): Promise<void> {
  await kube.rest.request('POST', resourcePath(SCHEDULES, suite.namespace), {
    body: { apiVersion: SCHEDULES.apiVersion, kind: 'CollectionSchedule', metadata: { name }, spec },
  });
}

async function getSchedule(
  name: string,
): Promise<{ status?: Record<string, unknown> & { activeJobs?: number; lastScheduleTime?: string; nextScheduleTime?: string } }> {
  return kube.rest.get(resourcePath(SCHEDULES, suite.namespace, name));
}

/** The live jobs of a schedule (not being deleted), by name. */
async function jobsOf(schedule: string): Promise<Job[]> {
  const list = await kube.rest.get<{ items: Job[] }>(resourcePath(JOBS, suite.namespace), {
    labelSelector: `collection.newsroom.dev/schedule=${schedule}`,
  });
  return list.items.filter((j) => !j.metadata.deletionTimestamp).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

const names = async (schedule: string) => (await jobsOf(schedule)).map((j) => j.metadata.name);

function start(identity: string): OperatorProcess {
  const p = startOperator(operatorEnv(suite, { OPERATOR_SCHEDULE_MIN_INTERVAL_SECONDS: '60', OPERATOR_IDENTITY: `${identity}-${suite.id}` }));
  ops.push(p);
  return p;
}

async function leaderStatus(p: OperatorProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await p.port()}/metrics`)).text();
  return Number(/leader_election_master_status\{[^}]*\} (\d)/.exec(text)?.[1] ?? -1);
}

test.before(async () => {
  suite = await isolatedSuite('schedule');
  kube = new Kube(suite);
  // No Department: the jobs stay Pending, so they are active for the concurrency policies.
  const leader = start('a');
  await waitFor('operator a to lead', async () => (await leaderStatus(leader)) === 1, 60_000);
  await leader.port();
  start('b'); // the standby, on the same Lease
  // Create everything well before a whole minute, so that minute is the first run of each.
  if (new Date().getSeconds() > 45) await until(at(new Date(Math.floor(Date.now() / MINUTE) * MINUTE), 1), 500);
  t1 = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
  const [hh, mm] = ['hour', 'minute'].map((k) => Number(seoulClock(t1).find((p) => p.type === k)!.value));
  await createSchedule('every', { schedule: '* * * * *', jobTemplate: { spec: metadata({ days: 1 }) } });
  await createSchedule('window', { schedule: '* * * * *', jobTemplate: { spec: metadata({ days: 2, endOffsetDays: 1 }) } });
  await createSchedule('forbid', { schedule: '* * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: metadata({ days: 1 }) } });
  await createSchedule('replace', { schedule: '* * * * *', concurrencyPolicy: 'Replace', jobTemplate: { spec: metadata({ days: 1 }) } });
  await createSchedule('late', { schedule: '* * * * *', startingDeadlineSeconds: 8, jobTemplate: { spec: metadata({ days: 1 }) } });
  await createSchedule('seoul-daily', { schedule: `${mm} ${hh} * * *`, timeZone: 'Asia/Seoul', jobTemplate: { spec: metadata({ days: 1 }) } });
  await createSchedule('utc-daily', { schedule: `${mm} ${hh} * * *`, timeZone: 'UTC', jobTemplate: { spec: metadata({ days: 1 }) } });
  assert.ok(Date.now() < t1.getTime(), 'created before the first run');
});

test.after(async () => {
  for (const p of ops) await p.stop();
  await kube?.cleanup([suite.namespace]);
  await suite?.cleanup();
});

test('at the whole minute in Asia/Seoul each schedule creates one job, named by that minute, its window resolved to Seoul days', async () => {
  // "late" (an 8 s deadline) is left out here: on a loaded machine even its first run may come too late.
  const first = ['every', 'window', 'forbid', 'replace'];
  await waitFor(
    'the first run of every schedule',
    async () => {
      const got = await Promise.all(first.map(names));
      if (got.every((n) => n.length >= 1)) return true;
      throw new Error(`jobs so far: ${JSON.stringify(got)}`);
    },
    90_000 + Math.max(0, t1.getTime() - Date.now()),
    250,
  );
  for (const s of first) assert.is((await names(s))[0], minuteName(s, t1), s);
  const [job] = await jobsOf('every');
  const created = new Date(job!.metadata.creationTimestamp);
  assert.ok(
    created.getTime() >= t1.getTime() - 1000 && created.getTime() < t1.getTime() + 45_000,
    `created at ${created.toISOString()} for ${t1.toISOString()}`,
  );
  assert.is(job!.metadata.annotations?.['collection.newsroom.dev/scheduled-time'], t1.toISOString());
  assert.equal(job!.spec.dateRange, { from: seoulDay(t1), to: seoulDay(t1) });
  assert.not.ok('window' in job!.spec, 'the window is resolved, not passed on');
  const owner = job!.metadata.ownerReferences[0]!;
  assert.equal([owner.kind, owner.name, owner.controller], ['CollectionSchedule', 'every', true]);
  // Two days ending yesterday: across the day boundary in Seoul, whatever the day is in UTC.
  const [w] = await jobsOf('window');
  assert.equal(w!.spec.dateRange, { from: seoulDay(t1, -2), to: seoulDay(t1, -1) });
});

test('a daily time read in Asia/Seoul runs at that Seoul minute; the same text in UTC waits nine hours', async () => {
  await waitFor('the Seoul daily run', async () => (await names('seoul-daily')).length === 1, 60_000);
  assert.equal(await names('seoul-daily'), [minuteName('seoul-daily', t1)]);
  assert.equal(await names('utc-daily'), []);
  const s = await waitFor('the UTC schedule status', async () => (await getSchedule('utc-daily')).status?.nextScheduleTime, 10_000);
  assert.is(new Date(s).getTime() - t1.getTime(), 9 * 3_600_000);
});

test('the next minute: Allow runs two jobs side by side, Forbid holds its run with an Event, Replace deletes the running job', async () => {
  const t2 = at(t1, 1);
  await until(t2);
  await waitFor(
    'the second runs',
    async () => (await names('every')).length === 2 && (await names('replace')).includes(minuteName('replace', t2)),
    60_000,
    250,
  );
  assert.equal(await names('every'), [minuteName('every', t1), minuteName('every', t2)]);
  await waitFor('Replace to delete the first job', async () => (await names('replace')).length === 1, 20_000);
  assert.equal(await names('replace'), [minuteName('replace', t2)]);
  assert.equal(await names('forbid'), [minuteName('forbid', t1)]);
  const held = await waitFor(
    'the RunHeld event',
    async () => (await kube.events()).find((e) => e.involvedObject.name === 'forbid' && e.reason === 'RunHeld'),
    10_000,
  );
  assert.match(held.message, `the run of ${t2.toISOString()} waits: concurrencyPolicy Forbid and ${minuteName('forbid', t1)} still running`);
  const every = await waitFor(
    'every to show two active jobs',
    async () => ((await getSchedule('every')).status?.activeJobs === 2 ? getSchedule('every') : undefined),
    10_000,
  );
  assert.is(every.status?.lastScheduleTime, t2.toISOString());
  assert.is(every.status?.nextScheduleTime, at(t2, 1).toISOString());
});

test('kubectl get colsched shows the last and the next runs', async () => {
  const { stdout } = await kubectl(['get', 'colsched', 'every', '-n', suite.namespace]);
  const [header, row] = stdout.trim().split('\n');
  assert.match(header!, /^NAME\s+SCHEDULE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+NEXT\s+AGE$/);
  assert.ok(row, stdout);
  assert.match(row, /^every\s+\* \* \* \* \*\s+false\s+2\s+\d+s\s+\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z\s+\S+$/, stdout);
  const newsroom = (await kubectl(['get', 'newsroom', '-n', suite.namespace])).stdout;
  assert.match(newsroom, /collectionschedule\.collection\.newsroom\.dev\/every/);
});

test("the gateway's mirrors: each schedule's spec and status in PostgreSQL, and its jobs' rows naming it", async () => {
  const live = await getSchedule('every');
  const row = await waitFor(
    'the mirror to carry the latest run',
    async () => {
      const r = await suite.pool.query<{ spec: { schedule: string }; status: { lastScheduleTime?: string } }>(
        'SELECT spec, status FROM schedules WHERE namespace = $1 AND name = $2 AND deleted_at IS NULL',
        [suite.namespace, 'every'],
      );
      return r.rows[0]?.status.lastScheduleTime === live.status?.lastScheduleTime ? r.rows[0] : null;
    },
    30_000,
    250,
  );
  assert.is(row.spec.schedule, '* * * * *');
  const jobs = await names('every');
  const mirrored = await waitFor(
    "the jobs' rows to name the schedule",
    async () => {
      const r = await suite.pool.query<{ name: string }>('SELECT name FROM jobs WHERE namespace = $1 AND schedule = $2 AND deleted_at IS NULL', [
        suite.namespace,
        'every',
      ]);
      const got = r.rows.map((x) => x.name).sort();
      return jobs.every((j) => got.includes(j)) ? got : null;
    },
    30_000,
    250,
  );
  assert.ok(mirrored.length >= jobs.length);
});

test('the leader killed at the scheduled moment: the standby makes exactly one job for it; a run past its starting deadline is skipped with an Event', async () => {
  const t3 = at(t1, 2);
  await until(t3, -1500);
  // Whichever holds the Lease now (a loaded machine may have handed it over already) is killed.
  const leading = await Promise.all(ops.map((p) => leaderStatus(p).catch(() => -1)));
  const a = ops[leading.indexOf(1)];
  const b = ops.find((p) => p !== a)!;
  assert.ok(a, `no operator leads: ${JSON.stringify(leading)}`);
  await until(t3, -300);
  a.child.kill('SIGKILL');
  await a.exit;
  ops.splice(ops.indexOf(a), 1);
  await waitFor('the standby to lead', async () => (await leaderStatus(b)) === 1, 60_000, 250);
  await waitFor('the run of the handover minute', async () => (await names('every')).includes(minuteName('every', t3)), 20_000, 250);
  // One job per minute since the schedule was created, none twice and none missing (a later minute may have begun).
  const got = await names('every');
  const minutes = Math.floor((Date.now() - t1.getTime()) / MINUTE) + 1;
  assert.equal(
    got.slice(0, 3),
    [t1, at(t1, 1), t3].map((t) => minuteName('every', t)),
  );
  assert.ok(got.length <= minutes, `${got.length} jobs in ${minutes} minutes: ${got.join(', ')}`);
  // The lease outlives the 8 s deadline of "late": its handover minute is skipped, and said so.
  const missed = await waitFor(
    'the MissedSchedule event',
    async () =>
      (await kube.events()).find((e) => e.involvedObject.name === 'late' && e.reason === 'MissedSchedule' && e.message.includes(t3.toISOString())),
    20_000,
  );
  assert.match(missed.message, `the run of ${t3.toISOString()} was skipped`);
  assert.match(missed.message, /past startingDeadlineSeconds 8/);
  assert.not.ok((await names('late')).includes(minuteName('late', t3)), 'no job for the missed minute');
});

test.run();
