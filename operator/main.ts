// The operator: wires configuration, database migrations, the controllers and the health server.
import { loadConfigOrExit } from '../lib/config.js';
import { isConnectionError } from '../lib/db/errors.js';
import { migrate } from '../lib/db/migrate.js';
import { startHealthServer } from '../lib/health-server.js';
import { runMain, startProgram } from '../lib/program.js';
import { Startup } from '../lib/startup.js';
import { operatorConfig } from './config.js';
import { startOperator } from './manager.js';

runMain('operator', async () => {
  const config = loadConfigOrExit('operator', operatorConfig);
  const program = startProgram('operator', config.LOG_LEVEL);
  // The health port answers at once; /readyz says what the operator waits for until its caches are
  // synced (RabbitMQ and the apiserver are waited for by their own clients' retries).
  const startup = new Startup(program.log);
  const health = await startHealthServer({ port: config.OPERATOR_PORT, registry: program.registry, ready: startup.readiness });
  program.shutdown.add('health server', () => health.close());
  const applied = await startup.until('PostgreSQL', () => migrate({ databaseUrl: config.DATABASE_URL }), isConnectionError);
  if (applied.length) program.log.info({ applied }, 'database migrated');
  const operator = await startOperator(config, program);
  startup.running(() => operator.ready());
  program.log.info({ port: health.port }, 'operator started');
});
