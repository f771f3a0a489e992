// On the real node, every route of the in-cluster gateway's OpenAPI document is called as installed
// (the chart's RBAC, its ServiceAccount, its Secrets) with an admin token, a department token and no
// token: no answer is a 5xx, every route that needs a token answers 401 without one, and every call
// answers the 2xx its route documents (403 where the route is for admins only). A route of the
// document without a call here fails the sweep, so a new route cannot go untested against the release.
// Then one grant is taken from the release's RBAC for a moment: the apiserver's refusal reaches the
// caller as a 403 naming what the gateway may not do and where, never as a 500. Last, the release's
// program containers never restarted (they wait for what they need instead of exiting), and a rollout
// of the gateway under load drops no request.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubectl } from '../harness/stack.js';
import type { GatewayClient } from './e2e-truth.js';
import { waitFor } from './operator-support.js';
import { ensureRelease, fullname, podsOf, podsOverview, realNodeOrNotRun, RELEASE_NS, releaseGateway } from './release-support.js';

// make up's example departments; `economy`'s token acts for itself, the admin names it.
const DEPT = 'economy';
const OTHER = 'politics';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Who = 'admin' | 'dept';
interface OpenApi {
  security?: unknown[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], { security?: unknown[]; responses: Record<string, unknown> }>>>;
}
/** One call of the sweep: the route as the document spells it (`GET /v1/jobs/{name}`), and the request. */
interface Call {
  route: string;
  path: string;
  body?: unknown;
  /** The status when it is not the route's documented 2xx (a department token on an admin route). */
  expect?: number;
}

const day = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);

/** The calls one caller makes, in order: what a write creates is read, changed and removed by the next calls. */
function calls(who: Who, state: Record<string, string>): (() => Call)[] {
  const asAdmin = who === 'admin';
  const dept = asAdmin ? { department: DEPT } : {};
  const q = asAdmin ? `?department=${DEPT}` : '';
  const name = `sweep-${who}-${process.pid}`;
  const job = {
    metadata: { name },
    ...dept,
    spec: { type: 'Metadata', source: 'naver', method: 'search', keywords: ['sweep'], dateRange: { from: day, to: day }, suspend: true },
  };
  const schedule = {
    metadata: { name },
    ...dept,
    spec: {
      schedule: '30 7 * * *',
      suspend: true,
      jobTemplate: { spec: { type: 'Metadata', source: 'naver', keywords: ['sweep'], window: { days: 1, endOffsetDays: 1 } } },
    },
  };
  const c = (route: string, path: string, body?: unknown, expect?: number) => () => ({ route, path, body, expect });
  return [
    c('GET /v1/session', '/v1/session'),
    c('GET /v1/fleet', '/v1/fleet', undefined, asAdmin ? undefined : 403),
    c('GET /v1/overview', `/v1/overview${q}`),
    c('GET /v1/insights', `/v1/insights${q}`),
    c('GET /resources/usage', '/resources/usage'),
    c('GET /collectors/status', `/collectors/status${q}`),
    c('GET /collectors/metadata/status', `/collectors/metadata/status${q}`),
    c('GET /collectors/comments/status', `/collectors/comments/status${q}`),
    c('POST /collectors/metadata/start', '/collectors/metadata/start', { keyword: 'sweep', start_date: day, end_date: day, ...dept }),
    () => ({ route: 'GET /collectors/status/{request_id}', path: `/collectors/status/${state.metadata}` }),
    () => ({ route: 'POST /collectors/metadata/stop', path: '/collectors/metadata/stop', body: { request_id: state.metadata, ...dept } }),
    () => ({ route: 'POST /collectors/comments/start', path: '/collectors/comments/start', body: { request_id: state.metadata, ...dept } }),
    () => ({ route: 'POST /collectors/comments/stop', path: '/collectors/comments/stop', body: { request_id: state.comments, ...dept } }),
    c('POST /v1/jobs', '/v1/jobs', job),
    c('GET /v1/jobs', `/v1/jobs${q}`),
    c('GET /v1/jobs/{name}', `/v1/jobs/${name}`),
    c('GET /v1/jobs/{name}/errors', `/v1/jobs/${name}/errors`),
    c('POST /v1/jobs/{name}/resume', `/v1/jobs/${name}/resume`),
    c('POST /v1/jobs/{name}/suspend', `/v1/jobs/${name}/suspend`),
    c('DELETE /v1/jobs/{name}', `/v1/jobs/${name}`),
    () => ({ route: 'DELETE /v1/jobs/{name}', path: `/v1/jobs/${state.metadataJob}` }),
    () => ({ route: 'DELETE /v1/jobs/{name}', path: `/v1/jobs/${state.commentsJob}` }),
    c('POST /v1/schedules', '/v1/schedules', schedule),
    c('GET /v1/schedules', `/v1/schedules${q}`),
    c('GET /v1/schedules/{name}', `/v1/schedules/${name}`),
    c('POST /v1/schedules/{name}/resume', `/v1/schedules/${name}/resume`),
    c('POST /v1/schedules/{name}/suspend', `/v1/schedules/${name}/suspend`),
    c('DELETE /v1/schedules/{name}', `/v1/schedules/${name}`),
    c('GET /data/metadata', `/data/metadata${q}`),
    c('GET /data/comments', `/data/comments${q}`),
    c('GET /data/metadata/download', `/data/metadata/download${q}`),
    c('GET /data/comments/download', `/data/comments/download${q}${q ? '&' : '?'}format=ndjson`),
    c('GET /logs', `/logs${q}`),
    // A department's pause and resume; an admin pauses the department, then the whole fleet, and resumes both.
    c('POST /collectors/pause', '/collectors/pause', { ...dept }),
    c('POST /collectors/resume', '/collectors/resume', { ...dept }),
    ...(asAdmin ? [c('POST /collectors/pause', '/collectors/pause', {}), c('POST /collectors/resume', '/collectors/resume', {})] : []),
    // A department token acting for another department is refused.
    ...(asAdmin
      ? []
      : [
          c(
            'POST /collectors/metadata/start',
            '/collectors/metadata/start',
            { keyword: 'sweep', start_date: day, end_date: day, department: OTHER },
            403,
          ),
          c('POST /collectors/pause', '/collectors/pause', { department: OTHER }, 403),
        ]),
  ];
}

/** The routes of the document, `METHOD /path`, with their documented 2xx and whether they need a token. */
function routesOf(doc: OpenApi): Map<string, { ok: number; needsToken: boolean }> {
  const out = new Map<string, { ok: number; needsToken: boolean }>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const ok = Object.keys(op.responses).filter((k) => /^2\d\d$/.test(k));
      if (ok.length !== 1) throw new Error(`${m.toUpperCase()} ${path} documents ${ok.length} 2xx answers (${ok.join(', ')}); the sweep expects one`);
      out.set(`${m.toUpperCase()} ${path}`, { ok: Number(ok[0]), needsToken: (op.security ?? doc.security ?? []).length > 0 });
    }
  return out;
}

/** A concrete path for a templated one, for the calls without a token. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'sweep-none');

if (await realNodeOrNotRun(6, 'the sweep of every route against the chart release')) {
  let gw: GatewayClient;
  let routes: Map<string, { ok: number; needsToken: boolean }>;

  test.before(async () => {
    await ensureRelease();
    gw = await releaseGateway();
    const res = await fetch(`${gw.url}/openapi.json`);
    assert.is(res.status, 200);
    routes = routesOf((await res.json()) as OpenApi);
    assert.ok(routes.size > 30, `the document lists ${routes.size} routes`);
  });

  test.after(async () => {
    // Whatever a failed sweep left: the fleet and the department resumed.
    await gw?.call('admin', '/collectors/resume', { method: 'POST', body: '{}' });
    await gw?.call('admin', '/collectors/resume', { method: 'POST', body: JSON.stringify({ department: DEPT }) });
  });

  test('without a token: every route that needs one answers 401 with WWW-Authenticate, the probes answer', async () => {
    const wrong: string[] = [];
    for (const [route, { ok, needsToken }] of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await fetch(gw.url + concrete(path), {
        method,
        ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
      });
      const text = await res.text();
      const want = needsToken ? 401 : ok;
      if (res.status !== want) wrong.push(`${route}: ${res.status} (expected ${want}) ${text.slice(0, 200)}`);
      else if (needsToken && !res.headers.get('www-authenticate')) wrong.push(`${route}: 401 without WWW-Authenticate`);
    }
    assert.equal(wrong, [], wrong.join('\n'));
  });

  for (const who of ['admin', 'dept'] as const)
    test(`${who === 'admin' ? 'an admin token' : 'a department token'}: every route answers its documented 2xx (403 where admins only), never a 5xx`, async () => {
      const state: Record<string, string> = {};
      const covered = new Set<string>();
      const wrong: string[] = [];
      for (const make of calls(who, state)) {
        const call = make();
        const doc = routes.get(call.route);
        if (!doc) {
          wrong.push(`${call.route}: not in the OpenAPI document`);
          continue;
        }
        covered.add(call.route);
        const method = call.route.split(' ')[0]!;
        const r = await gw.call<{ request_id?: string; job?: { name: string } }>(who === 'admin' ? 'admin' : DEPT, call.path, {
          method,
          ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        });
        const want = call.expect ?? doc.ok;
        if (r.status !== want) wrong.push(`${call.route} ${call.path}: ${r.status} (expected ${want}) ${r.text.slice(0, 300)}`);
        if (call.route === 'POST /collectors/metadata/start' && r.status === 202)
          [state.metadata, state.metadataJob] = [r.body.request_id!, r.body.job!.name];
        if (call.route === 'POST /collectors/comments/start' && r.status === 202)
          [state.comments, state.commentsJob] = [r.body.request_id!, r.body.job!.name];
      }
      const missing = [...routes].filter(([route, { needsToken }]) => needsToken && !covered.has(route)).map(([route]) => route);
      assert.equal(missing, [], `routes of the document the sweep does not call: ${missing.join(', ')}`);
      assert.equal(wrong, [], wrong.join('\n'));
    });

  test("a grant missing from the install's RBAC: the apiserver's refusal is a 403 naming the verb, the resource and the namespace", async () => {
    const role = `${fullname}-api-pause`;
    const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'role', role, '-o', 'json']);
    const original = JSON.parse(stdout) as { rules: { verbs: string[] }[] };
    const without = original.rules.map((r) => ({ ...r, verbs: r.verbs.filter((v) => v !== 'get') }));
    await kubectl(['-n', RELEASE_NS, 'patch', 'role', role, '--type=merge', '-p', JSON.stringify({ rules: without })]);
    try {
      // RBAC changes reach the apiserver's authorizer within moments.
      const r = await waitFor(
        'the apiserver to refuse the gateway',
        async () => {
          const res = await gw.call<{ detail: string }>('admin', '/v1/fleet');
          return res.status === 200 ? undefined : res;
        },
        30_000,
        500,
      );
      assert.is(r.status, 403, r.text);
      assert.match(r.body.detail, new RegExp(`may not get collectorpools\\.collection\\.newsroom\\.dev "[^"]+" in namespace ${RELEASE_NS}`));
    } finally {
      await kubectl(['-n', RELEASE_NS, 'patch', 'role', role, '--type=merge', '-p', JSON.stringify({ rules: original.rules })]);
    }
    await waitFor('the grant to apply again', async () => (await gw.call('admin', '/v1/fleet')).status === 200, 30_000, 500);
  });

  test("the programs started in any order: none of the release's program containers restarted", async () => {
    const restarted: string[] = [];
    for (const component of ['operator', 'api', 'worker'])
      for (const p of await podsOf(component)) if (p.restarts > 0) restarted.push(`${p.name}: ${p.restarts}`);
    assert.equal(restarted, [], `restarted containers:\n${restarted.join('\n')}\n${await podsOverview()}`);
  });

  test('a rollout of the gateway drops no request (its preStop pause outlasts the endpoint removal)', async () => {
    let stop = false;
    const failures: string[] = [];
    let answered = 0;
    const load = async () => {
      while (!stop) {
        const r = await gw
          .call(DEPT, '/collectors/status?limit=1')
          .catch((e: Error) => ({ status: 0, text: (e.cause as Error | undefined)?.message ?? e.message }));
        if (r.status === 200) answered++;
        else failures.push(`${r.status} ${r.text.slice(0, 120)}`);
        // Two clients at about 3 requests a second each stay well within the token's rate limit (600 a minute).
        await new Promise((done) => setTimeout(done, 300));
      }
    };
    const clients = [load(), load()];
    const started = Date.now();
    await kubectl(['-n', RELEASE_NS, 'rollout', 'restart', `deployment/${fullname}-api`]);
    await kubectl(['-n', RELEASE_NS, 'rollout', 'status', `deployment/${fullname}-api`, '--timeout=240s']);
    // The old Pods' pause and shutdown run after the rollout reports done: keep asking until they are gone.
    await waitFor('the old gateway Pods to be gone', async () => (await podsOf('api')).every((p) => !p.deleting), 120_000, 1000);
    stop = true;
    await Promise.all(clients);
    console.log(
      `  rollout of the gateway: ${answered} requests answered in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failures.length} failed`,
    );
    assert.ok(answered > 40, `only ${answered} requests answered`);
    assert.equal(failures, [], failures.slice(0, 10).join('\n'));
  });

  test.run();
}
