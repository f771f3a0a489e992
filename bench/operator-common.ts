// Shared setup of the operator benchmarks: an isolated suite, one Department with a large quota (or
// several, each with a namespace of its own), the operator as a child process scoped to the suite, and
// job creation with bounded concurrency.
import { k8s } from '../lib/kube/client.js';
import { isolatedSuite, type Suite } from '../test/harness/stack.js';
import { Kube, operatorEnv, startOperator, type OperatorProcess } from '../test/integration/operator-support.js';

export interface Bench {
  suite: Suite;
  kube: Kube;
  op: OperatorProcess;
  /** The namespace of each Department: the suite's own first (Department `bench`), then `bench-1`, `bench-2`, ... */
  namespaces: string[];
  close(): Promise<void>;
}

/** `departments` (default 1): Departments of the same large quota, each with a namespace the operator watches. */
export async function setUp(name: string, env: Record<string, string> = {}, departments = 1): Promise<Bench> {
  const suite = await isolatedSuite(name);
  const kube = new Kube(suite);
  const core = suite.kc.makeApiClient(k8s.CoreV1Api);
  const namespaces = [suite.namespace];
  for (let i = 1; i < departments; i++) {
    const ns = `${suite.namespace.slice(0, 60)}-${i}`;
    await core.createNamespace({ body: { metadata: { name: ns, labels: { 'newsroom.dev/test-suite': name } } } });
    namespaces.push(ns);
  }
  for (const [i, ns] of namespaces.entries())
    await kube.createDepartment(i ? `bench-${i}` : 'bench', { namespaces: [ns], quota: { inFlightTasks: 100000 } });
  const op = startOperator(
    operatorEnv(suite, { LOG_LEVEL: 'warn', OPERATOR_STATUS_INTERVAL_MS: '1000', OPERATOR_WATCH_NAMESPACES: namespaces.join(','), ...env }),
  );
  await waitStarted(op);
  return {
    suite,
    kube,
    op,
    namespaces,
    async close() {
      await kube.cleanup(namespaces);
      await op.stop();
      for (const ns of namespaces.slice(1)) await core.deleteNamespace({ name: ns }).catch(() => undefined);
      await suite.cleanup();
    },
  };
}

async function waitStarted(op: OperatorProcess): Promise<void> {
  // LOG_LEVEL warn hides the start line: wait for the health port through /proc instead of the log.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (op.child.exitCode !== null) throw new Error(`the operator exited: ${op.output()}`);
    await new Promise((r) => setTimeout(r, 200));
    if (await operatorPort(op)) return;
  }
  throw new Error('the operator did not start');
}

/** The operator's health port (it listens on a random port in the benchmarks). */
export async function operatorPort(op: OperatorProcess): Promise<number | undefined> {
  const { readFile, readdir, readlink } = await import('node:fs/promises');
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${op.child.pid}/fd`).catch(() => [] as string[])) {
    const l = await readlink(`/proc/${op.child.pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(l);
    if (m) inodes.add(m[1]!);
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!)) return parseInt(f[1]!.split(':')[1]!, 16);
    }
  }
  return undefined;
}

export async function operatorRssMiB(op: OperatorProcess): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${op.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export function commentsJob(i: number): Record<string, unknown> {
  return { type: 'Comments', articles: { urls: [`https://n.news.naver.com/mnews/article/001/${String(i).padStart(10, '0')}`] } };
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Waits (up to 60 s) until n jobs have a task confirmed and queued; returns each job's creation-to-queued latency, sorted. */
export async function queuedLatencies(b: Bench, n: number, createdAt: Map<string, number>): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  let rows: { job_uid: string; queued_at: Date }[] = [];
  while (Date.now() < deadline) {
    rows = (
      await b.suite.pool.query<{ job_uid: string; queued_at: Date }>(
        `SELECT job_uid, min(queued_at) AS queued_at FROM tasks WHERE queued_at IS NOT NULL GROUP BY job_uid`,
      )
    ).rows;
    if (rows.length >= n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return rows.map((r) => r.queued_at.getTime() - createdAt.get(r.job_uid)!).sort((a, c) => a - c);
}
