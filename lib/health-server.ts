// The small HTTP server every program has: /metrics for Prometheus, /healthz (the process is alive)
// and /readyz (its dependencies answer). The gateway serves these from Fastify instead.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<string | null>; // null when ready, else the reason

export interface HealthServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(opts: { port: number; host?: string; registry: Registry; ready: ReadinessCheck }): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (m) => reply(200, m, opts.registry.contentType),
        (e: Error) => reply(500, e.message),
      );
    } else if (path === '/healthz') {
      reply(200, 'ok\n');
    } else if (path === '/readyz') {
      opts.ready().then(
        (reason) => (reason === null ? reply(200, 'ready\n') : reply(503, `not ready: ${reason}\n`)),
        (e: Error) => reply(503, `not ready: ${e.message}\n`),
      );
    } else {
      reply(404, 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
