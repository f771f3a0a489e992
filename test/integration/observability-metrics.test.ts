// Dashboards and alerts reference only metrics that exist: the three programs run against the real
// stack, their /metrics output says which metric families they expose, and every metric name used in the
// dashboards' and alerts' PromQL must be among them. Then a real Prometheus (Debian's) scrapes the
// running programs and evaluates every panel query and alert expression without error.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { expressions } from '../../observability/grafana.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';

const PROGRAMS = [
  { name: 'operator', portVar: 'OPERATOR_PORT', port: 28281 },
  { name: 'worker', portVar: 'WORKER_PORT', port: 28282 },
  { name: 'api', portVar: 'API_PORT', port: 28280 },
];
const PROMETHEUS_PORT = 28290;
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
  'atan2',
]);

/** The metric names a PromQL expression reads (functions, keywords, labels, strings and durations removed). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  // A whole identifier, then whether a call follows (a function or aggregation, not a metric).
  for (const m of stripped.matchAll(/(?<![\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (!m[2] && !KEYWORDS.has(m[1]!.toLowerCase())) names.add(m[1]!);
  }
  return [...names];
}

/** Grafana's variables replaced by what Prometheus understands. */
const forPrometheus = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$namespace', '.*');

/** Every expression of the dashboards and alerts, with where it comes from. */
function queries(): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const dir = fromRoot('charts', 'newsroom-collector', 'files', 'dashboards');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    for (const expr of expressions(JSON.parse(readFileSync(join(dir, f), 'utf8')))) out.push({ where: `dashboard ${f}`, expr });
  }
  const rules = parse(readFileSync(fromRoot('charts', 'newsroom-collector', 'files', 'alerts.yaml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  for (const g of rules.groups) for (const r of g.rules) out.push({ where: `alert ${r.alert}`, expr: r.expr });
  return out;
}

/** Metric names in a /metrics text: each family from its TYPE line, with its histogram/summary series. */
function exposed(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    out.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) out.add(name + s);
  }
  return out;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return r;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let suite: Suite;
let work: string;
const children: { name: string; child: ChildProcess; output: () => string }[] = [];
const metricsText: Record<string, string> = {};

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
  children.push({ name, child, output: () => out });
}

test.before(async () => {
  suite = await isolatedSuite('observability-metrics');
  work = mkdtempSync(join(tmpdir(), 'newsroom-prometheus-'));
  for (const p of PROGRAMS) {
    start(
      p.name,
      process.execPath,
      [fromRoot('dist', p.name, 'main.js')],
      suite.programEnv({
        [p.portVar]: String(p.port),
        // The operator of this suite handles only the suite's namespace and no Department.
        LEADER_ELECTION_NAMESPACE: suite.namespace,
        LEADER_ELECTION_ID: `op-${suite.id}`.slice(0, 63),
        OPERATOR_WATCH_NAMESPACES: suite.namespace,
        OPERATOR_DEPARTMENT_SELECTOR: `newsroom.dev/test-suite=${suite.id}`.slice(0, 63),
      }),
    );
  }
  for (const p of PROGRAMS) {
    const proc = children.find((c) => c.name === p.name)!;
    try {
      await waitFor(`http://127.0.0.1:${p.port}/metrics`);
    } catch (e) {
      throw new Error(`${p.name} did not serve /metrics: ${proc.output()}`, { cause: e });
    }
  }
  // Let the periodic gauges be set once.
  await new Promise((r) => setTimeout(r, 6_000));
  for (const p of PROGRAMS) metricsText[p.name] = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();

  writeFileSync(
    join(work, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      ...PROGRAMS.map(
        (p) =>
          `  - job_name: ${p.name}\n    static_configs: [{ targets: ["127.0.0.1:${p.port}"], labels: { namespace: "${suite.namespace}", pod: "${p.name}-0" } }]`,
      ),
    ].join('\n') + '\n',
  );
  start(
    'prometheus',
    '/usr/bin/prometheus',
    [
      `--config.file=${join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
      '--log.level=warn',
    ],
    process.env,
  );
  await waitFor(`http://127.0.0.1:${PROMETHEUS_PORT}/-/ready`);
  // Until every program has been scraped a few times (rates need two samples).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = (await (
      await fetch(`http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent('count(count_over_time(up[1m]) >= 3 and up == 1)')}`)
    ).json()) as { data: { result: { value: [number, string] }[] } };
    if (r.data.result[0]?.value[1] === String(PROGRAMS.length)) break;
    if (Date.now() > deadline) throw new Error(`Prometheus did not scrape the programs: ${children.find((c) => c.name === 'prometheus')!.output()}`);
    await new Promise((res) => setTimeout(res, 500));
  }
});

test.after(async () => {
  for (const c of children) {
    if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
    const exited = new Promise((r) => c.child.once('exit', r));
    c.child.kill('SIGTERM');
    // A program that does not stop within 30 s is killed: the suite must end by itself.
    const timer = setTimeout(() => c.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
  if (work) rmSync(work, { recursive: true, force: true });
  await suite?.cleanup();
});

test('the PromQL metric-name reader finds metrics and only metrics', () => {
  assert.equal(
    metricNames(
      'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{program="api",route!~".*(logs|export).*"}[5m]))) > 1',
    ),
    ['http_request_duration_seconds_bucket'],
  );
  assert.equal(
    metricNames(
      '(sum by (department) (newsroom_jobs{state=~"Pending|Admitted"}) > 0 unless on (department) sum by (department) (newsroom_jobs{state="Running"}) > 0) and on () (sum(rate(newsroom_worker_tasks_total[$__rate_interval])) or vector(0)) == 0',
    ),
    ['newsroom_jobs', 'newsroom_worker_tasks_total'],
  );
  assert.equal(metricNames('sum(x_total offset 1h) - max(leader_election_master_status)'), ['x_total', 'leader_election_master_status']);
});

test('every metric the dashboards and alerts use is exposed by a running program', () => {
  const all = new Set<string>();
  for (const text of Object.values(metricsText)) for (const n of exposed(text)) all.add(n);
  assert.ok(all.has('process_resident_memory_bytes'), 'the programs expose their process metrics');
  const missing = new Map<string, Set<string>>();
  for (const q of queries()) {
    for (const name of metricNames(q.expr)) {
      if (!all.has(name)) missing.set(name, (missing.get(name) ?? new Set()).add(q.where));
    }
  }
  const report = [...missing].map(([name, where]) => `${name} (used by ${[...where].join(', ')})`);
  assert.equal(report, [], `metrics no program exposes:\n  ${report.join('\n  ')}`);
});

test('a real Prometheus scraping the programs evaluates every panel query and alert expression', async () => {
  const failed: string[] = [];
  let evaluated = 0;
  for (const q of queries()) {
    const res = await fetch(`http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(forPrometheus(q.expr))}`);
    const body = (await res.json()) as { status: string; error?: string };
    if (body.status !== 'success') failed.push(`${q.where}: ${body.error} — ${q.expr}`);
    evaluated++;
  }
  assert.ok(evaluated > 40, `only ${evaluated} queries`);
  assert.equal(failed, [], failed.join('\n'));
});

test('panel queries over metrics the programs already report return data', async () => {
  // Process metrics are there from the first scrape: the namespace variable and the program labels match.
  const res = await fetch(
    `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(forPrometheus('sum by (program, pod) (process_resident_memory_bytes{namespace=~"$namespace",program=~"operator|worker|api"})'))}`,
  );
  const body = (await res.json()) as { data: { result: { metric: Record<string, string> }[] } };
  assert.equal(body.data.result.map((r) => r.metric.program).sort(), ['api', 'operator', 'worker']);
});

test('with an operator leading, the no-leader alert condition is false on real data', async () => {
  const rules = parse(readFileSync(fromRoot('charts', 'newsroom-collector', 'files', 'alerts.yaml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const expr = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'NewsroomOperatorWithoutLeader')!.expr;
  const query = async (q: string) =>
    (
      (await (await fetch(`http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
        data: { result: { value: [number, string] }[] };
      }
    ).data.result;
  const deadline = Date.now() + 30_000;
  while ((await query('max(leader_election_master_status)'))[0]?.value[1] !== '1') {
    if (Date.now() > deadline) throw new Error('the operator did not become leader within 30 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(await query(expr), []);
});

test.run();
