// The operator's environment.
import { common, env } from '../lib/config.js';

export const operatorConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  AMQP_URL: env.url(['amqp:', 'amqps:'], { secret: true }),
  RABBITMQ_MANAGEMENT_URL: env.url(['http:', 'https:'], { secret: true }),
  OPERATOR_PORT: env.int(0, 65535, { default: 8081 }),
};
