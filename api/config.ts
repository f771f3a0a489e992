// The gateway's environment.
import { common, env } from '../lib/config.js';

export const apiConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  API_PORT: env.int(0, 65535, { default: 8080 }),
  API_HOST: env.string({ default: '0.0.0.0', expected: 'an address to listen on' }),
  API_TOKENS_FILE: env.string({ optional: true, expected: 'the path of the tokens file (JSON: {"tokens":[{"sha256","department"|"admin"}]})' }),
  API_RATE_LIMIT_MAX: env.int(1, 10_000_000, { default: 600, expected: 'requests per token per window, an integer from 1 to 10000000' }),
  API_RATE_LIMIT_WINDOW_SECONDS: env.int(1, 86_400, { default: 60 }),
  API_FLEET_POOL: env.string({
    default: 'newsroom-system/default',
    expected: "the CollectorPool paused by an admin's pause, as namespace/name",
    parse: (r) => {
      if (!/^[a-z0-9-]{1,63}\/[a-z0-9.-]{1,253}$/.test(r)) throw new TypeError('namespace/name of a CollectorPool');
      return r;
    },
  }),
  API_DB_POOL_SIZE: env.int(1, 200, { default: 20 }),
  API_LOG_FOLLOW_INTERVAL_MS: env.int(100, 60_000, { default: 1000 }),
  API_READ_CACHE_MS: env.int(0, 60_000, {
    default: 500,
    expected: 'milliseconds a status or data page may be served from cache (0: never), an integer from 0 to 60000',
  }),
};
