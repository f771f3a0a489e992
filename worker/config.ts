// The worker's environment.
import { hostname } from 'node:os';
import { common, env } from '../lib/config.js';

export const workerConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  AMQP_URL: env.url(['amqp:', 'amqps:'], { secret: true }),
  SELENIUM_GRID_URL: env.url(['http:', 'https:']),
  WORKER_PORT: env.int(0, 65535, { default: 8082 }),
  WORKER_SLOTS: env.int(1, 64, { default: 2 }),
  /** Seconds SIGTERM waits for tasks in flight before giving them back to the queue. */
  WORKER_GRACE_SECONDS: env.int(0, 3600, { default: 25 }),
  /** Task lease length; renewed every third of it while a task runs. */
  WORKER_LEASE_SECONDS: env.int(5, 3600, { default: 60 }),
  /** How long a redelivered task waits for another worker's lease to expire before dropping the copy. */
  WORKER_TAKEOVER_WAIT_SECONDS: env.int(1, 7200, { default: 120 }),
  /** Namespace of the Secrets the profiles name (API credentials). */
  WORKER_NAMESPACE: env.string({ default: 'newsroom-system', expected: 'a namespace name' }),
  /** The lease owner written to tasks (default: host name and process id). */
  WORKER_ID: env.string({ default: `${hostname()}-${process.pid}`, expected: 'a worker id' }),
  /** Retries of one failing page inside a task before the task is reported retryable. */
  WORKER_PAGE_RETRIES: env.int(0, 10, { default: 2 }),
  /**
   * The instant relative dates ("3시간 전") are read against, instead of the clock: only for a site whose
   * clock is pinned, as the test portal's is (test/corpus.env). Unset in production.
   */
  WORKER_COLLECTION_TIME: env.instant({ optional: true }),
  WORKER_PAGE_RETRY_BACKOFF_MS: env.int(0, 600000, { default: 1000 }),
};
