// Pause has two owners and the shared article pool is the admins', through the gateway on the real
// apiserver and PostgreSQL: an admin's hold on a department its token cannot lift (a 403 naming who
// holds it and what the department may do, the Department unchanged), the department's own pause it
// lifts, a `paused` set with kubectl counts as an admin's hold, status writes racing a pause do not
// fail it; a department token asking a Comments
// query for every department's articles is refused and nothing is created, an admin's is accepted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ANNOTATION_ADMIN_HOLD, ANNOTATION_DEPARTMENT_PAUSE } from '../../lib/crd/labels.js';
import { resourceOf } from '../../lib/kube/client.js';
import { KubeRest, MERGE_PATCH, resourcePath } from '../../lib/kube/rest.js';
import { kubectl } from '../harness/stack.js';
import { apiFixture, type ApiFixture } from './api-fixture.js';

let f: ApiFixture;
test.before(async () => {
  f = await apiFixture('api-holds');
});
test.after(async () => {
  await f?.cleanup();
});

const D = resourceOf('Department');
const post = (url: string, body: unknown) => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});
type DeptObject = { metadata: { resourceVersion: string; annotations?: Record<string, string> }; spec: { paused?: boolean } };
const dept = async () =>
  (await f.objects.getClusterCustomObject({ group: D.group, version: D.version, plural: D.plural, name: f.a.name })) as DeptObject;
const holds = (d: DeptObject) => ({
  paused: d.spec.paused === true,
  admin: JSON.parse(d.metadata.annotations?.[ANNOTATION_ADMIN_HOLD] ?? 'null') as { by: string } | null,
  own: JSON.parse(d.metadata.annotations?.[ANNOTATION_DEPARTMENT_PAUSE] ?? 'null') as { by: string } | null,
});

test("an admin's hold: the department cannot lift it, is told who holds it and what it may do; nothing changes", async () => {
  const held = await f.call(f.admin, post('/collectors/pause', { department: f.a.name }));
  assert.is(held.statusCode, 202, held.body);
  const before = await dept();
  assert.equal([holds(before).paused, holds(before).admin?.by, holds(before).own], [true, 'admin', null]);

  const refused = await f.call(f.a.token, post('/collectors/resume', {}));
  assert.is(refused.statusCode, 403, refused.body);
  assert.match(refused.json().detail, new RegExp(`department ${f.a.name} is held by admin admin since \\d{4}-\\d\\d-\\d\\dT`));
  assert.match(refused.json().detail, /Ask an admin to resume it; meanwhile new requests are accepted/);
  assert.is((await dept()).metadata.resourceVersion, before.metadata.resourceVersion, 'the Department is unchanged');

  // Its own pause under the hold is recorded; the admin's resume lifts both.
  assert.is((await f.call(f.a.token, post('/collectors/pause', {}))).statusCode, 202);
  assert.equal(holds(await dept()).own?.by, f.a.name);
  const resumed = await f.call(f.admin, post('/collectors/resume', { department: f.a.name }));
  assert.is(resumed.statusCode, 202, resumed.body);
  assert.match(resumed.json().message, /its own pause is lifted too/);
  assert.equal(holds(await dept()), { paused: false, admin: null, own: null });
});

test('the department lifts its own pause', async () => {
  assert.is((await f.call(f.a.token, post('/collectors/pause', {}))).statusCode, 202);
  assert.equal([holds(await dept()).paused, holds(await dept()).own?.by], [true, f.a.name]);
  const r = await f.call(f.a.token, post('/collectors/resume', {}));
  assert.is(r.statusCode, 202, r.body);
  assert.equal(holds(await dept()), { paused: false, admin: null, own: null });
});

test('paused with kubectl, without a record of who: the department may not lift it', async () => {
  await kubectl(['patch', 'department', f.a.name, '--type=merge', '-p', JSON.stringify({ spec: { paused: true } })]);
  const r = await f.call(f.a.token, post('/collectors/resume', {}));
  assert.is(r.statusCode, 403, r.body);
  assert.match(r.json().detail, /spec\.paused was set on the Department directly/);
  assert.is((await dept()).spec.paused, true);
  assert.is((await f.call(f.admin, post('/collectors/resume', { department: f.a.name }))).statusCode, 202);
  assert.is((await dept()).spec.paused, false);
});

test("status writes racing the pauses (as the operator's make them) are read again, not answered as conflicts", async () => {
  const rest = new KubeRest(f.suite.kc);
  let stop = false;
  let writes = 0;
  const churn = (async () => {
    // A status write every 100 ms: several times the operator's own rate (OPERATOR_STATUS_INTERVAL_MS, 1 s).
    while (!stop) {
      await rest.request('PATCH', resourcePath(D, undefined, f.a.name, 'status'), {
        contentType: MERGE_PATCH,
        body: { status: { inFlight: writes++ % 7 } },
      });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const answers: number[] = [];
    // Pause and resume rounds go on until the status writes have raced them several times: on a quick
    // machine three rounds can end before the second write.
    for (let round = 0; round < 3 || (writes < 10 && round < 50); round++) {
      for (const action of ['/collectors/pause', '/collectors/resume']) {
        answers.push((await f.call(f.admin, post(action, { department: f.a.name }))).statusCode);
        answers.push((await f.call(f.a.token, post(action, {}))).statusCode);
      }
    }
    assert.equal(answers, Array(answers.length).fill(202));
  } finally {
    stop = true;
    await churn;
    rest.close();
  }
  assert.ok(writes > 6, `only ${writes} status writes raced the pauses`);
  assert.equal(holds(await dept()), { paused: false, admin: null, own: null });
});

test("the shared article pool: refused to a department token (nothing created), an admin's accepted", async () => {
  const query = { keyword: '원전', start_date: '2025-03-01', end_date: '2025-03-07' };
  const before = (await f.jobsInCluster()).length;
  const compat = await f.call(f.a.token, post('/collectors/comments/start', { ...query, shared: true }));
  assert.is(compat.statusCode, 403, compat.body);
  assert.match(compat.json().detail, new RegExp(`only an admin token .* the ${f.a.name} department's own jobs found`));
  const v1 = await f.call(f.a.token, post('/v1/jobs', { spec: { type: 'Comments', articles: { query: { keywords: ['원전'], shared: true } } } }));
  assert.is(v1.statusCode, 403, v1.body);
  const schedule = await f.call(
    f.a.token,
    post('/v1/schedules', {
      metadata: { name: 'nuclear-comments' },
      spec: {
        schedule: '0 6 * * *',
        jobTemplate: { spec: { type: 'Comments', articles: { query: { keywords: ['원전'], window: { days: 1 }, shared: true } } } },
      },
    }),
  );
  assert.is(schedule.statusCode, 403, schedule.body);
  assert.match(schedule.json().detail, /^spec\.jobTemplate\.spec\.articles\.query\.shared: /);
  assert.is((await f.jobsInCluster()).length, before, 'nothing was created');
  // Its own pool: accepted.
  assert.is((await f.call(f.a.token, post('/collectors/comments/start', query))).statusCode, 202);
  // An admin opts in for a department.
  const admin = await f.call(f.admin, post('/collectors/comments/start', { ...query, shared: true, department: f.b.name }));
  assert.is(admin.statusCode, 202, admin.body);
  const made = (await f.jobsInCluster()).find((j) => j.metadata.name === admin.json().job.name);
  assert.equal((made?.spec.articles as { query: { shared?: boolean } }).query.shared, true);
  // `shared` belongs to a keyword query only.
  const urls = await f.call(
    f.admin,
    post('/collectors/comments/start', { article_urls: ['https://n.news.naver.com/a/1'], shared: true, department: f.b.name }),
  );
  assert.is(urls.statusCode, 400, urls.body);
  assert.equal(urls.json().errors, [{ field: 'shared', message: 'applies only to a keyword query', code: 'invalid' }]);
});

test.run();
