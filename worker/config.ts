// The worker's environment.
import { common, env } from '../lib/config.js';

export const workerConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  AMQP_URL: env.url(['amqp:', 'amqps:'], { secret: true }),
  SELENIUM_GRID_URL: env.url(['http:', 'https:']),
  WORKER_PORT: env.int(0, 65535, { default: 8082 }),
  WORKER_SLOTS: env.int(1, 64, { default: 2 }),
};
