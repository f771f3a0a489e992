// The suites that run on the real node against the chart's release (hack/install-chart.sh): whether the
// stack has a real node, the release installed when it is missing, the in-cluster gateway reached
// through its ClusterIP (kube-proxy's rules apply to the host too) with the local stack's tokens, and
// the waits on the release's pods. On a stack without a real node these suites register no test and
// print "Not run: N (why)", which the runner counts as skipped, never as passed.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fromRoot } from '../../lib/paths.js';
import { kubectl, kubectlResult, stackEnv } from '../harness/stack.js';
import { gatewayClient } from './e2e-support.js';
import type { GatewayClient } from './e2e-truth.js';
import { waitFor } from './operator-support.js';

const run = promisify(execFile);

export const RELEASE = process.env.NEWSROOM_RELEASE ?? 'newsroom';
export const RELEASE_NS = process.env.NEWSROOM_RELEASE_NAMESPACE ?? 'newsroom';
/** The names the chart gives its objects for a release named `newsroom`. */
export const fullname = RELEASE.includes('newsroom') ? RELEASE : `${RELEASE}-newsroom`;

/** Whether the local stack runs a real node; without one, prints why CASES cases are not run. */
export async function realNodeOrNotRun(cases: number, what: string): Promise<boolean> {
  const env = await stackEnv();
  if (env.NEWSROOM_NODE === 'real') return true;
  console.log(`Not run: ${cases} (${what}: they need the real node; this stack runs KWOK's node alone, as at a port offset other than 0)`);
  return false;
}

async function helm(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const env = await stackEnv();
  return run('helm', ['--kubeconfig', env.KUBECONFIG, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

/** The chart installed on the node: installs it (hack/install-chart.sh, about 4 minutes) unless deployed. */
export async function ensureRelease(): Promise<void> {
  const status = await helm(['status', RELEASE, '-n', RELEASE_NS, '-o', 'json']).then(
    (r) => (JSON.parse(r.stdout) as { info: { status: string } }).info.status,
    () => 'missing',
  );
  if (status !== 'deployed') {
    console.log(`  release ${RELEASE} is ${status}: installing it (hack/install-chart.sh)`);
    const env = await stackEnv();
    await run('bash', [fromRoot('hack', 'install-chart.sh'), 'install'], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }).catch(
      (e: Error & { stderr?: string }) => {
        throw new Error(`hack/install-chart.sh failed:\n${(e.stderr || e.message).slice(-3000)}`);
      },
    );
  }
  for (const d of ['operator', 'api', 'worker', 'selenium-hub', 'selenium-node']) await deploymentReady(`${fullname}-${d}`);
}

/** Waits until every replica the Deployment wants is updated and Ready; says what is missing on timeout. */
export async function deploymentReady(name: string, timeoutMs = 300_000): Promise<void> {
  await waitFor(
    `deployment ${name} Ready`,
    async () => {
      const r = await kubectlResult(['-n', RELEASE_NS, 'get', 'deployment', name, '-o', 'json']);
      if (r.code !== 0) return false;
      const d = JSON.parse(r.stdout) as {
        spec: { replicas: number };
        status: { readyReplicas?: number; updatedReplicas?: number; replicas?: number };
      };
      return d.status.readyReplicas === d.spec.replicas && d.status.updatedReplicas === d.spec.replicas && d.status.replicas === d.spec.replicas;
    },
    timeoutMs,
    1000,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${(await podsOverview()).slice(-3000)}`);
  });
}

/** `kubectl get pods -o wide` of the release, for failure messages. */
export async function podsOverview(): Promise<string> {
  return (await kubectlResult(['-n', RELEASE_NS, 'get', 'pods', '-o', 'wide'])).stdout;
}

export interface ReleasePod {
  name: string;
  phase: string;
  ready: boolean;
  deleting: boolean;
  ip: string;
  restarts: number;
  startedAt: string | null;
}

/** The release's pods of one component (app.kubernetes.io/component). */
export async function podsOf(component: string): Promise<ReleasePod[]> {
  const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'pods', '-l', `app.kubernetes.io/component=${component}`, '-o', 'json']);
  const items = (
    JSON.parse(stdout) as {
      items: {
        metadata: { name: string; deletionTimestamp?: string };
        status: {
          phase: string;
          podIP?: string;
          startTime?: string;
          conditions?: { type: string; status: string }[];
          containerStatuses?: { restartCount: number }[];
        };
      }[];
    }
  ).items;
  return items.map((p) => ({
    name: p.metadata.name,
    phase: p.status.phase,
    ready: p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    deleting: Boolean(p.metadata.deletionTimestamp),
    ip: p.status.podIP ?? '',
    restarts: (p.status.containerStatuses ?? []).reduce((s, c) => s + c.restartCount, 0),
    startedAt: p.status.startTime ?? null,
  }));
}

/** The chart's gateway through its Service's ClusterIP, with the local stack's department tokens (.local/tokens.txt). */
export async function releaseGateway(): Promise<GatewayClient> {
  const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'service', `${fullname}-api`, '-o', 'jsonpath={.spec.clusterIP}:{.spec.ports[0].port}']);
  const tokens = new Map<string, string>();
  for (const line of readFileSync(fromRoot('.local', 'tokens.txt'), 'utf8').split('\n')) {
    const [who, token] = line.trim().split(/\s+/);
    if (who && token && !who.startsWith('#')) tokens.set(who, token);
  }
  const gw = gatewayClient(`http://${stdout.trim()}`, tokens);
  await waitFor('the in-cluster gateway to answer /readyz', async () => (await fetch(`${gw.url}/readyz`).catch(() => undefined))?.ok, 60_000, 500);
  return gw;
}

/** One statement on the release's PostgreSQL (psql in its pod), rows as tab-separated fields. */
export async function releaseSql(query: string): Promise<string[][]> {
  const { stdout } = await kubectl([
    '-n',
    RELEASE_NS,
    'exec',
    `${fullname}-postgresql-0`,
    '--',
    'psql',
    '-U',
    'newsroom',
    '-d',
    'newsroom',
    '-AtF',
    '\t',
    '-c',
    query,
  ]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

export interface ReleaseTask {
  kind: string;
  state: string;
  attempts: number;
  /** The worker holding the task's lease (its pod's name) while it runs; empty once the task ended. */
  owner: string;
}

/** The tasks of one CollectionJob, from the release's PostgreSQL. */
export async function releaseTasksOf(namespace: string, job: string): Promise<ReleaseTask[]> {
  const rows = await releaseSql(
    `SELECT t.kind, t.state, t.attempts, coalesce(t.lease_owner, '') FROM tasks t JOIN jobs j ON j.uid = t.job_uid WHERE j.namespace = '${namespace}' AND j.name = '${job}'`,
  );
  return rows.map(([kind, state, attempts, owner]) => ({ kind: kind!, state: state!, attempts: Number(attempts), owner: owner! }));
}

/** Waits for a CollectionJob's Complete condition; fails with its status and the release's pods. */
export async function waitJobComplete(namespace: string, name: string, timeoutS = 420): Promise<void> {
  const wait = await kubectlResult(['wait', '--for=condition=Complete', `coljob/${name}`, '-n', namespace, `--timeout=${timeoutS}s`]);
  if (wait.code !== 0) {
    const job = await kubectlResult(['-n', namespace, 'get', 'coljob', name, '-o', 'jsonpath={.status}']);
    throw new Error(`job ${name}: ${wait.stderr}\nstatus: ${job.stdout}\n${await podsOverview()}`);
  }
}
