// The fleet's capacity as the operator last recorded it: Selenium Grid, queues, workers.
import type { FastifyInstance } from 'fastify';
import { withProblems } from '../schemas/common.js';
import { usageReply } from '../schemas/resources.js';

export default async function resourceRoutes(app: FastifyInstance) {
  app.get(
    '/resources/usage',
    {
      schema: {
        tags: ['resources'],
        summary: 'Selenium Grid nodes/slots/sessions/queue, RabbitMQ queue depths and consumers, workers busy/total, as last recorded',
        response: withProblems({ 200: usageReply }),
      },
    },
    async () => {
      const pools = await app.resources.snapshots();
      const newest = [...pools].sort((a, b) => b.taken_at.localeCompare(a.taken_at))[0];
      const pick = (...keys: string[]) => {
        for (const k of keys) if (newest?.data[k] !== undefined) return newest.data[k];
        return null;
      };
      return {
        recorded: pools.length > 0,
        taken_at: newest?.taken_at ?? null,
        selenium: pick('selenium', 'grid'),
        queues: pick('queues', 'rabbitmq'),
        workers: pick('workers'),
        pools,
      };
    },
  );
}
