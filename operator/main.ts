// The operator: wires configuration, database, RabbitMQ and the health server together.
import { connectAmqp } from '../lib/amqp/connection.js';
import { topologyNames } from '../lib/amqp/topology.js';
import { loadConfigOrExit } from '../lib/config.js';
import { migrate } from '../lib/db/migrate.js';
import { createPool, databaseReadiness } from '../lib/db/pool.js';
import { startHealthServer } from '../lib/health-server.js';
import { runMain, startProgram } from '../lib/program.js';
import { operatorConfig } from './config.js';

runMain('operator', async () => {
  const config = loadConfigOrExit('operator', operatorConfig);
  const { log, registry, shutdown } = startProgram('operator', config.LOG_LEVEL);
  const applied = await migrate({ databaseUrl: config.DATABASE_URL });
  if (applied.length) log.info({ applied }, 'database migrated');
  const pool = createPool(config.DATABASE_URL, { applicationName: 'newsroom-operator' });
  shutdown.add('database', () => pool.end());
  const amqp = await connectAmqp(config.AMQP_URL, topologyNames(config.NEWSROOM_PREFIX), 'newsroom-operator');
  shutdown.add('rabbitmq', () => amqp.close());
  const health = await startHealthServer({ port: config.OPERATOR_PORT, registry, ready: databaseReadiness(pool, config.DATABASE_URL) });
  shutdown.add('health server', () => health.close());
  log.info({ port: health.port }, 'operator started');
});
