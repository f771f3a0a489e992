// Shared setup of the gateway's integration suites: an isolated suite (namespace, database), two
// Departments with suite-unique names (A in the suite's namespace, B in a second one), a CollectorPool
// for the fleet pause, a tokens file with an admin and one token per department, and the app built on
// the real PostgreSQL and kube-apiserver.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Registry } from 'prom-client';
import { buildApp, type AppOptions } from '../../api/app.js';
import { hashToken } from '../../api/domain/tokens.js';
import { TokenStore } from '../../api/plugins/app/auth.js';
import { createLogger } from '../../lib/log.js';
import { databaseReadiness, type Pool } from '../../lib/db/pool.js';
import { k8s, resourceOf } from '../../lib/kube/client.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';

export interface Dept {
  name: string;
  namespace: string;
  token: string;
  maxPriority: number;
}

export interface ApiFixture {
  suite: Suite;
  app: FastifyInstance;
  admin: string;
  a: Dept;
  b: Dept;
  tokensFile: string;
  pool: { namespace: string; name: string };
  objects: k8s.CustomObjectsApi;
  /** app.inject with a bearer token. */
  call(token: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** The CollectionJobs in the namespaces of A and B. */
  jobsInCluster(): Promise<{ metadata: { name: string; namespace: string; annotations?: Record<string, string> }; spec: Record<string, unknown> }[]>;
  writeTokens(extra?: { sha256: string; department?: string; admin?: boolean }[]): void;
  build(overrides?: Partial<AppOptions>): Promise<FastifyInstance>;
  cleanup(): Promise<void>;
}

const token = () => randomBytes(24).toString('hex');

export async function apiFixture(name: string): Promise<ApiFixture> {
  const suite = await isolatedSuite(name);
  const objects = suite.kc.makeApiClient(k8s.CustomObjectsApi);
  const core = suite.kc.makeApiClient(k8s.CoreV1Api);
  const nsB = `${suite.namespace}-b`.slice(0, 63);
  await core.createNamespace({ body: { metadata: { name: nsB, labels: { 'newsroom.dev/test-suite': name } } } });
  const a: Dept = { name: `${suite.id}-a`, namespace: suite.namespace, token: token(), maxPriority: 6 };
  const b: Dept = { name: `${suite.id}-b`, namespace: nsB, token: token(), maxPriority: 9 };
  const D = resourceOf('Department');
  for (const d of [a, b]) {
    const spec = { namespaces: [d.namespace], defaultPriority: 4, maxPriority: d.maxPriority };
    await objects.createClusterCustomObject({
      group: D.group,
      version: D.version,
      plural: D.plural,
      body: { apiVersion: D.apiVersion, kind: 'Department', metadata: { name: d.name }, spec },
    });
    // The operator mirrors Departments into PostgreSQL; the suite writes the mirror itself.
    await suite.pool.query('INSERT INTO departments (name, namespaces, spec) VALUES ($1, $2, $3)', [d.name, [d.namespace], spec]);
  }
  const P = resourceOf('CollectorPool');
  const pool = { namespace: suite.namespace, name: 'fleet' };
  await objects.createNamespacedCustomObject({
    group: P.group,
    version: P.version,
    plural: P.plural,
    namespace: pool.namespace,
    body: { apiVersion: P.apiVersion, kind: 'CollectorPool', metadata: { name: pool.name }, spec: { paused: false } },
  });

  const admin = token();
  const dir = mkdtempSync(join(tmpdir(), 'api-tokens-'));
  const tokensFile = join(dir, 'tokens.json');
  const writeTokens = (extra: { sha256: string; department?: string; admin?: boolean }[] = []) => {
    const list = [
      { name: 'admin', admin: true, sha256: hashToken(admin) },
      { name: a.name, department: a.name, sha256: hashToken(a.token) },
      { name: b.name, department: b.name, sha256: hashToken(b.token) },
      ...extra,
    ];
    // Like a Secret update: the new file replaces the old one at once.
    writeFileSync(tokensFile + '.tmp', JSON.stringify({ tokens: list }));
    renameSync(tokensFile + '.tmp', tokensFile);
  };
  writeTokens();
  const log = createLogger('api-test', 'error');
  const stores: TokenStore[] = [];
  const apps: FastifyInstance[] = [];
  const build = async (overrides: Partial<AppOptions> = {}) => {
    const tokens = TokenStore.watch(tokensFile, log, 200);
    stores.push(tokens);
    const app = await buildApp({
      pool: suite.pool,
      kubeConfig: suite.kc,
      tokens,
      registry: new Registry(),
      ready: databaseReadiness(suite.pool),
      logger: log,
      fleetPool: pool,
      followIntervalMs: 200,
      rateLimit: { max: 100_000, windowMs: 60_000 },
      ...overrides,
    });
    apps.push(app);
    return app;
  };
  const app = await build();
  const C = resourceOf('CollectionJob');

  return {
    suite,
    app,
    admin,
    a,
    b,
    tokensFile,
    pool,
    objects,
    call: (t, opts) => app.inject({ ...opts, headers: { ...(t ? { authorization: `Bearer ${t}` } : {}), ...opts.headers } }),
    async jobsInCluster() {
      const out: Awaited<ReturnType<ApiFixture['jobsInCluster']>> = [];
      for (const ns of [a.namespace, b.namespace]) {
        const list = (await objects.listNamespacedCustomObject({ group: C.group, version: C.version, plural: C.plural, namespace: ns })) as {
          items: never[];
        };
        out.push(...list.items);
      }
      return out;
    },
    writeTokens,
    build,
    async cleanup() {
      for (const x of apps) await x.close().catch(() => undefined);
      for (const s of stores) s.close();
      rmSync(dir, { recursive: true, force: true });
      for (const d of [a, b])
        await objects.deleteClusterCustomObject({ group: D.group, version: D.version, plural: D.plural, name: d.name }).catch(() => undefined);
      await core.deleteNamespace({ name: nsB }).catch(() => undefined);
      await suite.cleanup();
    },
  };
}

/** A row of the jobs mirror, as the operator would write it. */
/** Writes a jobs row as the operator's mirror would (overwriting the gateway's provisional row by uid). */
export async function insertJob(
  pool: Pool,
  row: {
    namespace: string;
    name: string;
    department: string;
    request_id?: string;
    type?: 'Metadata' | 'Comments';
    phase?: string;
    created_at?: Date;
    keywords?: string[];
    progress?: number;
    tasks_running?: number;
    suspended?: boolean;
    message?: string;
    articles?: number;
    uid?: string;
  },
): Promise<string> {
  const { rows } = await pool.query<{ uid: string }>(
    `INSERT INTO jobs (uid, namespace, name, request_id, department, type, method, keywords, priority, phase, suspended, tasks_total, tasks_running, tasks_succeeded, articles, progress, message, spec, status, created_at)
     VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, 'search', $7, 5, $8, $9, 10, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (uid) DO UPDATE SET phase = EXCLUDED.phase, suspended = EXCLUDED.suspended, tasks_total = EXCLUDED.tasks_total,
       tasks_running = EXCLUDED.tasks_running, tasks_succeeded = EXCLUDED.tasks_succeeded, articles = EXCLUDED.articles,
       progress = EXCLUDED.progress, message = EXCLUDED.message, status = EXCLUDED.status, priority = EXCLUDED.priority
     RETURNING uid`,
    [
      row.uid ?? null,
      row.namespace,
      row.name,
      row.request_id ?? null,
      row.department,
      row.type ?? 'Metadata',
      row.keywords ?? ['반도체'],
      row.phase ?? 'Pending',
      row.suspended ?? false,
      row.tasks_running ?? 0,
      Math.round((row.progress ?? 0) / 10),
      row.articles ?? 0,
      row.progress ?? 0,
      row.message ?? null,
      { type: row.type ?? 'Metadata' },
      { phase: row.phase ?? 'Pending' },
      row.created_at ?? new Date(),
    ],
  );
  return rows[0]!.uid;
}
