// Domain service: CollectionJobs. Writes go to the apiserver (create, suspend, delete); reads come
// from the `jobs` mirror in PostgreSQL, scoped to a department (null: every department, for admins).
import fp from 'fastify-plugin';
import { ANNOTATION_REQUEST_ID, ANNOTATION_REQUESTED_BY, LABEL_CREATED_BY } from '../../../lib/crd/labels.js';
import type { CollectionJobSpec } from '../../../lib/crd/types.gen.js';
import { resourceOf } from '../../../lib/kube/resources.js';
import type { CompatStatus, JobRow } from '../../domain/compat.js';
import { decodeCursor, encodeCursor, keyset, params } from '../../domain/keyset.js';
import { HttpProblem } from '../../domain/problem.js';
import { dbCall, prepared } from '../external/database.js';
import { kubeCall } from '../external/kubernetes.js';
import { JOB_DEFAULTS } from '../../../lib/crd/defaults.js';

export interface CreatedJob {
  name: string;
  namespace: string;
  uid: string;
  createdAt: string;
}

export interface JobListFilter {
  department: string | null;
  type?: 'Metadata' | 'Comments';
  phase?: string;
  status?: CompatStatus;
  limit: number;
  cursor?: string;
}

export interface JobsService {
  create(input: {
    namespace: string;
    name: string;
    department: string;
    requestId: string;
    requestedBy: string;
    spec: CollectionJobSpec;
    labels?: Record<string, string>;
  }): Promise<CreatedJob>;
  setSuspend(namespace: string, name: string, suspend: boolean): Promise<void>;
  remove(namespace: string, name: string): Promise<void>;
  byRequestId(requestId: string, department: string | null): Promise<JobRow | null>;
  byName(name: string, department: string | null, namespace?: string): Promise<JobRow[]>;
  list(filter: JobListFilter): Promise<{ rows: JobRow[]; nextCursor: string | null }>;
  /** Jobs of a department and type that are still running (not finished, not suspended). */
  active(department: string, type: 'Metadata' | 'Comments'): Promise<JobRow[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobsService;
  }
}

/** The columns of a JobRow. */
export const JOB_COLUMNS = `uid, namespace, name, request_id, department, type, method, source, keywords, priority, phase, suspended,
  tasks_total, tasks_pending, tasks_queued, tasks_running, tasks_succeeded, tasks_failed, tasks_cancelled,
  articles, comments, progress, message, spec, status, is_test, created_at, admitted_at, started_at, completed_at, deleted_at, schedule, requested_by`;
const COLUMNS = JOB_COLUMNS;

/** A new job's provisional row; a prepared statement, since POST start runs it at hundreds per second. */
const INSERT_PENDING = `INSERT INTO jobs (uid, namespace, name, request_id, department, type, method, source, keywords, priority, phase, spec, is_test, created_at, requested_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'Pending', $11, $12, $13, $14) ON CONFLICT DO NOTHING`;

/** SQL for a compatibility status (see compatStatus, which this mirrors). */
const STATUS_SQL: Record<CompatStatus, string> = {
  CANCELLED: 'deleted_at IS NOT NULL',
  COMPLETED: "deleted_at IS NULL AND phase = 'Complete'",
  FAILED: "deleted_at IS NULL AND phase = 'Failed'",
  SUSPENDED: "deleted_at IS NULL AND phase NOT IN ('Complete', 'Failed') AND (phase = 'Suspended' OR suspended)",
  IN_PROGRESS: "deleted_at IS NULL AND NOT suspended AND (phase = 'Running' OR (phase = 'Admitted' AND tasks_running > 0))",
  QUEUED: "deleted_at IS NULL AND NOT suspended AND phase = 'Admitted' AND tasks_running = 0",
  PENDING: "deleted_at IS NULL AND NOT suspended AND phase NOT IN ('Complete', 'Failed', 'Suspended', 'Running', 'Admitted')",
};

export default fp(
  async (app) => {
    const r = resourceOf('CollectionJob');

    async function listJobs(f: JobListFilter): Promise<{ rows: JobRow[]; nextCursor: string | null }> {
      const cursor = f.cursor ? decodeCursor(f.cursor) : null;
      if (f.cursor && !cursor)
        throw new HttpProblem(400, 'cursor: is not a cursor this gateway gave out', [{ field: 'cursor', message: 'is not valid' }]);
      const { values, p } = params();
      const where: string[] = [];
      if (f.department !== null) where.push(`department = ${p(f.department)}`);
      if (f.type) where.push(`type = ${p(f.type)}`);
      if (f.phase) where.push(`phase = ${p(f.phase)}`);
      if (f.status) where.push(`(${STATUS_SQL[f.status]})`);
      const ks = keyset('created_at', 'uid', 'desc', cursor, p, { key: 'timestamptz', id: 'uuid' });
      if (ks.where) where.push(ks.where);
      const sql = `SELECT ${COLUMNS}, created_at::text AS _k FROM jobs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${ks.orderBy} LIMIT ${p(f.limit + 1)}`;
      const { rows } = await dbCall(() => app.db.query<JobRow & { _k: string }>(prepared(sql, values)));
      const more = rows.length > f.limit;
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      return { rows: page, nextCursor: more && last ? encodeCursor({ k: last._k, id: last.uid }) : null };
    }

    const service: JobsService = {
      async create(input) {
        const body = {
          apiVersion: r.apiVersion,
          kind: 'CollectionJob',
          metadata: {
            name: input.name,
            namespace: input.namespace,
            labels: { ...input.labels, [LABEL_CREATED_BY]: 'newsroom-api' },
            annotations: { [ANNOTATION_REQUEST_ID]: input.requestId, [ANNOTATION_REQUESTED_BY]: input.requestedBy },
          },
          spec: input.spec,
        };
        const created = (await kubeCall(`CollectionJob ${input.name}`, () => app.kube.create(r, input.namespace, body))) as {
          metadata: { uid: string; creationTimestamp?: string };
        };
        app.metrics.jobsCreated.inc({ department: input.department, type: input.spec.type });
        const createdAt = created.metadata.creationTimestamp ?? new Date().toISOString();
        // A provisional Pending row, so a status request right after the 202 finds the job before the
        // operator's first mirror (which overwrites this row by uid). Best effort: the job exists already.
        await app.db
          .query(
            prepared(INSERT_PENDING, [
              created.metadata.uid,
              input.namespace,
              input.name,
              input.requestId,
              input.department,
              input.spec.type,
              input.spec.type === 'Metadata' ? (input.spec.method ?? JOB_DEFAULTS.method) : null,
              input.spec.source ?? JOB_DEFAULTS.source,
              input.spec.keywords ?? [],
              input.spec.priority ?? null,
              JSON.stringify(input.spec),
              input.spec.isTest === true,
              createdAt,
              input.requestedBy,
            ]),
          )
          .catch((e: Error) => app.log.warn({ err: e.message, job: input.name }, 'could not record the new job as Pending; the operator will'));
        return { name: input.name, namespace: input.namespace, uid: created.metadata.uid, createdAt };
      },
      async setSuspend(namespace, name, suspend) {
        await kubeCall(`job ${name}`, () => app.kube.mergePatch(r, namespace, name, { spec: { suspend } }));
      },
      async remove(namespace, name) {
        await kubeCall(`job ${name}`, () => app.kube.remove(r, namespace, name));
      },
      async byRequestId(requestId, department) {
        const { rows } = await dbCall(() =>
          app.db.query<JobRow>(
            prepared(`SELECT ${COLUMNS} FROM jobs WHERE request_id = $1 AND ($2::text IS NULL OR department = $2)`, [requestId, department]),
          ),
        );
        return rows[0] ?? null;
      },
      async byName(name, department, namespace) {
        const { rows } = await dbCall(() =>
          app.db.query<JobRow>(
            `SELECT ${COLUMNS} FROM jobs WHERE name = $1 AND ($2::text IS NULL OR department = $2) AND ($3::text IS NULL OR namespace = $3) ORDER BY created_at DESC`,
            [name, department, namespace ?? null],
          ),
        );
        return rows;
      },
      list(f) {
        return listJobs(f);
      },
      async active(department, type) {
        const { rows } = await dbCall(() =>
          app.db.query<JobRow>(
            `SELECT ${COLUMNS} FROM jobs WHERE department = $1 AND type = $2 AND deleted_at IS NULL AND NOT suspended AND phase NOT IN ('Complete', 'Failed', 'Suspended') ORDER BY created_at`,
            [department, type],
          ),
        );
        return rows;
      },
    };
    app.decorate('jobs', service);
  },
  { name: 'jobs', dependencies: ['database', 'kubernetes', 'metrics'] },
);
