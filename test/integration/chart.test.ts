// The Helm chart against the real local apiserver: lint, render with the default values and every value
// set in charts/newsroom-collector/ci/, and have the apiserver accept each rendered object with a
// server-side dry-run apply (the chart's CRDs and prometheus-operator's CRDs installed first, so
// CollectorPool, ServiceMonitor and PrometheusRule are validated too). Also: the schema refuses bad
// values, rendered Pods carry the secure defaults, and generated files (chart CRDs, dashboards, plain
// manifests) have not drifted.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { installCrds, isolatedSuite, kubectl, kubectlResult, type Suite } from '../harness/stack.js';
import { cacheDir, CHART, helm, KUBE_VERSION, suiteNamespaces, template, versions, type Obj } from './chart-support.js';

const run = promisify(execFile);

const valueSets = readdirSync(fromRoot('charts', 'newsroom-collector', 'ci'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

let suite: Suite;
let deptA: string;
let deptB: string;
let monitoringNs: string;
let extra: Awaited<ReturnType<typeof suiteNamespaces>> | undefined;

test.before(async () => {
  suite = await isolatedSuite('chart');
  await installCrds();
  // prometheus-operator's ServiceMonitor and PrometheusRule CRDs, from its Go module (cached by the
  // tools script); applied only when the apiserver does not have this version yet (they are large).
  const v = versions().PROMETHEUS_OPERATOR_VERSION!;
  const dir = `${cacheDir()}/prometheus-operator-crds-${v}`;
  if (!existsSync(`${dir}/.complete`)) await run('bash', [fromRoot('hack', 'build-go-tools.sh'), 'prometheus-operator-crds']);
  for (const kind of ['servicemonitors', 'prometheusrules']) {
    const have = await kubectlResult([
      'get',
      'crd',
      `${kind}.monitoring.coreos.com`,
      '-o',
      'jsonpath={.metadata.annotations.operator\\.prometheus\\.io/version}',
    ]);
    if (have.code === 0 && have.stdout.trim() === v.replace(/^v/, '')) continue;
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', `${dir}/monitoring.coreos.com_${kind}.yaml`]);
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', `crd/${kind}.monitoring.coreos.com`]);
  }
  extra = await suiteNamespaces(suite, ['a', 'b', 'm']);
  [deptA, deptB, monitoringNs] = extra.names as [string, string, string];
});

test.after(async () => {
  await extra?.remove();
  await suite?.cleanup();
});

test("the chart's crds/ are identical to crds/", () => {
  const want = readdirSync(fromRoot('crds'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const got = readdirSync(fromRoot('charts', 'newsroom-collector', 'crds')).sort();
  assert.equal(got, want, 'run hack/gen-manifests.sh');
  for (const f of want) {
    assert.ok(
      readFileSync(fromRoot('crds', f), 'utf8') === readFileSync(fromRoot('charts', 'newsroom-collector', 'crds', f), 'utf8'),
      `charts/newsroom-collector/crds/${f} differs from crds/${f}: run hack/gen-manifests.sh`,
    );
  }
});

test('helm lint --strict passes with the default values and every value set', async () => {
  for (const values of [undefined, ...valueSets]) {
    const r = await helm(['lint', CHART, '--strict', `--kube-version=${KUBE_VERSION}`, ...(values ? ['-f', `${CHART}/ci/${values}`] : [])]);
    assert.is(r.code, 0, `${values ?? 'default values'}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  }
});

test('helm package builds the chart archive, without the CI value sets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-chart-'));
  try {
    const r = await helm(['package', CHART, '--destination', dir]);
    assert.is(r.code, 0, r.stderr);
    const archive = join(dir, 'newsroom-collector-0.1.0.tgz');
    const list = (await run('tar', ['-tzf', archive])).stdout.split('\n');
    assert.ok(list.includes('newsroom-collector/values.schema.json'));
    assert.ok(list.includes('newsroom-collector/crds/collectionjobs.yaml'));
    assert.ok(list.some((f) => f.startsWith('newsroom-collector/files/dashboards/')));
    assert.not.ok(
      list.some((f) => f.includes('/ci/')),
      'ci/ value sets are packaged',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Renders a value set into the suite's namespaces and applies every object with a server-side dry run. */
async function dryRun(values: string | undefined): Promise<Obj[]> {
  const release = `r${suite.id.slice(-8)}`;
  const text = values ? readFileSync(`${CHART}/ci/${values}`, 'utf8') : '';
  // Namespaces a value set names outside the release: the suite's own, which exist.
  const overrides = [
    ...(text.includes('jobNamespaces:') ? [`--set=api.jobNamespaces={${deptA},${deptB}}`] : []),
    ...(/dashboards:[\s\S]*namespace: \S+/.test(text) ? [`--set=monitoring.dashboards.namespace=${monitoringNs}`] : []),
  ];
  const objs = await template(release, suite.namespace, [...(values ? ['-f', `${CHART}/ci/${values}`] : []), ...overrides]);
  assert.ok(objs.length > 10, `${values}: only ${objs.length} objects rendered`);
  const stream = objs.map((o) => JSON.stringify(o)).join('\n');
  const r = await kubectlResult(['apply', '--server-side', '--dry-run=server', '--field-manager=helm', '-f', '-'], stream);
  assert.is(r.code, 0, `${values ?? 'default values'}: the apiserver refused an object:\n${r.stderr}`);
  const accepted = r.stdout.split('\n').filter((l) => l.includes('serverside-applied (server dry run)')).length;
  assert.is(accepted, objs.length, `${values ?? 'default values'}: ${accepted} of ${objs.length} objects accepted:\n${r.stdout}`);
  return objs;
}

const byKind = (objs: Obj[], kind: string) =>
  objs
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

test('default values: every rendered object is accepted by the apiserver (server-side dry run)', async () => {
  const objs = await dryRun(undefined);
  const release = `r${suite.id.slice(-8)}-newsroom`;
  assert.equal(
    byKind(objs, 'Deployment'),
    ['api', 'operator', 'selenium-hub', 'selenium-node', 'worker'].map((n) => `${release}-${n}`),
  );
  assert.equal(byKind(objs, 'StatefulSet'), [`${release}-postgresql`, `${release}-rabbitmq`]);
  assert.equal(byKind(objs, 'CollectorPool'), ['default']);
  assert.equal(byKind(objs, 'ServiceMonitor'), []);
  const operator = objs.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-operator'))!;
  assert.is((operator.spec as { replicas: number }).replicas, 2);
  // The operator scales the worker and node Deployments: the chart must not set their replicas.
  for (const name of ['worker', 'selenium-node']) {
    const d = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === `${release}-${name}`)!;
    assert.is((d.spec as { replicas?: number }).replicas, undefined, name);
  }
  const testPod = objs.find((o) => o.kind === 'Pod')!;
  assert.is(testPod.metadata && (testPod.metadata as { annotations?: Record<string, string> }).annotations?.['helm.sh/hook'], 'test');
});

for (const values of valueSets) {
  test(`${values}: every rendered object is accepted by the apiserver (server-side dry run)`, async () => {
    const objs = await dryRun(values);
    if (values.includes('production')) {
      assert.equal(byKind(objs, 'StatefulSet'), []);
      assert.is(byKind(objs, 'Ingress').length, 1);
      assert.is(byKind(objs, 'HorizontalPodAutoscaler').length, 1);
      assert.ok(byKind(objs, 'NetworkPolicy').length >= 5);
      assert.is(byKind(objs, 'ServiceMonitor').length, 1);
      assert.is(byKind(objs, 'PrometheusRule').length, 1);
      assert.is(byKind(objs, 'ConfigMap').length, 4);
      const bindings = objs
        .filter((o) => o.kind === 'RoleBinding' && o.metadata.name.endsWith('-api-jobs'))
        .map((o) => o.metadata.namespace)
        .sort();
      assert.equal(bindings, [deptA, deptB]);
      assert.equal(
        objs.filter((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name.endsWith('-api-jobs')),
        [],
      );
    }
    if (values.includes('external-grid')) {
      assert.equal(byKind(objs, 'CollectorPool'), []);
      assert.is(objs.filter((o) => o.metadata.name.includes('selenium')).length, 0);
      assert.equal(byKind(objs, 'PodDisruptionBudget'), []);
    }
  });
}

test('helm install --dry-run=server against the apiserver: NOTES tell how to submit a first job; passwords are kept across upgrades', async () => {
  const release = `n${suite.id.slice(-8)}`;
  const r = await helm(['install', release, CHART, '--namespace', suite.namespace, '--dry-run=server']);
  assert.is(r.code, 0, r.stderr);
  const notes = r.stdout.slice(r.stdout.indexOf('NOTES:'));
  assert.match(notes, /kind: CollectionJob/);
  assert.match(notes, /kubectl -n dept-economy wait --for=condition=Complete coljob\/first-job/);
  assert.match(notes, /\/collectors\/metadata\/start/);
  assert.match(notes, /No token Secret is configured/);
  assert.match(notes, /WARNING: the bundled single-instance PostgreSQL and RabbitMQ/);
  assert.match(r.stdout, /# Source: newsroom-collector\/templates\/tests.yaml[\s\S]*helm.sh\/hook: test/);

  // The password Secret of an earlier install of the release is reused (lookup against the live
  // apiserver), not regenerated.
  const name = `${release}-newsroom-postgresql`;
  await kubectl(['create', 'secret', 'generic', name, '-n', suite.namespace, '--from-literal=password=kept-password-1']);
  await kubectl(['label', 'secret', name, '-n', suite.namespace, 'app.kubernetes.io/managed-by=Helm']);
  await kubectl([
    'annotate',
    'secret',
    name,
    '-n',
    suite.namespace,
    `meta.helm.sh/release-name=${release}`,
    `meta.helm.sh/release-namespace=${suite.namespace}`,
  ]);
  const again = await helm(['install', release, CHART, '--namespace', suite.namespace, '--dry-run=server', '--set', 'tests.enabled=false']);
  assert.is(again.code, 0, again.stderr);
  const secret = parseAllDocuments(again.stdout.slice(0, again.stdout.indexOf('NOTES:')))
    .map((d) => d.toJS() as Obj)
    .find((o) => o?.kind === 'Secret' && o.metadata.name === name) as (Obj & { data: Record<string, string> }) | undefined;
  assert.ok(secret, 'no PostgreSQL password Secret rendered');
  assert.is(Buffer.from(secret.data.password!, 'base64').toString(), 'kept-password-1');
});

test('every program and Selenium Pod runs with the secure defaults', async () => {
  for (const values of [undefined, ...valueSets]) {
    const objs = await template('sec', 'sec', values ? ['-f', `${CHART}/ci/${values}`] : []);
    for (const o of objs.filter((x) => ['Deployment', 'StatefulSet', 'Pod'].includes(x.kind))) {
      const where = `${values ?? 'default'}: ${o.kind} ${o.metadata.name}`;
      const pod = (o.kind === 'Pod' ? o.spec : (o.spec as { template: { spec: Record<string, unknown> } }).template.spec) as {
        securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
        containers: {
          name: string;
          resources?: { requests?: unknown; limits?: { memory?: string; cpu?: string } };
          securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] }; readOnlyRootFilesystem?: boolean };
          livenessProbe?: unknown;
          readinessProbe?: unknown;
        }[];
      };
      assert.is(pod.securityContext?.runAsNonRoot, true, where);
      assert.is(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault', where);
      for (const c of pod.containers) {
        assert.is(c.securityContext?.allowPrivilegeEscalation, false, `${where} ${c.name}`);
        assert.equal(c.securityContext?.capabilities?.drop, ['ALL'], `${where} ${c.name}`);
        assert.ok(c.resources?.requests && c.resources.limits?.memory && c.resources.limits.cpu, `${where} ${c.name}: requests and limits`);
        if (o.kind !== 'Pod') assert.ok(c.livenessProbe && c.readinessProbe, `${where} ${c.name}: probes`);
        if (!o.metadata.name.includes('selenium')) assert.is(c.securityContext?.readOnlyRootFilesystem, true, `${where} ${c.name}`);
      }
    }
    // The programs' probes are /healthz and /readyz on their health port.
    for (const o of objs.filter((x) => x.kind === 'Deployment' && /-(operator|api|worker)$/.test(x.metadata.name))) {
      const c = (
        o.spec as {
          template: { spec: { containers: { livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } } }[] } };
        }
      ).template.spec.containers[0]!;
      assert.is(c.livenessProbe.httpGet.path, '/healthz');
      assert.is(c.readinessProbe.httpGet.path, '/readyz');
    }
    // The gateway pauses before it is signalled, within its grace period, so rollouts drop no request.
    for (const o of objs.filter((x) => x.kind === 'Deployment' && x.metadata.name.endsWith('-api'))) {
      const pod = (
        o.spec as {
          template: { spec: { terminationGracePeriodSeconds: number; containers: { lifecycle?: { preStop?: { sleep?: { seconds: number } } } }[] } };
        }
      ).template.spec;
      const pause = pod.containers[0]!.lifecycle?.preStop?.sleep?.seconds ?? 0;
      assert.ok(pause >= 1 && pause + 20 <= pod.terminationGracePeriodSeconds, `${values ?? 'default'}: the gateway's preStop pause ${pause} s`);
    }
    // No connection URL or password in plain values: every such variable comes from a Secret (or is
    // composed from one by the kubelet).
    for (const o of objs.filter((x) => x.kind === 'Deployment')) {
      const env = (o.spec as { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } }).template.spec.containers.flatMap(
        (c) => c.env ?? [],
      );
      for (const e of env.filter((x) => /^(DATABASE_URL|AMQP_URL|RABBITMQ_MANAGEMENT_URL|SE_REGISTRATION_SECRET)$/.test(x.name))) {
        assert.ok(
          e.value === undefined || /\$\(NEWSROOM_[A-Z]+_PASSWORD\)/.test(e.value),
          `${values ?? 'default'}: ${o.metadata.name} ${e.name} is a plain value`,
        );
      }
    }
  }
});

const badValues: [string, string[], RegExp][] = [
  ['an unknown top-level value', ['--set', 'replicas=3'], /additional properties 'replicas' not allowed|additionalProperties/],
  ['a log level that does not exist', ['--set', 'logLevel=verbose'], /logLevel/],
  ['no operator replica', ['--set', 'operator.replicas=0'], /operator\.replicas|replicas/],
  ['more worker slots than the CRD allows', ['--set', 'worker.slots=100'], /slots/],
  ['a malformed image digest', ['--set', 'image.digest=latest'], /digest/],
  ['a service type that does not exist', ['--set', 'api.service.type=Internal'], /type/],
  ['a memory quantity that is not one', ['--set', 'selenium.node.shmSize=lots'], /shmSize/],
  ['an external database without its Secret', ['--set', 'postgresql.enabled=false'], /existingSecret/],
  ['an external RabbitMQ without its Secret', ['--set', 'rabbitmq.enabled=false'], /existingSecret/],
  ['no Grid and no external Grid URL', ['--set', 'selenium.enabled=false'], /externalUrl/],
  ['a department namespace that is not a name', ['--set', 'api.jobNamespaces={Dept_A}'], /jobNamespaces/],
  ['a misspelt monitoring switch', ['--set', 'monitoring.serviceMonitors.enabled=true'], /serviceMonitors/],
];

for (const [name, args, message] of badValues) {
  test(`values.schema.json refuses ${name}`, async () => {
    const r = await helm(['template', 'bad', CHART, `--kube-version=${KUBE_VERSION}`, ...args]);
    assert.is.not(r.code, 0, `accepted: ${args.join(' ')}`);
    assert.match(r.stderr, /values don't meet the specifications of the schema|is required/, r.stderr);
    assert.match(r.stderr, message, r.stderr);
  });
}

test('generated files have not drifted (chart CRDs, dashboards, manifests/install)', async () => {
  try {
    await run('bash', [fromRoot('hack', 'gen-manifests.sh'), '--check'], { env: { ...process.env, ...suite.env } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    assert.unreachable(`${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
});

test('the plain manifests are accepted by the apiserver (server-side dry run)', async () => {
  // Into the suite's namespace, so objects a running local stack keeps in newsroom-system do not matter.
  for (const file of ['newsroom.yaml', 'monitoring.yaml']) {
    const text = readFileSync(fromRoot('manifests', 'install', file), 'utf8').replaceAll('newsroom-system', suite.namespace);
    const r = await kubectlResult(['apply', '--server-side', '--force-conflicts', '--dry-run=server', '-f', '-'], text);
    assert.is(r.code, 0, `${file}: ${r.stderr}`);
    const documents = parseAllDocuments(text).filter((d) => (d.toJS() as Obj | null)?.kind).length;
    assert.is(r.stdout.split('\n').filter((l) => l.includes('(server dry run)')).length, documents, r.stdout);
  }
});

test.run();
