// The worker: wires configuration, database, RabbitMQ and the health server together.
import { connectAmqp } from '../lib/amqp/connection.js';
import { topologyNames } from '../lib/amqp/topology.js';
import { loadConfigOrExit } from '../lib/config.js';
import { migrate } from '../lib/db/migrate.js';
import { createPool, databaseReadiness } from '../lib/db/pool.js';
import { startHealthServer } from '../lib/health-server.js';
import { runMain, startProgram } from '../lib/program.js';
import { workerConfig } from './config.js';

runMain('worker', async () => {
  const config = loadConfigOrExit('worker', workerConfig);
  const { log, registry, shutdown } = startProgram('worker', config.LOG_LEVEL);
  await migrate({ databaseUrl: config.DATABASE_URL });
  const pool = createPool(config.DATABASE_URL, { applicationName: 'newsroom-worker' });
  shutdown.add('database', () => pool.end());
  const amqp = await connectAmqp(config.AMQP_URL, topologyNames(config.NEWSROOM_PREFIX), 'newsroom-worker');
  shutdown.add('rabbitmq', () => amqp.close());
  const health = await startHealthServer({ port: config.WORKER_PORT, registry, ready: databaseReadiness(pool, config.DATABASE_URL) });
  shutdown.add('health server', () => health.close());
  log.info({ port: health.port, slots: config.WORKER_SLOTS }, 'worker started');
});
