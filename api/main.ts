// The gateway: wires configuration, database, Kubernetes, tokens and the Fastify app together.
import { loadConfigOrExit } from '../lib/config.js';
import { createPool, databaseReadiness } from '../lib/db/pool.js';
import { loadKubeCredentials } from '../lib/kube/credentials.js';
import { runMain, startProgram } from '../lib/program.js';
import { buildApp } from './app.js';
import { apiConfig } from './config.js';
import { TokenStore } from './plugins/app/auth.js';

runMain('api', async () => {
  const config = loadConfigOrExit('api', apiConfig);
  const { log, registry, shutdown } = startProgram('api', config.LOG_LEVEL);
  // No migrations here (the operator applies them): the gateway starts without PostgreSQL and answers
  // 503 problems until the database and its schema are there.
  // The gateway's one write is a new job's provisional row, which the operator's mirror writes again:
  // it need not wait for the WAL flush (a crash loses at most that row, never the job).
  const pool = createPool(config.DATABASE_URL, {
    applicationName: 'newsroom-api',
    max: config.API_DB_POOL_SIZE,
    settings: { synchronous_commit: 'off' },
  });
  shutdown.add('database', () => pool.end());
  let tokens: TokenStore;
  if (config.API_TOKENS_FILE) {
    tokens = TokenStore.watch(config.API_TOKENS_FILE, log);
    shutdown.add('tokens', () => tokens.close());
  } else {
    tokens = TokenStore.fromMap(new Map());
    log.warn('API_TOKENS_FILE is not set: every request that needs a token is refused');
  }
  const [poolNamespace, poolName] = config.API_FLEET_POOL.split('/') as [string, string];
  const app = await buildApp({
    pool,
    kubeConfig: loadKubeCredentials(config.KUBECONFIG),
    tokens,
    registry,
    ready: databaseReadiness(pool),
    logger: log,
    rateLimit: { max: config.API_RATE_LIMIT_MAX, windowMs: config.API_RATE_LIMIT_WINDOW_SECONDS * 1000 },
    fleetPool: { namespace: poolNamespace, name: poolName },
    followIntervalMs: config.API_LOG_FOLLOW_INTERVAL_MS,
    readCacheMs: config.API_READ_CACHE_MS,
  });
  await app.listen({ port: config.API_PORT, host: config.API_HOST });
  shutdown.add('http server', () => app.close());
  const address = app.server.address();
  log.info({ port: typeof address === 'object' && address ? address.port : config.API_PORT }, 'api started');
});
