// The gateway: wires configuration, database and the HTTP server together.
import { loadConfigOrExit } from '../lib/config.js';
import { migrate } from '../lib/db/migrate.js';
import { createPool, databaseReadiness } from '../lib/db/pool.js';
import { startHealthServer } from '../lib/health-server.js';
import { runMain, startProgram } from '../lib/program.js';
import { apiConfig } from './config.js';

runMain('api', async () => {
  const config = loadConfigOrExit('api', apiConfig);
  const { log, registry, shutdown } = startProgram('api', config.LOG_LEVEL);
  await migrate({ databaseUrl: config.DATABASE_URL });
  const pool = createPool(config.DATABASE_URL, { applicationName: 'newsroom-api' });
  shutdown.add('database', () => pool.end());
  const health = await startHealthServer({ port: config.API_PORT, host: config.API_HOST, registry, ready: databaseReadiness(pool, config.DATABASE_URL) });
  shutdown.add('http server', () => health.close());
  log.info({ port: health.port }, 'api started');
});
