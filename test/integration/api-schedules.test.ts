// /v1/schedules against the real kube-apiserver and PostgreSQL: a department creates, lists, reads,
// suspends, resumes and deletes its CollectionSchedules (the writes land on the apiserver; the reads
// come from the mirror the operator's store writes, here written through that same OperatorStore);
// another department sees none of them and an admin sees all; bad schedules are refused with the field
// and what is expected, nothing created; and the jobs a schedule created are listed with it, their
// status entries naming it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LABEL_SCHEDULE } from '../../lib/crd/labels.js';
import { resourceOf } from '../../lib/kube/client.js';
import { OperatorStore } from '../../operator/store/store.js';
import { apiFixture, type ApiFixture } from './api-fixture.js';

let f: ApiFixture;
let store: OperatorStore;
test.before(async () => {
  f = await apiFixture('api-schedules');
  store = new OperatorStore(f.suite.pool);
});
test.after(async () => {
  await f?.cleanup();
});

const S = resourceOf('CollectionSchedule');
const post = (url: string, body?: unknown) => ({
  method: 'POST' as const,
  url,
  ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
});
const inCluster = (namespace: string, name: string) =>
  f.objects.getNamespacedCustomObject({ group: S.group, version: S.version, plural: S.plural, namespace, name }) as Promise<{
    metadata: { uid: string; creationTimestamp: string; deletionTimestamp?: string; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
  }>;
const exists = (namespace: string, name: string) =>
  inCluster(namespace, name).then(
    (o) => !o.metadata.deletionTimestamp,
    () => false,
  );

const daily = {
  schedule: '30 7 * * *',
  concurrencyPolicy: 'Forbid',
  startingDeadlineSeconds: 3600,
  jobTemplate: { spec: { type: 'Metadata', keywords: ['반도체', '금리'], window: { days: 1, endOffsetDays: 1 }, includeComments: true } },
};

test('a department creates a schedule in its namespace; it reads, lists, suspends, resumes and deletes it', async () => {
  const res = await f.call(f.a.token, post('/v1/schedules', { metadata: { name: 'chips-daily' }, spec: daily }));
  assert.is(res.statusCode, 201, res.body);
  assert.is(res.headers.location, '/v1/schedules/chips-daily');
  const obj = await inCluster(f.a.namespace, 'chips-daily');
  const tpl = (obj.spec.jobTemplate as { spec: Record<string, unknown> }).spec;
  assert.equal(
    [tpl.type, tpl.keywords, tpl.window, tpl.includeComments],
    ['Metadata', ['반도체', '금리'], { days: 1, endOffsetDays: 1 }, true],
    'the template as sent (with the CRD defaults the apiserver adds)',
  );
  assert.is(obj.spec.schedule, '30 7 * * *');
  assert.is(obj.metadata.annotations?.['collection.newsroom.dev/requested-by'], f.a.name);
  assert.equal([res.json().metadata.namespace, res.json().metadata.uid], [f.a.namespace, obj.metadata.uid]);

  // Readable at once (the gateway's provisional row), before the operator's first mirror.
  const first = await f.call(f.a.token, { url: '/v1/schedules/chips-daily' });
  assert.is(first.statusCode, 200, first.body);
  assert.equal([first.json().kind, first.json().spec.schedule, first.json().status, first.json().jobs], ['CollectionSchedule', '30 7 * * *', {}, []]);

  // The operator's mirror (the same store method it calls) adds the status; the schedule's jobs are listed with it.
  const status = {
    activeJobs: 0,
    lastScheduleTime: '2026-12-01T22:30:00Z',
    nextScheduleTime: '2026-12-02T22:30:00Z',
    lastRun: { job: 'chips-daily-29936070', phase: 'Complete', articles: 12, comments: 340, commentsNew: 41, commentsChanged: 17 },
  };
  await store.upsertSchedule({
    uid: obj.metadata.uid,
    namespace: f.a.namespace,
    name: 'chips-daily',
    spec: obj.spec as never,
    status,
    createdAt: new Date(obj.metadata.creationTimestamp),
  });
  await store.upsertJob({
    uid: '5a1c0000-0000-4000-8000-000000000001',
    namespace: f.a.namespace,
    name: 'chips-daily-29936070',
    requestId: null,
    department: f.a.name,
    spec: { type: 'Metadata', keywords: ['반도체'], dateRange: { from: '2026-12-01', to: '2026-12-01' } },
    status: { phase: 'Complete', articles: 12, comments: 340, commentsNew: 41, commentsChanged: 17 },
    priority: 4,
    createdAt: new Date('2026-12-01T22:30:01Z'),
    schedule: 'chips-daily',
  });
  const read = (await f.call(f.a.token, { url: '/v1/schedules/chips-daily' })).json();
  assert.equal(read.status, status);
  assert.equal(
    read.jobs.map((j: { name: string; schedule: string; comments_new: number; comments_changed: number }) => [
      j.name,
      j.schedule,
      j.comments_new,
      j.comments_changed,
    ]),
    [['chips-daily-29936070', 'chips-daily', 41, 17]],
  );
  const job = (await f.call(f.a.token, { url: '/v1/jobs/chips-daily-29936070' })).json();
  assert.equal([job.metadata.labels[LABEL_SCHEDULE], job.summary.schedule], ['chips-daily', 'chips-daily'], 'the job view names its schedule');

  const list = await f.call(f.a.token, { url: '/v1/schedules' });
  assert.equal(
    list.json().items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ['chips-daily'],
  );

  for (const [action, want] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    const r = await f.call(f.a.token, post(`/v1/schedules/chips-daily/${action}`));
    assert.is(r.statusCode, 202, r.body);
    assert.is((await inCluster(f.a.namespace, 'chips-daily')).spec.suspend, want, action);
  }

  const del = await f.call(f.a.token, { method: 'DELETE', url: '/v1/schedules/chips-daily' });
  assert.is(del.statusCode, 202, del.body);
  assert.is(await exists(f.a.namespace, 'chips-daily'), false);
  // The operator retires the mirror row once its informer no longer has the schedule.
  await store.retireSchedules([], [f.a.namespace]);
  assert.is((await f.call(f.a.token, { url: '/v1/schedules/chips-daily' })).statusCode, 404);
});

test('department scope: another department neither sees nor changes the schedule; an admin sees every department', async () => {
  assert.is(
    (await f.call(f.a.token, post('/v1/schedules', { metadata: { name: 'rates-hourly' }, spec: { ...daily, schedule: '@hourly' } }))).statusCode,
    201,
  );
  assert.is(
    (await f.call(f.b.token, post('/v1/schedules', { metadata: { name: 'vote-hourly' }, spec: { ...daily, schedule: '0 * * * *' } }))).statusCode,
    201,
  );
  const names = async (token: string, q = '') =>
    (await f.call(token, { url: `/v1/schedules${q}` })).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
  assert.equal(await names(f.a.token), ['rates-hourly']);
  assert.equal(await names(f.b.token), ['vote-hourly']);
  assert.equal((await names(f.admin)).sort(), ['rates-hourly', 'vote-hourly']);
  assert.equal(await names(f.admin, `?department=${f.b.name}`), ['vote-hourly']);
  assert.is((await f.call(f.b.token, { url: '/v1/schedules/rates-hourly' })).statusCode, 404);
  assert.is((await f.call(f.b.token, { url: `/v1/schedules?department=${f.a.name}` })).statusCode, 403);
  // B's suspend acts on B's own namespace, where there is no such schedule: A's is untouched.
  assert.is((await f.call(f.b.token, post('/v1/schedules/rates-hourly/suspend'))).statusCode, 404);
  assert.is((await inCluster(f.a.namespace, 'rates-hourly')).spec.suspend, false);
  assert.is((await f.call(null, { url: '/v1/schedules' })).statusCode, 401);
  // An admin names the department it creates for.
  const noDept = await f.call(f.admin, post('/v1/schedules', { metadata: { name: 'admin-made' }, spec: daily }));
  assert.is(noDept.statusCode, 400);
  assert.match(noDept.json().detail, /department/);
  const admin = await f.call(f.admin, post('/v1/schedules', { metadata: { name: 'admin-made' }, department: f.b.name, spec: daily }));
  assert.equal([admin.statusCode, admin.json().metadata.namespace], [201, f.b.namespace]);
});

const template = daily.jobTemplate.spec;
const badCases: [string, Record<string, unknown>, string, RegExp][] = [
  ['cron text that is not five fields', { ...daily, schedule: 'every morning' }, 'spec.schedule', /./],
  ['a schedule more frequent than every 5 minutes', { ...daily, schedule: '*/2 * * * *' }, 'spec.schedule', /at most once every 5 minutes/],
  ['an unknown time zone', { ...daily, timeZone: 'Mars/Olympus' }, 'spec.timeZone', /./],
  [
    'fixed dates in the template',
    { ...daily, jobTemplate: { spec: { type: 'Metadata', keywords: ['금리'], dateRange: { from: '2026-11-01', to: '2026-11-02' } } } },
    'spec.jobTemplate.spec',
    /./,
  ],
  [
    'a window longer than 366 days',
    { ...daily, jobTemplate: { spec: { ...template, window: { days: 400 } } } },
    'spec.jobTemplate.spec.window.days',
    /./,
  ],
  ['an unknown field', { ...daily, everyMorning: true }, 'spec', /./],
];

test(`${badCases.length} bad schedules are refused with the field and what is expected, and nothing is created`, async () => {
  for (const [why, spec, field, message] of badCases) {
    const name = `bad-${badCases.findIndex((c) => c[0] === why)}`;
    const res = await f.call(f.a.token, post('/v1/schedules', { metadata: { name }, spec }));
    assert.is(res.statusCode, 400, `${why}: ${res.body}`);
    const errors = res.json().errors as { field: string; message: string }[];
    const hit = errors.find((e) => e.field.startsWith(field));
    assert.ok(hit, `${why}: an error on ${field}, got ${JSON.stringify(errors)}`);
    assert.match(hit.message, message, why);
    assert.is(await exists(f.a.namespace, name), false, `${why}: nothing created`);
  }
  const unnamed = await f.call(f.a.token, post('/v1/schedules', { spec: daily }));
  assert.is(unnamed.statusCode, 400, 'a schedule needs a name (its jobs are named from it)');
});

test.run();
