// The worker: wires configuration, database, RabbitMQ, the NewsSource profiles, the task runner and
// the health server together.
import { ReconnectingAmqp } from '../lib/amqp/connection.js';
import { topologyNames } from '../lib/amqp/topology.js';
import { loadConfigOrExit } from '../lib/config.js';
import { isConnectionError } from '../lib/db/errors.js';
import { migrate } from '../lib/db/migrate.js';
import { createPool, databaseReadiness } from '../lib/db/pool.js';
import { startHealthServer } from '../lib/health-server.js';
import { loadKubeConfig } from '../lib/kube/client.js';
import { KubeRest } from '../lib/kube/rest.js';
import { runMain, startProgram } from '../lib/program.js';
import { Startup } from '../lib/startup.js';
import { ProfileStore, readSecretKeys, reportLayoutError } from '../lib/sources/store.js';
import { workerConfig } from './config.js';
import { Consumer } from './consumer.js';
import { createWorkerMetrics } from './metrics.js';
import { createStoragePool, Storage } from './storage.js';
import { TaskRunner } from './task-runner.js';
import { TaskStore } from './tasks.js';

runMain('worker', async () => {
  const config = loadConfigOrExit('worker', workerConfig);
  const { log, registry, shutdown } = startProgram('worker', config.LOG_LEVEL);
  const metrics = createWorkerMetrics(registry);
  // The health port answers at once; /readyz says what the worker waits for until it consumes.
  const startup = new Startup(log);
  const health = await startHealthServer({ port: config.WORKER_PORT, registry, ready: startup.readiness });
  shutdown.add('health server', () => health.close());
  await startup.until('PostgreSQL', () => migrate({ databaseUrl: config.DATABASE_URL }), isConnectionError);
  const pool = createPool(config.DATABASE_URL, { applicationName: 'newsroom-worker', max: Math.max(4, config.WORKER_SLOTS * 2 + 2) });
  shutdown.add('database', () => pool.end());
  const storagePool = createStoragePool(config.DATABASE_URL, 4 + config.WORKER_SLOTS);
  shutdown.add('storage database pool', () => storagePool.end());

  const rest = new KubeRest(loadKubeConfig(config.KUBECONFIG), 'newsroom-worker');
  shutdown.add('kubernetes client', () => rest.close());
  const profiles = new ProfileStore(rest, log);
  profiles.start();
  shutdown.add('profile watch', () => profiles.stop());

  const names = topologyNames(config.NEWSROOM_PREFIX);
  // Kept open for the life of the worker: a lost connection is re-established (see consumer.ts for what
  // happens to the tasks in progress); /readyz says not ready meanwhile.
  const amqp = new ReconnectingAmqp({ url: config.AMQP_URL, names, clientName: 'newsroom-worker', log });
  shutdown.add('rabbitmq', () => amqp.close());

  const collectionTime = config.WORKER_COLLECTION_TIME;
  const runner = new TaskRunner({
    clock: () => new Date(),
    pool,
    tasks: new TaskStore(pool, config.WORKER_ID, config.WORKER_LEASE_SECONDS),
    storage: new Storage(storagePool),
    profiles,
    secrets: (name, keys) => readSecretKeys(rest, config.WORKER_NAMESPACE, name, keys),
    metrics,
    log,
    gridUrl: config.SELENIUM_GRID_URL,
    takeoverWaitMs: config.WORKER_TAKEOVER_WAIT_SECONDS * 1000,
    pageRetries: config.WORKER_PAGE_RETRIES,
    pageRetryBackoffMs: config.WORKER_PAGE_RETRY_BACKOFF_MS,
    ...(collectionTime ? { collectionTime: () => new Date(collectionTime) } : {}),
    reportLayoutError: (source, reason) => reportLayoutError(rest, source, reason),
  });
  const consumer = new Consumer(
    amqp,
    names,
    config.WORKER_SLOTS,
    (msg, ch, queue) => runner.handle(msg, ch, queue),
    (m) => {
      if (m.action === 'cancel') {
        for (const t of runner.running.values()) {
          if (t.jobUid === m.jobUid && (!m.taskIds || m.taskIds.includes(t.taskId))) t.abort('cancel');
        }
        log.info({ jobUid: m.jobUid }, 'cancel received');
      } else if (m.department) {
        log.info({ action: m.action, department: m.department }, 'department pause/resume is applied by the operator; ignoring it here');
      } else if (m.action === 'pause') void consumer.pause();
      else void consumer.resume();
    },
    log,
  );
  consumer.onCancelledByBroker = () => metrics.consumerCancels.inc();
  // Retries until the broker answers (lib/amqp/connection.ts).
  await startup.until(
    'RabbitMQ',
    () => consumer.start(),
    () => false,
  );

  const database = databaseReadiness(pool);
  startup.running(async () => (consumer.connected ? database() : 'not connected to RabbitMQ'));
  const graceMs = config.WORKER_GRACE_SECONDS * 1000;
  shutdown.add(
    'drain tasks',
    async () => {
      const finished = await consumer.drain(graceMs);
      if (!finished) {
        log.warn({ tasks: [...runner.running.keys()] }, 'grace period over: giving the remaining tasks back to the queue');
        for (const t of runner.running.values()) t.abort('shutdown');
        await consumer.settle(20_000);
      }
      await consumer.close();
    },
    graceMs + 30_000,
  );
  log.info(
    {
      port: health.port,
      slots: config.WORKER_SLOTS,
      id: config.WORKER_ID,
      ...(config.WORKER_COLLECTION_TIME ? { collectionTime: config.WORKER_COLLECTION_TIME.toISOString() } : {}),
    },
    'worker started',
  );
});
