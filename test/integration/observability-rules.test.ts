// The chart's alerts with Prometheus's own tool: `promtool check rules` on the rule file the chart embeds,
// `promtool test rules` on the unit tests in test/promtool/ (every alert has a case where it fires), and
// the rendered PrometheusRule carries exactly that file's groups.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { stackEnv } from '../harness/stack.js';
import { template } from './chart-support.js';

const run = promisify(execFile);
const RULES = fromRoot('charts', 'newsroom-collector', 'files', 'alerts.yaml');
const TESTS = fromRoot('test', 'promtool');

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface UnitTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

async function promtool(args: string[]): Promise<{ code: number; out: string }> {
  const env = await stackEnv();
  try {
    const r = await run('promtool', args, { env: { ...process.env, PATH: `${env.PATH}:/usr/bin` }, cwd: fromRoot() });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

const alerts = () =>
  (parse(readFileSync(RULES, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => !!a);
const unitFiles = () =>
  readdirSync(TESTS)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${TESTS}/${f}`);

test('promtool check rules accepts the alert file', async () => {
  const r = await promtool(['check', 'rules', RULES]);
  assert.is(r.code, 0, r.out);
  assert.match(r.out, new RegExp(`SUCCESS: ${alerts().length} rules found`));
});

test('promtool check rules refuses a broken rule (the check is real)', async () => {
  const text = readFileSync(RULES, 'utf8').replace(
    'expr: sum(newsroom_grid_slots{state="free"}) == 0',
    'expr: sum(newsroom_grid_slots{state="free"} == 0',
  );
  assert.ok(text !== readFileSync(RULES, 'utf8'), 'the rule to break is gone from the alert file');
  const tmp = join(tmpdir(), `newsroom-alerts-broken-${process.pid}.yaml`);
  writeFileSync(tmp, text);
  try {
    const r = await promtool(['check', 'rules', tmp]);
    assert.is.not(r.code, 0, r.out);
  } finally {
    rmSync(tmp, { force: true });
  }
});

test('promtool test rules: every unit test passes', async () => {
  const r = await promtool(['test', 'rules', ...unitFiles()]);
  assert.is(r.code, 0, r.out);
  assert.not.match(r.out, /FAILED/);
});

test('every alert has a unit test where it fires', () => {
  const firing = new Set<string>();
  for (const f of unitFiles()) {
    for (const t of (parse(readFileSync(f, 'utf8')) as UnitTests).tests) {
      for (const a of t.alert_rule_test ?? []) if (a.exp_alerts?.length) firing.add(a.alertname);
    }
  }
  const missing = alerts().filter((a) => !firing.has(a));
  assert.equal(missing, [], `alerts without a firing test case: ${missing.join(', ')}`);
});

test("the rendered PrometheusRule carries the alert file, with kube-prometheus-stack's selector label", async () => {
  const objs = await template('obs', 'obs', ['--set=monitoring.prometheusRule.enabled=true']);
  const rule = objs.find((o) => o.kind === 'PrometheusRule');
  assert.ok(rule, 'no PrometheusRule rendered');
  assert.equal(rule.spec, parse(readFileSync(RULES, 'utf8')));
  assert.is(rule.metadata.labels?.release, 'kube-prometheus-stack');
});

test.run();
