// Route-level checks with app.inject that need no running service: authentication, the problem shape,
// body limits and content types, validation before any I/O, probes and the generated documents.
// (Behaviour against PostgreSQL and the apiserver is tested in test/integration/api-*.test.ts.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import { createPool } from '../lib/db/pool.js';
import { k8s } from '../lib/kube/client.js';
import { buildApp } from './app.js';
import { hashToken } from './domain/tokens.js';
import { TokenStore } from './plugins/app/auth.js';

// Dependencies that are never reached by these requests: a pool and an apiserver on a closed port.
const pool = createPool('postgres://u:p@127.0.0.1:1/none', { max: 1 });
const kc = new k8s.KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
  users: [{ name: 'u' }],
  contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
  currentContext: 'x',
});
const token = 'unit-test-token';
const app = await buildApp({
  pool,
  kubeConfig: kc,
  tokens: TokenStore.fromMap(new Map([[hashToken(token), { kind: 'department', name: 'economy', department: 'economy', key: 'k' }]])),
  registry: new Registry(),
  ready: async () => null,
});
test.after(async () => {
  await app.close();
  await pool.end();
});

const start = (payload: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/collectors/metadata/start',
    payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  });
const meta = { keyword: '반도체', start_date: '2024-11-01', end_date: '2024-11-03' };

const cases: [string, () => ReturnType<typeof start>, number, string | undefined][] = [
  ['no token', () => app.inject({ url: '/collectors/status' }), 401, undefined],
  ['a Basic header is not a bearer token', () => app.inject({ url: '/logs', headers: { authorization: 'Basic dTpw' } }), 401, undefined],
  ['an unknown token', () => app.inject({ url: '/data/metadata', headers: { authorization: 'Bearer nope' } }), 401, undefined],
  ['an unknown route', () => app.inject({ url: '/nothing-here' }), 404, undefined],
  ['an impossible day, before any I/O', () => start(JSON.stringify({ ...meta, end_date: '2024-02-30' })), 400, 'end_date'],
  ['end before start (the CRD rule), before any I/O', () => start(JSON.stringify({ ...meta, start_date: '2024-12-01' })), 400, 'end_date'],
  ['an unknown field', () => start(JSON.stringify({ ...meta, extra: true })), 400, 'extra'],
  ['a body over 64 KiB', () => start(JSON.stringify({ ...meta, keyword: 'k'.repeat(70_000) })), 413, undefined],
  ['text/plain', () => start('hello', { 'content-type': 'text/plain' }), 415, undefined],
  ['broken JSON', () => start('{"keyword":'), 400, undefined],
  [
    'a query parameter out of range',
    () => app.inject({ url: '/data/comments?limit=0', headers: { authorization: `Bearer ${token}` } }),
    400,
    'limit',
  ],
  ['an unknown query parameter', () => app.inject({ url: '/logs?colour=red', headers: { authorization: `Bearer ${token}` } }), 400, 'colour'],
];
for (const [name, send, status, field] of cases) {
  test(`${name} -> ${status} problem`, async () => {
    const res = await send();
    assert.is(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json<{ status: number; success: boolean; detail: unknown; errors: { field: string }[] }>();
    assert.is(body.status, status);
    assert.is(body.success, false);
    assert.type(body.detail, 'string');
    if (field)
      assert.ok(
        body.errors.some((e) => e.field === field),
        JSON.stringify(body.errors),
      );
  });
}

test('a 401 names the scheme', async () => {
  assert.is((await app.inject({ url: '/v1/jobs' })).headers['www-authenticate'], 'Bearer');
});

test('probes, metrics and documents need no token', async () => {
  assert.is((await app.inject({ url: '/healthz' })).statusCode, 200);
  assert.is((await app.inject({ url: '/readyz' })).statusCode, 200);
  assert.match((await app.inject({ url: '/metrics' })).body, /http_requests_in_flight/);
  const doc = (await app.inject({ url: '/openapi.json' })).json<{
    openapi: string;
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  }>();
  assert.is(doc.openapi, '3.0.3');
  assert.ok(doc.paths['/collectors/metadata/start']?.post?.requestBody);
  assert.is((await app.inject({ url: '/docs/' })).statusCode, 200);
});

test.run();
