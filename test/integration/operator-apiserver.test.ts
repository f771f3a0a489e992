// The operator survives its apiserver going away: a private etcd + kube-apiserver (on free ports, with
// the local stack's PKI) is started for this suite only, so restarting it disturbs nobody else. The
// operator runs against it with leader election; the apiserver is stopped and started again under
// it, and the operator — without a restart of its own — re-acquires its Lease, its watches resume,
// and a job created after the restart is planned, published and gets its status.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8s } from '../../lib/kube/client.js';
import { KubeRest, resourcePath } from '../../lib/kube/rest.js';
import { fromRoot } from '../../lib/paths.js';
import { isolatedSuite, stackEnv, type StackEnv, type Suite } from '../harness/stack.js';
import { DEPTS, JOBS, operatorEnv, sleep, startOperator, taskStates, waitFor, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let env: StackEnv;
let dir: string;
let etcd: ChildProcess | undefined;
let apiserver: ChildProcess | undefined;
let op: OperatorProcess | undefined;
let rest: KubeRest;
let kubeconfig: string;
const ports = { etcd: 0, peer: 0, api: 0 };
const PKI = fromRoot('.local', 'pki');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function startProcess(bin: string, args: string[], name: string): ChildProcess {
  const child = spawn(join(env.KUBEBUILDER_ASSETS!, bin), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (code && code !== 0) console.error(`${name} exited with ${code ?? signal}: ${tail.slice(-1500)}`);
  });
  return child;
}

function startApiserver(): ChildProcess {
  return startProcess(
    'kube-apiserver',
    [
      `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${ports.api}`,
      `--tls-cert-file=${PKI}/apiserver.crt`,
      `--tls-private-key-file=${PKI}/apiserver.key`,
      `--client-ca-file=${PKI}/ca.crt`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${PKI}/sa.pub`,
      `--service-account-signing-key-file=${PKI}/sa.key`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.97.0.0/24',
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      `--cert-dir=${dir}/apiserver-certs`,
      '--v=0',
    ],
    'kube-apiserver',
  );
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(t);
}

const ready = async () =>
  rest.get<string>('/readyz', { timeout: '2s' }).then(
    () => true,
    () => false,
  );

async function kubectl(args: string[]): Promise<void> {
  const child = spawn(join(env.KUBEBUILDER_ASSETS!, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${err}`);
}

test.before(async () => {
  env = await stackEnv();
  // The private control plane starts while the suite's database is being made.
  const made = isolatedSuite('operator-apiserver');
  dir = mkdtempSync(join(tmpdir(), 'newsroom-apiserver-'));
  ports.etcd = await freePort();
  ports.peer = await freePort();
  ports.api = await freePort();
  etcd = startProcess(
    'etcd',
    [
      '--name=private',
      `--data-dir=${dir}/etcd`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.peer}`,
      `--initial-cluster=private=http://127.0.0.1:${ports.peer}`,
      '--unsafe-no-fsync',
      '--log-level=error',
    ],
    'etcd',
  );
  apiserver = startApiserver();
  // The stack's kubeconfig (admin client certificate of the same CA), pointed at the private apiserver.
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(env.KUBECONFIG);
  const cluster = kc.getCurrentCluster()!;
  kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `https://127.0.0.1:${ports.api}` } : c));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kc.exportConfig(), { mode: 0o600 });
  kc.loadFromFile(kubeconfig);
  rest = new KubeRest(kc);
  suite = await made;
  await waitFor('the private apiserver ready', ready, 90_000, 500);
  await kubectl(['apply', '--server-side', '-f', fromRoot('crds')]);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', fromRoot('crds')]);
  await rest.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: suite.namespace } } });
  await rest.request('POST', resourcePath(DEPTS), {
    body: {
      apiVersion: DEPTS.apiVersion,
      kind: 'Department',
      metadata: { name: 'main', labels: { 'newsroom.dev/test-suite': suite.id } },
      spec: { namespaces: [suite.namespace] },
    },
  });
  op = startOperator({ ...operatorEnv(suite, { LEADER_ELECTION: 'true' }), KUBECONFIG: kubeconfig });
  await op.port();
});

test.after(async () => {
  await op?.stop();
  rest?.close();
  await stop(apiserver);
  await stop(etcd);
  if (dir) rmSync(dir, { recursive: true, force: true });
  await suite?.cleanup();
});

const createJob = (name: string, n: number) =>
  rest.request<{ metadata: { uid: string } }>('POST', resourcePath(JOBS, suite.namespace), {
    body: {
      apiVersion: JOBS.apiVersion,
      kind: 'CollectionJob',
      metadata: { name },
      spec: { type: 'Comments', articles: { urls: [`https://n.news.naver.com/mnews/article/001/${String(n).padStart(10, '0')}`] } },
    },
  });
const phase = async (name: string) =>
  (await rest.get<{ status?: { phase?: string; tasks?: { queued?: number } } }>(resourcePath(JOBS, suite.namespace, name))).status;

test('the apiserver restarts under a running operator: it leads again, watches resume, new jobs are handled', async () => {
  const before = await createJob('before', 1);
  await waitFor('the first job queued', async () => (await taskStates(suite, before.metadata.uid)).queued === 1, 30_000);
  await waitFor('its status', async () => (await phase('before'))?.tasks?.queued === 1, 30_000);

  await stop(apiserver);
  await sleep(3_000); // the operator's requests and watches fail meanwhile
  apiserver = startApiserver();
  await waitFor('the private apiserver ready again', ready, 90_000, 500);

  const after = await createJob('after', 2);
  await waitFor('the job created after the restart queued', async () => (await taskStates(suite, after.metadata.uid)).queued === 1, 45_000);
  await waitFor('its status written', async () => (await phase('after'))?.tasks?.queued === 1, 30_000);
  assert.is(op!.child.exitCode, null, 'the operator did not exit');
  assert.is(op!.child.signalCode, null);
  const text = await (await fetch(`http://127.0.0.1:${await op!.port()}/metrics`)).text();
  assert.match(text, /newsroom_watch_restarts_total\{[^}]*resource="collectionjobs"[^}]*\} [1-9]/, 'the job watch was restarted');
  assert.match(text, /leader_election_master_status\{[^}]*\} 1/, 'leading again');
});

test.run();
