// The one setup helper of the integration suites: reads the running local stack from .local/env
// (starting it with hack/up.sh when it is not up), and gives each suite an isolated namespace,
// database and queue prefix that it removes afterwards.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { ManagementClient } from '../../lib/amqp/management.js';
import { migrate } from '../../lib/db/migrate.js';
import { createPool, type Pool } from '../../lib/db/pool.js';
import { k8s, loadKubeConfig } from '../../lib/kube/client.js';
import { fromRoot } from '../../lib/paths.js';

const run = promisify(execFile);

export interface StackEnv {
  KUBECONFIG: string;
  DATABASE_URL: string;
  AMQP_URL: string;
  RABBITMQ_MANAGEMENT_URL: string;
  SELENIUM_GRID_URL: string;
  PATH: string;
  [k: string]: string;
}

function readEnvFile(): Record<string, string> {
  const file = fromRoot('.local', 'env');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

async function reachable(env: Record<string, string>): Promise<boolean> {
  if (!env.DATABASE_URL || !env.KUBECONFIG) return false;
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let cached: StackEnv | undefined;

/** The local stack's variables, also copied into process.env; starts the stack when it is not running. */
export async function stackEnv(): Promise<StackEnv> {
  if (cached) return cached;
  let env = readEnvFile();
  if (!(await reachable(env))) {
    const up = spawnSync('bash', [fromRoot('hack', 'up.sh')], { stdio: 'inherit' });
    if (up.status !== 0) throw new Error('the local stack is not running and `make up` failed (see its output above)');
    env = readEnvFile();
  }
  for (const k of ['KUBECONFIG', 'DATABASE_URL', 'AMQP_URL', 'RABBITMQ_MANAGEMENT_URL', 'SELENIUM_GRID_URL', 'PATH']) {
    if (!env[k]) throw new Error(`.local/env has no ${k}: run \`make up\``);
  }
  Object.assign(process.env, env);
  cached = env as StackEnv;
  return cached;
}

/** Runs the stack's kubectl with the stack's kubeconfig. */
export async function kubectl(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const env = await stackEnv();
  const child = run('kubectl', args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

/** The local stack's search API credentials as the Secret the naver profile names, in a namespace. */
export async function createOpenApiSecret(namespace: string): Promise<void> {
  await kubectl([
    '-n',
    namespace,
    'create',
    'secret',
    'generic',
    'naver-openapi',
    '--from-literal=client-id=local-client',
    '--from-literal=client-secret=local-secret',
  ]);
}

/** The Secret named by a CollectorPool's registrationSecretRef (the Grid's registration secret, to drain nodes). */
export async function createRegistrationSecret(suite: Suite): Promise<void> {
  await kubectl([
    '-n',
    suite.namespace,
    'create',
    'secret',
    'generic',
    'selenium-registration',
    `--from-literal=registration-secret=${suite.env.SELENIUM_REGISTRATION_SECRET ?? ''}`,
  ]);
}

/** kubectl that does not throw: the exit code and both outputs. */
export async function kubectlResult(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await kubectl(args, input);
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

export interface Suite {
  id: string;
  env: StackEnv;
  namespace: string;
  /** DATABASE_URL of the suite's own database, migrated. */
  databaseUrl: string;
  pool: Pool;
  /** Queue/exchange name prefix of the suite's own topology. */
  prefix: string;
  kc: k8s.KubeConfig;
  management: ManagementClient;
  /** Environment for programs the suite starts. */
  programEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** Installs the CRDs (server-side apply; idempotent) and waits until they are established. */
export async function installCrds(): Promise<void> {
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', fromRoot('crds')]);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', fromRoot('crds')]);
}

export async function isolatedSuite(name: string): Promise<Suite> {
  const env = await stackEnv();
  const id = `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const dbName = 't_' + id.replace(/-/g, '_');
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(dbName)}`);
  await admin.end();
  const u = new URL(env.DATABASE_URL);
  u.pathname = '/' + dbName;
  const databaseUrl = u.toString();
  await migrate({ databaseUrl });
  const pool = createPool(databaseUrl, { max: 5, applicationName: `test-${name}` });

  await installCrds();
  const kc = loadKubeConfig(env.KUBECONFIG);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const namespace = id.slice(0, 63);
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'newsroom.dev/test-suite': name } } } });

  const prefix = `t.${id}`;
  const management = new ManagementClient(env.RABBITMQ_MANAGEMENT_URL);

  return {
    id,
    env,
    namespace,
    databaseUrl,
    pool,
    prefix,
    kc,
    management,
    programEnv: (extra = {}) => ({ ...process.env, ...env, DATABASE_URL: databaseUrl, NEWSROOM_PREFIX: prefix, LOG_LEVEL: 'warn', ...extra }),
    async cleanup() {
      await pool.end().catch(() => undefined);
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      for (const q of await management.queues(prefix + '.').catch(() => [])) await management.deleteQueue(q.name).catch(() => undefined);
      for (const x of await management.exchanges(prefix + '.').catch(() => [])) await management.deleteExchange(x).catch(() => undefined);
      const a = new pg.Client({ connectionString: env.DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`).catch(() => undefined);
      await a.end();
    },
  };
}
