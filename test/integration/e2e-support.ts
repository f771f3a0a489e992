// Shared steps of the end-to-end suites: the gateway as a child process with a tokens file of the
// suite's own departments, the shared local portal's ground truth, and reading a CSV download.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '../../api/domain/tokens.js';
import type { KubeRest } from '../../lib/kube/rest.js';
import { fromRoot } from '../../lib/paths.js';
import { daysBefore, pickDays, type KeywordDay } from '../harness/corpus.js';
import type { Suite } from '../harness/stack.js';
import { createDeployment, createPool, deploymentBody } from './autoscale-support.js';
import { waitFor } from './operator-support.js';

export interface Gateway {
  url: string;
  /** A department's bearer token (one per department given at start). */
  token(department: string): string;
  output(): string;
  call<T = Record<string, unknown>>(department: string, path: string, init?: RequestInit): Promise<{ status: number; body: T; text: string }>;
  stop(): Promise<void>;
}

/** Starts the gateway (dist/api/main.js) on a free port with one fresh token per department (and an admin token named `admin` when asked). */
export async function startGateway(suite: Suite, departments: string[], opts: { admin?: boolean } = {}): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-tokens-'));
  const tokens = new Map([...departments, ...(opts.admin ? ['admin'] : [])].map((d) => [d, randomBytes(24).toString('hex')]));
  const file = join(dir, 'tokens.json');
  writeFileSync(
    file,
    JSON.stringify({
      tokens: [...tokens].map(([d, t]) =>
        opts.admin && d === 'admin' ? { name: d, admin: true, sha256: hashToken(t) } : { name: d, department: d, sha256: hashToken(t) },
      ),
    }),
  );
  const child = spawn(process.execPath, ['--enable-source-maps', fromRoot('dist', 'api', 'main.js')], {
    env: suite.programEnv({
      API_PORT: '0',
      API_HOST: '127.0.0.1',
      API_TOKENS_FILE: file,
      LOG_LEVEL: 'info',
      API_FLEET_POOL: `${suite.namespace}/fleet`,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise((r) => child.once('exit', r));
  const port = await waitFor(
    'the gateway to start',
    async () => {
      if (child.exitCode !== null) throw new Error(`the gateway exited: ${out.slice(-2000)}`);
      return Number(/"port":(\d+),"msg":"api started"/.exec(out)?.[1] ?? 0);
    },
    60_000,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the gateway to be ready', async () => (await fetch(`${url}/readyz`)).ok, 60_000, 250);
  return {
    ...gatewayClient(url, tokens),
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls to a running gateway at URL with the departments' tokens (department name to token). */
export function gatewayClient(url: string, tokens: ReadonlyMap<string, string>): Pick<Gateway, 'url' | 'token' | 'call'> {
  const token = (d: string) => {
    const t = tokens.get(d);
    if (!t) throw new Error(`no token for ${d}`);
    return t;
  };
  return {
    url,
    token,
    async call<T>(department: string, path: string, init: RequestInit = {}) {
      const res = await fetch(url + path, {
        ...init,
        headers: { authorization: `Bearer ${token(department)}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      });
      const text = await res.text();
      let body: T;
      try {
        body = JSON.parse(text) as T;
      } catch {
        body = undefined as T;
      }
      return { status: res.status, body, text };
    },
  };
}

export type { KeywordDay };
export type { TruthArticle, TruthComment } from '../portal/truth.js';

/** The ground truth of the stack's portal (PORTAL_URL). */
export async function truth<T>(path: string): Promise<T> {
  const base = process.env.PORTAL_URL;
  if (!base) throw new Error('.local/env has no PORTAL_URL: run `make up`');
  const r = await fetch(`${base}/__truth/${path}`);
  if (!r.ok) throw new Error(`/__truth/${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

/**
 * Small keyword-days at least a week before the portal's clock, each with at most 5 articles, at least two
 * of them on the portal, and 20-200 comments among which replies and deleted ones: quick to collect end to
 * end. Fewest comments first.
 */
export async function smallKeywordDays(atLeast = 2): Promise<KeywordDay[]> {
  const { now } = await truth<{ now: string }>('summary');
  const days = await pickDays(
    truth,
    { to: daysBefore(now, 7), max_articles: 5, min_portal_articles: 2, min_comments: 20, max_comments: 200, min_replies: 1, min_deleted: 1 },
    atLeast,
  );
  return days.sort((a, b) => a.comments - b.comments || a.articles - b.articles || a.date.localeCompare(b.date) || a.query.localeCompare(b.query));
}

/** The records of a CSV text (RFC 4180 quoting: doubled quotes, line breaks inside quotes; CRLF or LF rows). */
export function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  const cell = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r?\n|$)/y;
  let row: string[] = [];
  while (cell.lastIndex < text.length) {
    const at = cell.lastIndex;
    const m = cell.exec(text);
    if (!m) throw new Error(`not CSV at offset ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
    const raw = m[1]!;
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] !== ',') {
      out.push(row);
      row = [];
    }
  }
  return out;
}

/** The Selenium Grid of `make setup` (SELENIUM_DIR, else the newest one in the cache), for the pod runner's Grid nodes. */
export function seleniumDir(): string | undefined {
  if (process.env.SELENIUM_DIR) return process.env.SELENIUM_DIR;
  const cache = join(process.env.HOME ?? '/root', '.cache', 'newsroom-collector');
  let found: string[];
  try {
    found = readdirSync(cache)
      .filter((x) => x.startsWith('selenium-'))
      .sort();
  } catch {
    return undefined;
  }
  return found.length ? join(cache, found[found.length - 1]!) : undefined;
}

export interface FleetOptions {
  workers: { min: number; max: number };
  nodes: { min: number; max: number };
  windowSeconds: number;
  /** The backstop poll (the pool's default is 2 s). */
  pollSeconds?: number;
  gridUrl: string;
  /** A Secret in the namespace holding the Grid registration secret (drains idle nodes before scale-down). */
  registrationSecret?: string;
}

/**
 * The fleet a CollectorPool scales: Deployments `worker` (one replica) and `chrome` (none) whose pods
 * KWOK runs, and the pool `fleet` over them (2 slots per worker, 2 sessions per node, steps of +10).
 */
export async function createFleet(rest: KubeRest, namespace: string, o: FleetOptions): Promise<void> {
  await createDeployment(rest, namespace, deploymentBody('worker', 1, 'newsroom-worker'));
  await createDeployment(rest, namespace, deploymentBody('chrome', 0, 'selenium-node'));
  await createPool(rest, namespace, 'fleet', {
    workers: { deployment: 'worker', minReplicas: o.workers.min, maxReplicas: o.workers.max, slotsPerReplica: 2 },
    seleniumNodes: { deployment: 'chrome', minReplicas: o.nodes.min, maxReplicas: o.nodes.max, sessionsPerNode: 2 },
    gridUrl: o.gridUrl,
    ...(o.registrationSecret ? { registrationSecretRef: { name: o.registrationSecret } } : {}),
    scaleDownStabilizationSeconds: o.windowSeconds,
    maxScaleUpStep: 10,
    pollIntervalSeconds: o.pollSeconds ?? 1,
  });
}
