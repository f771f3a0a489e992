// The gateway's hardening on the real apiserver and PostgreSQL: security headers on every response
// (problems and probes included; Swagger UI with its own policy), requests without a valid token
// rate-limited per address, an audit line for every write naming who made it (and none for reads), and
// label keys under the project's domain refused in the jobs and schedules a client creates.
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiFixture, type ApiFixture } from './api-fixture.js';

let f: ApiFixture;
test.before(async () => {
  f = await apiFixture('api-hardening');
});
test.after(async () => {
  await f?.cleanup();
});

const post = (url: string, body: unknown) => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});

test('security headers on every response: data, problems (401, 403, 404), probes; Swagger UI keeps a policy of its own', async () => {
  const answers = [
    ['a page of data', await f.call(f.a.token, { url: '/collectors/status' }), 200],
    ['no token', await f.call(null, { url: '/v1/jobs' }), 401],
    ["another department's data", await f.call(f.a.token, { url: `/data/metadata?department=${f.b.name}` }), 403],
    ['no such route', await f.call(f.a.token, { url: '/v2/nothing' }), 404],
    ['a probe', await f.call(null, { url: '/healthz' }), 200],
    ['a write', await f.call(f.a.token, post('/collectors/pause', {})), 202],
  ] as const;
  for (const [what, res, status] of answers) {
    assert.is(res.statusCode, status, `${what}: ${res.body}`);
    assert.is(res.headers['x-content-type-options'], 'nosniff', what);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/, what);
    assert.ok(res.headers['strict-transport-security'], `${what}: HSTS`);
    assert.is(res.headers['x-frame-options'], 'SAMEORIGIN', what);
    assert.ok(res.headers['cross-origin-resource-policy'], `${what}: CORP`);
  }
  await f.call(f.a.token, post('/collectors/resume', {}));
  let docs = await f.call(null, { url: '/docs' });
  for (let hops = 0; docs.statusCode >= 300 && docs.statusCode < 400 && hops < 3; hops++)
    docs = await f.call(null, { url: new URL(String(docs.headers.location), 'http://gateway/docs/').pathname });
  assert.is(docs.statusCode, 200);
  assert.match(String(docs.headers['content-type']), /text\/html/);
  assert.match(String(docs.headers['content-security-policy']), /script-src 'self'/, "Swagger UI's own policy lets its scripts run");
  assert.is(docs.headers['x-content-type-options'], 'nosniff');
});

test('requests without a valid token are rate-limited per address; a valid token keeps its own budget', async () => {
  const app = await f.build({ rateLimit: { max: 3, windowMs: 60_000 } });
  const guess = (t: string | null) => app.inject({ url: '/v1/jobs', headers: t ? { authorization: `Bearer ${t}` } : {} });
  assert.equal([(await guess(null)).statusCode, (await guess('wrong-1')).statusCode, (await guess('wrong-2')).statusCode], [401, 401, 401]);
  const limited = await guess('wrong-3');
  assert.is(limited.statusCode, 429);
  assert.match(limited.json().detail, /at most 3 per .* for this address/);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.is((await guess(null)).statusCode, 429, 'no token at all counts against the same address');
  assert.is((await guess(f.a.token)).statusCode, 200, 'a valid token is limited per token, not per address');
});

test('every write is audited with who made it and what it answered; reads are not', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  // The gateway's own level is warn: audit lines are kept all the same.
  const app = await f.build({ logger: pino({ level: 'warn' }, sink), registry: new Registry() });
  const as = (t: string | null, o: InjectOptions) => app.inject({ ...o, headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...o.headers } });
  await as(f.a.token, { url: '/collectors/status' });
  await as(f.a.token, post('/collectors/pause', {}));
  await as(f.admin, post('/collectors/resume', { department: f.a.name }));
  await as(null, post('/collectors/pause', {}));
  await as(f.a.token, post('/collectors/resume', { department: f.b.name }));
  await new Promise((r) => setTimeout(r, 100));
  const audit = lines.filter((l) => l.audit === true).map((l) => [l.who, l.kind, l.department, l.method, l.route, l.status]);
  assert.equal(audit, [
    [f.a.name, 'department', f.a.name, 'POST', '/collectors/pause', 202],
    ['admin', 'admin', f.a.name, 'POST', '/collectors/resume', 202],
    [null, 'anonymous', null, 'POST', '/collectors/pause', 401],
    [f.a.name, 'department', f.a.name, 'POST', '/collectors/resume', 403],
  ]);
});

test("label keys under newsroom.dev/ are refused in a job's and a schedule's metadata.labels; nothing is created", async () => {
  const before = (await f.jobsInCluster()).length;
  const job = await f.call(
    f.a.token,
    post('/v1/jobs', {
      metadata: { labels: { 'collection.newsroom.dev/schedule': 'morning-brief', team: 'night' } },
      spec: { type: 'Metadata', keywords: ['태풍'], dateRange: { from: '2025-08-01', to: '2025-08-01' } },
    }),
  );
  assert.is(job.statusCode, 400, job.body);
  assert.equal(
    job.json().errors.map((e: { field: string }) => e.field),
    ['metadata.labels.collection.newsroom.dev/schedule'],
  );
  const schedule = await f.call(
    f.a.token,
    post('/v1/schedules', {
      metadata: { name: 'storm-watch', labels: { 'NewsRoom.dev/test-suite': 'x' } },
      spec: { schedule: '0 6 * * *', jobTemplate: { spec: { type: 'Metadata', keywords: ['태풍'], window: { days: 1 } } } },
    }),
  );
  assert.is(schedule.statusCode, 400, schedule.body);
  assert.match(schedule.json().errors[0].message, /are the collector's own; use a key of your own domain/);
  assert.is((await f.jobsInCluster()).length, before);
  // A key of the desk's own is fine.
  const ok = await f.call(
    f.a.token,
    post('/v1/jobs', {
      metadata: { labels: { 'desk.example.org/beat': 'weather' } },
      spec: { type: 'Metadata', keywords: ['태풍'], dateRange: { from: '2025-08-01', to: '2025-08-01' }, suspend: true },
    }),
  );
  assert.is(ok.statusCode, 201, ok.body);
});

test.run();
