// Domain service: job-scoped log lines (job_logs), oldest first, continued by a cursor on the line id.
// A department sees the lines of its own jobs.
import fp from 'fastify-plugin';
import { LOG_LEVELS, type JobLogLevel } from '../../../lib/db/job-log.js';
import { likeContains } from '../../domain/csv.js';
import { decodeCursor, encodeCursor, params } from '../../domain/keyset.js';
import { HttpProblem } from '../../domain/problem.js';
import { dbCall, prepared } from '../external/database.js';

export interface LogFilter {
  department: string | null;
  job?: string;
  level?: JobLogLevel;
  component?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface LogLine {
  id: number;
  time: string;
  level: string;
  component: string;
  message: string;
  fields: Record<string, unknown> | null;
  job: string | null;
  request_id: string | null;
  task_id: string | null;
}

export interface LogsService {
  /** Lines after `afterId` (0: from the first), at most `limit`, and whether more follow. */
  after(f: LogFilter, afterId: number, limit: number): Promise<{ lines: LogLine[]; more: boolean }>;
  cursorOf(id: number): string;
  /** The id a cursor continues after; 400 when it is not one. */
  parseCursor(text: string | undefined): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    logs: LogsService;
  }
}

const LEVEL_NAMES = new Map<number, string>(Object.entries(LOG_LEVELS).map(([k, v]) => [v, k]));

export default fp(
  async (app) => {
    const service: LogsService = {
      async after(f, afterId, limit) {
        const { values, p } = params();
        const where = [`l.id > ${p(afterId)}`];
        if (f.department !== null) where.push(`j.department = ${p(f.department)}`);
        if (f.job !== undefined) {
          const job = p(f.job);
          where.push(`(j.request_id = ${job} OR j.name = ${job} OR j.uid::text = ${job})`);
        }
        if (f.level !== undefined) where.push(`l.level >= ${p(LOG_LEVELS[f.level])}`);
        if (f.component !== undefined) where.push(`l.component = ${p(f.component)}`);
        if (f.from !== undefined) where.push(`l.time >= ${p(f.from)}::timestamptz`);
        if (f.to !== undefined) where.push(`l.time < ${p(f.to)}::timestamptz`);
        if (f.q !== undefined) where.push(`l.message ILIKE ${p(likeContains(f.q))}`);
        const join = f.department !== null || f.job !== undefined ? 'JOIN' : 'LEFT JOIN';
        const sql = `SELECT l.id, l.time, l.level, l.component, l.message, l.fields, l.task_id, j.name AS job, j.request_id
          FROM job_logs l ${join} jobs j ON j.uid = l.job_uid WHERE ${where.join(' AND ')} ORDER BY l.id LIMIT ${p(limit + 1)}`;
        const { rows } = await dbCall(() =>
          app.db.query<{
            id: number;
            time: Date;
            level: number;
            component: string;
            message: string;
            fields: Record<string, unknown> | null;
            task_id: string | null;
            job: string | null;
            request_id: string | null;
          }>(prepared(sql, values)),
        );
        const lines = rows.slice(0, limit).map((r) => ({
          id: r.id,
          time: r.time.toISOString(),
          level: LEVEL_NAMES.get(r.level) ?? String(r.level),
          component: r.component,
          message: r.message,
          fields: r.fields,
          job: r.job,
          request_id: r.request_id,
          task_id: r.task_id,
        }));
        return { lines, more: rows.length > limit };
      },
      cursorOf: (id) => encodeCursor({ k: null, id: String(id) }),
      parseCursor(text) {
        if (text === undefined) return 0;
        const c = decodeCursor(text);
        const id = c ? Number(c.id) : NaN;
        if (!Number.isSafeInteger(id) || id < 0)
          throw new HttpProblem(400, 'cursor: is not a cursor this gateway gave out', [{ field: 'cursor', message: 'is not valid' }]);
        return id;
      },
    };
    app.decorate('logs', service);
  },
  { name: 'logs', dependencies: ['database'] },
);
