// The audit trail: one log line for every write through the gateway (any method but GET, HEAD and
// OPTIONS), whatever it answered: who (the token's name, admin or department, or anonymous), what (the
// method, the route and the path, the department a body named) and the status. Written at info on a
// logger of its own level, so a gateway running at LOG_LEVEL=warn still keeps it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export default fp(
  async (app: FastifyInstance) => {
    const audit = app.log.child({ audit: true }, { level: 'info' });
    app.addHook('onResponse', async (req, reply) => {
      if (READS.has(req.method)) return;
      const c = req.caller;
      const named = (req.body as { department?: unknown } | undefined)?.department;
      audit.info(
        {
          who: c?.name ?? null,
          kind: c?.kind ?? 'anonymous',
          department: c?.kind === 'department' ? c.department : typeof named === 'string' ? named : null,
          method: req.method,
          route: req.routeOptions.url ?? null,
          path: req.url.split('?')[0],
          status: reply.statusCode,
          ip: req.ip,
        },
        'write',
      );
    });
  },
  { name: 'audit', dependencies: ['auth'] },
);
