// Domain service: the fleet's capacity as the operator last recorded it (resource_snapshots).
import fp from 'fastify-plugin';
import { dbCall } from '../external/database.js';

export interface ResourceSnapshot {
  pool: string;
  taken_at: string;
  data: Record<string, unknown>;
}

export interface ResourcesService {
  snapshots(): Promise<ResourceSnapshot[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    resources: ResourcesService;
  }
}

export default fp(
  async (app) => {
    app.decorate('resources', {
      async snapshots() {
        const { rows } = await dbCall(() =>
          app.db.query<{ pool: string; taken_at: Date; data: Record<string, unknown> }>(
            'SELECT pool, taken_at, data FROM resource_snapshots ORDER BY pool',
          ),
        );
        return rows.map((r) => ({ pool: r.pool, taken_at: r.taken_at.toISOString(), data: r.data }));
      },
    } satisfies ResourcesService);
  },
  { name: 'resources', dependencies: ['database'] },
);
