// Probes and metrics, without authentication: /healthz (alive), /readyz and /health (PostgreSQL
// answers), /metrics (Prometheus).
import type { FastifyInstance } from 'fastify';
import type { ReadinessCheck } from '../../lib/health-server.js';
import { health, text } from '../schemas/health.js';

export default async function healthRoutes(app: FastifyInstance, opts: { ready: ReadinessCheck }) {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, summary: 'The process is alive', response: text } }, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send('ok\n'),
  );
  app.get('/readyz', { schema: { tags, summary: 'PostgreSQL answers', response: text } }, async (_req, reply) => {
    const reason = await opts.ready();
    return reply
      .code(reason === null ? 200 : 503)
      .type('text/plain; charset=utf-8')
      .send(reason === null ? 'ready\n' : `not ready: ${reason}\n`);
  });
  app.get('/health', { schema: { tags, summary: "The predecessor's health check", response: { 200: health, 503: health } } }, async (_req, reply) => {
    const reason = await opts.ready();
    return reply
      .code(reason === null ? 200 : 503)
      .send({ status: reason === null ? 'healthy' : 'unhealthy', database: reason === null ? 'up' : 'down', time: new Date().toISOString() });
  });
  app.get('/metrics', { schema: { tags, summary: 'Prometheus metrics', response: { 200: { type: 'string' } } } }, async (_req, reply) =>
    reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()),
  );
}
