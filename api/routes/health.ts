// Probes and metrics, without authentication: /healthz (alive), /readyz (accepting requests), /health
// (PostgreSQL answers, for the predecessor's clients), /metrics (Prometheus).
import type { FastifyInstance } from 'fastify';
import type { ReadinessCheck } from '../../lib/health-server.js';
import { health, text } from '../schemas/health.js';

export default async function healthRoutes(app: FastifyInstance, opts: { ready: ReadinessCheck }) {
  // `security: []`: the OpenAPI document says these need no token (the document's default is a bearer token).
  const tags = ['health'];
  const security: [] = [];
  app.get('/healthz', { schema: { tags, summary: 'The process is alive', response: text, security } }, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send('ok\n'),
  );
  // Ready once listening, whatever PostgreSQL does: without it, requests get the 503 problem with
  // Retry-After (plugins/external/database.ts), which tells a client more than a gateway taken out of
  // the Service would. Only shutting down makes it not ready (503 from return503OnClosing).
  app.get('/readyz', { schema: { tags, summary: 'The gateway accepts requests', response: text, security } }, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send('ready\n'),
  );
  app.get(
    '/health',
    { schema: { tags, summary: "The predecessor's health check", response: { 200: health, 503: health }, security } },
    async (_req, reply) => {
      const reason = await opts.ready();
      return reply
        .code(reason === null ? 200 : 503)
        .send({ status: reason === null ? 'healthy' : 'unhealthy', database: reason === null ? 'up' : 'down', time: new Date().toISOString() });
    },
  );
  app.get('/metrics', { schema: { tags, summary: 'Prometheus metrics', response: { 200: { type: 'string' } }, security } }, async (_req, reply) =>
    reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()),
  );
}
