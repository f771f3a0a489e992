// The fleet's capacity as the operator last recorded it: Selenium Grid, queues, workers.
import type { FastifyInstance } from 'fastify';
import * as s from '../schemas.js';

const anyObject = { type: ['object', 'null'], additionalProperties: true };

export default async function resourceRoutes(app: FastifyInstance) {
  app.get(
    '/resources/usage',
    {
      schema: {
        tags: ['resources'],
        summary: 'Selenium Grid nodes/slots/sessions/queue, RabbitMQ queue depths and consumers, workers busy/total, as last recorded',
        response: s.withProblems({
          200: {
            type: 'object',
            properties: {
              recorded: { type: 'boolean', description: 'False until the operator has recorded a snapshot.' },
              taken_at: { type: ['string', 'null'], format: 'date-time' },
              selenium: anyObject,
              queues: anyObject,
              workers: anyObject,
              pools: { type: 'array', items: { type: 'object', properties: { pool: { type: 'string' }, taken_at: { type: 'string' }, data: { type: 'object', additionalProperties: true } } } },
            },
          },
        }),
      },
    },
    async () => {
      const pools = await app.resources.snapshots();
      const newest = [...pools].sort((a, b) => b.taken_at.localeCompare(a.taken_at))[0];
      const pick = (...keys: string[]) => {
        for (const k of keys) if (newest?.data[k] !== undefined) return newest.data[k];
        return null;
      };
      return { recorded: pools.length > 0, taken_at: newest?.taken_at ?? null, selenium: pick('selenium', 'grid'), queues: pick('queues', 'rabbitmq'), workers: pick('workers'), pools };
    },
  );
}
