// External integration: Prometheus (prom-client). Request duration by route and status, requests in
// flight, jobs created by department, and page cache hits and misses; served at /metrics by the health routes.
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: Registry; jobsCreated: Counter<'department' | 'type'>; pageCache: Counter<'result'> };
  }
}

export default fp(
  async (app, opts: { registry: Registry }) => {
    const registry = opts.registry;
    const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
    const duration =
      existing<Histogram<'method' | 'route' | 'status_code'>>('http_request_duration_seconds') ??
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time to answer an HTTP request, by route template and status code.',
        labelNames: ['method', 'route', 'status_code'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      });
    const inFlight =
      existing<Gauge>('http_requests_in_flight') ??
      new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being answered.', registers: [registry] });
    const jobsCreated =
      existing<Counter<'department' | 'type'>>('newsroom_api_jobs_created_total') ??
      new Counter({
        name: 'newsroom_api_jobs_created_total',
        help: 'CollectionJobs created through the gateway, by department and type.',
        labelNames: ['department', 'type'],
        registers: [registry],
      });
    const pageCache =
      existing<Counter<'result'>>('newsroom_api_page_cache_requests_total') ??
      new Counter({
        name: 'newsroom_api_page_cache_requests_total',
        help: 'Status and data page requests by whether the page cache answered them (hit: no query ran for this request) or a query ran (miss).',
        labelNames: ['result'],
        registers: [registry],
      });
    app.decorate('metrics', { registry, jobsCreated, pageCache });
    app.addHook('onRequest', async (req) => {
      inFlight.inc();
      (req as unknown as { startedAt: bigint }).startedAt = process.hrtime.bigint();
    });
    // One labelled child per method, route and status, kept: observe(labels, v) would hash the labels
    // on every request. Route templates and status codes are few, so the map stays small.
    const children = new Map<string, ReturnType<typeof duration.labels>>();
    app.addHook('onResponse', async (req, reply) => {
      inFlight.dec();
      const started = (req as unknown as { startedAt?: bigint }).startedAt;
      if (started === undefined) return;
      const route = req.routeOptions.url ?? 'unmatched';
      const key = `${req.method} ${route} ${reply.statusCode}`;
      let child = children.get(key);
      if (!child) children.set(key, (child = duration.labels({ method: req.method, route, status_code: String(reply.statusCode) })));
      child.observe(Number(process.hrtime.bigint() - started) / 1e9);
    });
  },
  { name: 'metrics' },
);
