// The gateway's environment.
import { common, env } from '../lib/config.js';

export const apiConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  API_PORT: env.int(0, 65535, { default: 8080 }),
  API_HOST: env.string({ default: '0.0.0.0', expected: 'an address to listen on' }),
};
