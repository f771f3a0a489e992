// Builds the gateway: external integrations -> domain services (decorators) -> route groups. Tests
// build it with real dependencies and drive it with app.inject or a listening port.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from '../lib/health-server.js';
import type { KubeCredentials } from '../lib/kube/credentials.js';
import type { Logger } from '../lib/log.js';
import type { Pool } from '../lib/db/pool.js';
import auditPlugin from './plugins/app/audit.js';
import authPlugin, { type TokenStore } from './plugins/app/auth.js';
import errorsPlugin from './plugins/app/errors.js';
import pageCachePlugin from './plugins/app/page-cache.js';
import databasePlugin from './plugins/external/database.js';
import kubernetesPlugin from './plugins/external/kubernetes.js';
import metricsPlugin from './plugins/external/metrics.js';
import { registerRateLimit } from './plugins/external/rate-limit.js';
import { registerSecurityHeaders } from './plugins/external/security-headers.js';
import swaggerPlugin from './plugins/external/swagger.js';
import dataService from './plugins/services/data.js';
import departmentsService from './plugins/services/departments.js';
import jobsService from './plugins/services/jobs.js';
import logsService from './plugins/services/logs.js';
import resourcesService from './plugins/services/resources.js';
import schedulesService from './plugins/services/schedules.js';
import consolePlugin from './plugins/console/console.js';
import collectorRoutes from './routes/collectors.js';
import consoleRoutes from './routes/console.js';
import fleetRoutes from './routes/fleet.js';
import dataRoutes from './routes/data.js';
import healthRoutes from './routes/health.js';
import jobRoutes from './routes/jobs-v1.js';
import logRoutes from './routes/logs.js';
import resourceRoutes from './routes/resources.js';
import scheduleRoutes from './routes/schedules-v1.js';
import { problemSchema } from './schemas/common.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const BODY_LIMIT = 64 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POST routes whose body is optional: a missing body counts as {}. */
    emptyBody?: boolean;
  }
}

export interface AppOptions {
  pool: Pool;
  /** The apiserver and its credentials: loadKubeCredentials() in the program; a KubeConfig works too. */
  kubeConfig: KubeCredentials;
  tokens: TokenStore;
  registry: Registry;
  /** Whether PostgreSQL answers, for /health (the gateway's /readyz does not depend on it). */
  ready: ReadinessCheck;
  logger?: Logger;
  rateLimit?: { max: number; windowMs: number };
  fleetPool?: { namespace: string; name: string };
  followIntervalMs?: number;
  /** How long status and data pages may be served from a cache (0: never). */
  readCacheMs?: number;
}

/** Request bodies are validated strictly (no coercion, unknown fields refused); query strings are coerced from text. */
function validators() {
  const body = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true, removeAdditional: false }));
  const other = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false }));
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? body : other).compile(schema);
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    // Request lines would double the log volume under load; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: true,
    requestIdHeader: false,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validators());
  app.removeContentTypeParser('text/plain');
  app.addSchema(problemSchema);
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.routeOptions.config.emptyBody) req.body = {};
  });

  // External integrations and cross-cutting plugins.
  await registerSecurityHeaders(app);
  await app.register(errorsPlugin);
  await app.register(metricsPlugin, { registry: opts.registry });
  await app.register(databasePlugin, { pool: opts.pool });
  await app.register(kubernetesPlugin, { credentials: opts.kubeConfig });
  await app.register(swaggerPlugin);
  await app.register(authPlugin, { tokens: opts.tokens });
  await app.register(auditPlugin);

  // Domain services.
  await app.register(departmentsService, { fleetPool: opts.fleetPool ?? { namespace: 'newsroom-system', name: 'default' } });
  await app.register(pageCachePlugin, { ttlMs: opts.readCacheMs ?? 0 });
  await app.register(jobsService);
  await app.register(schedulesService);
  await app.register(dataService);
  await app.register(logsService);
  await app.register(resourcesService);

  // Routes: probes without a token, everything else behind rate limiting and authentication. The
  // limiter runs before a missing or wrong token is refused, so unauthenticated requests are limited
  // too (per address; per token once one is valid); the 401 comes before the body is read.
  await app.register(healthRoutes, { ready: opts.ready });
  await app.register(consolePlugin);
  await app.register(async (api) => {
    api.addHook('onRequest', api.identify);
    await registerRateLimit(api, opts.rateLimit ?? { max: 600, windowMs: 60_000 });
    api.addHook('preParsing', async (req, _reply, payload) => {
      await api.requireCaller(req);
      return payload;
    });
    await api.register(collectorRoutes);
    await api.register(jobRoutes);
    await api.register(scheduleRoutes);
    await api.register(dataRoutes);
    await api.register(logRoutes, { followIntervalMs: opts.followIntervalMs ?? 1000 });
    await api.register(resourceRoutes);
    await api.register(consoleRoutes, { fleetPool: opts.fleetPool ?? { namespace: 'newsroom-system', name: 'default' } });
    await api.register(fleetRoutes, { fleetPool: opts.fleetPool ?? { namespace: 'newsroom-system', name: 'default' } });
  });
  await app.ready();
  return app;
}
