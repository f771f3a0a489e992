// The operator: wires configuration, database migrations, the controllers and the health server.
import { loadConfigOrExit } from '../lib/config.js';
import { migrate } from '../lib/db/migrate.js';
import { startHealthServer } from '../lib/health-server.js';
import { runMain, startProgram } from '../lib/program.js';
import { operatorConfig } from './config.js';
import { startOperator } from './manager.js';

runMain('operator', async () => {
  const config = loadConfigOrExit('operator', operatorConfig);
  const program = startProgram('operator', config.LOG_LEVEL);
  const applied = await migrate({ databaseUrl: config.DATABASE_URL });
  if (applied.length) program.log.info({ applied }, 'database migrated');
  // The caches sync before the health server starts, so /readyz answers for a working operator.
  const operator = await startOperator(config, program);
  const health = await startHealthServer({ port: config.OPERATOR_PORT, registry: program.registry, ready: () => operator.ready() });
  program.shutdown.add('health server', () => health.close());
  program.log.info({ port: health.port }, 'operator started');
});
