// Domain service: CollectionSchedules. As for jobs, writes go to the apiserver (create, suspend, delete)
// and reads come from the `schedules` mirror the operator keeps, scoped to a department by the
// namespaces the department owns (null: every department, for admins).
import fp from 'fastify-plugin';
import { ANNOTATION_REQUESTED_BY, LABEL_CREATED_BY } from '../../../lib/crd/labels.js';
import type { CollectionScheduleSpec } from '../../../lib/crd/types.gen.js';
import { resourceOf } from '../../../lib/kube/resources.js';
import type { JobRow } from '../../domain/compat.js';
import type { ScheduleRow } from '../../domain/views.js';
import { decodeCursor, encodeCursor, keyset, params } from '../../domain/keyset.js';
import { HttpProblem } from '../../domain/problem.js';
import { dbCall, prepared } from '../external/database.js';
import { kubeCall } from '../external/kubernetes.js';
import { JOB_COLUMNS } from './jobs.js';

export interface SchedulesService {
  create(input: {
    namespace: string;
    name: string;
    requestedBy: string;
    spec: CollectionScheduleSpec;
    labels?: Record<string, string>;
  }): Promise<ScheduleRow>;
  setSuspend(namespace: string, name: string, suspend: boolean): Promise<void>;
  remove(namespace: string, name: string): Promise<void>;
  byName(name: string, department: string | null, namespace?: string): Promise<ScheduleRow[]>;
  list(filter: { department: string | null; limit: number; cursor?: string }): Promise<{ rows: ScheduleRow[]; nextCursor: string | null }>;
  /** The latest jobs a schedule created, newest first. */
  jobsOf(namespace: string, schedule: string, limit: number): Promise<JobRow[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    schedules: SchedulesService;
  }
}

const COLUMNS = 'uid, namespace, name, spec, status, created_at';
/** The namespaces of a department, for scoping rows that carry only their namespace. */
const IN_DEPARTMENT = (p: string) => `namespace = ANY(SELECT unnest(namespaces) FROM departments WHERE name = ${p})`;

export default fp(
  async (app) => {
    const r = resourceOf('CollectionSchedule');
    const service: SchedulesService = {
      async create(input) {
        const body = {
          apiVersion: r.apiVersion,
          kind: 'CollectionSchedule',
          metadata: {
            name: input.name,
            namespace: input.namespace,
            labels: { ...input.labels, [LABEL_CREATED_BY]: 'newsroom-api' },
            annotations: { [ANNOTATION_REQUESTED_BY]: input.requestedBy },
          },
          spec: input.spec,
        };
        const created = (await kubeCall(`CollectionSchedule ${input.name}`, () => app.kube.create(r, input.namespace, body))) as {
          metadata: { uid: string; creationTimestamp?: string };
          spec: Record<string, unknown>;
        };
        const row: ScheduleRow = {
          uid: created.metadata.uid,
          namespace: input.namespace,
          name: input.name,
          spec: created.spec,
          status: {},
          created_at: new Date(created.metadata.creationTimestamp ?? Date.now()),
        };
        // A provisional row, so a GET right after the 201 finds the schedule before the operator's first
        // mirror (which overwrites it by uid). Best effort: the schedule exists already.
        await app.db
          .query(
            prepared(
              `INSERT INTO schedules (uid, namespace, name, spec, status, created_at) VALUES ($1, $2, $3, $4, '{}', $5) ON CONFLICT DO NOTHING`,
              [row.uid, row.namespace, row.name, JSON.stringify(row.spec), row.created_at],
            ),
          )
          .catch((e: Error) => app.log.warn({ err: e.message, schedule: input.name }, 'could not record the new schedule; the operator will'));
        return row;
      },
      async setSuspend(namespace, name, suspend) {
        await kubeCall(`schedule ${name}`, () => app.kube.mergePatch(r, namespace, name, { spec: { suspend } }));
      },
      async remove(namespace, name) {
        await kubeCall(`schedule ${name}`, () => app.kube.remove(r, namespace, name));
      },
      async byName(name, department, namespace) {
        const { rows } = await dbCall(() =>
          app.db.query<ScheduleRow>(
            `SELECT ${COLUMNS} FROM schedules WHERE deleted_at IS NULL AND name = $1 AND ($2::text IS NULL OR ${IN_DEPARTMENT('$2')})
                AND ($3::text IS NULL OR namespace = $3) ORDER BY namespace`,
            [name, department, namespace ?? null],
          ),
        );
        return rows;
      },
      async list(f) {
        const cursor = f.cursor ? decodeCursor(f.cursor) : null;
        if (f.cursor && !cursor)
          throw new HttpProblem(400, 'cursor: is not a cursor this gateway gave out', [{ field: 'cursor', message: 'is not valid' }]);
        const { values, p } = params();
        const where = ['deleted_at IS NULL'];
        if (f.department !== null) where.push(IN_DEPARTMENT(p(f.department)));
        const ks = keyset('created_at', 'uid', 'desc', cursor, p, { key: 'timestamptz', id: 'uuid' });
        if (ks.where) where.push(ks.where);
        const sql = `SELECT ${COLUMNS}, created_at::text AS _k FROM schedules WHERE ${where.join(' AND ')} ORDER BY ${ks.orderBy} LIMIT ${p(f.limit + 1)}`;
        const { rows } = await dbCall(() => app.db.query<ScheduleRow & { _k: string }>(prepared(sql, values)));
        const page = rows.slice(0, f.limit);
        const last = page[page.length - 1];
        return { rows: page, nextCursor: rows.length > f.limit && last ? encodeCursor({ k: last._k, id: last.uid }) : null };
      },
      async jobsOf(namespace, schedule, limit) {
        const { rows } = await dbCall(() =>
          app.db.query<JobRow>(
            `SELECT ${JOB_COLUMNS} FROM jobs WHERE namespace = $1 AND schedule = $2 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT $3`,
            [namespace, schedule, limit],
          ),
        );
        return rows;
      },
    };
    app.decorate('schedules', service);
  },
  { name: 'schedules', dependencies: ['database', 'kubernetes'] },
);
