// The predecessor's collection endpoints: start, stop, status, pause and resume.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { validateSpec } from '../../lib/crd/validate.js';
import type { CollectionJobSpec } from '../../lib/crd/types.gen.js';
import { commentsSpec, compatField, effectivePriority, jobNameFor, metadataSpec, parsePriority, statusEntry } from '../domain/compat.js';
import { badRequest, HttpProblem, notFound, type FieldProblem } from '../domain/problem.js';
import { sharedPoolRefusal } from '../domain/shared-pool.js';
import type { Caller } from '../domain/tokens.js';
import { callerOf } from '../plugins/app/auth.js';
import * as s from '../schemas/collectors.js';
import { actionReply, statusEntrySchema, withProblems } from '../schemas/common.js';
import { typed } from '../schemas/provider.js';

const TYPES = { metadata: 'Metadata', comments: 'Comments' } as const;
type TypeWord = keyof typeof TYPES;

export default async function collectorRoutes(instance: FastifyInstance) {
  const app = typed(instance);
  async function statusList(department: string | null, q: s.StatusListQuery, type?: 'Metadata' | 'Comments') {
    const { rows, nextCursor } = await app.jobs.list({ department, type, status: q.status, limit: q.limit, cursor: q.cursor });
    return { collectors: rows.map(statusEntry), next_cursor: nextCursor, count: rows.length };
  }

  /** Validates, caps the priority, creates the CollectionJob and answers 202. */
  async function submit(
    reply: FastifyReply,
    caller: Caller,
    spec: CollectionJobSpec,
    errors: FieldProblem[],
    body: { priority?: number | string; department?: string },
  ) {
    for (const e of validateSpec('CollectionJob', spec)) errors.push({ ...e, field: compatField(e.field) });
    if (errors.length) throw badRequest(errors);
    const refused = sharedPoolRefusal(caller, spec);
    if (refused) throw refused;
    const dept = await app.departments.forWrite(caller, body.department);
    const requested = body.priority === undefined ? null : parsePriority(body.priority);
    const eff = effectivePriority(requested, dept);
    if (requested !== null) spec.priority = eff.priority;
    const requestId = randomUUID();
    const job = await app.jobs.create({
      namespace: dept.namespace,
      name: jobNameFor(spec.type, requestId),
      department: dept.name,
      requestId,
      requestedBy: caller.name,
      spec,
    });
    reply.code(202).header('location', `/collectors/status/${requestId}`);
    return {
      success: true,
      request_id: requestId,
      message: `${spec.type === 'Metadata' ? 'metadata' : 'comments'} collection accepted${eff.note ? `; ${eff.note}` : ''}`,
      status: 'PENDING',
      queued_at: job.createdAt,
      job,
      department: dept.name,
      priority: eff.priority,
      priority_capped: eff.capped,
      notes: eff.note ? [eff.note] : [],
      total_collected: 0,
    };
  }

  const start = { tags: ['collectors'], response: withProblems({ 202: s.startReply }) };

  app.post(
    '/collectors/metadata/start',
    { schema: { ...start, summary: 'Start a metadata collection', body: s.metadataStartBody } },
    async (req, reply) => {
      const { spec, errors } = metadataSpec(req.body);
      return submit(reply, callerOf(req), spec, errors, req.body);
    },
  );

  app.post(
    '/collectors/comments/start',
    { schema: { ...start, summary: 'Start a comments collection', body: s.commentsStartBody } },
    async (req, reply) => {
      const { spec, errors } = commentsSpec(req.body, (id) => jobNameFor('Metadata', id));
      return submit(reply, callerOf(req), spec, errors, req.body);
    },
  );

  for (const word of Object.keys(TYPES) as TypeWord[]) {
    const type = TYPES[word];
    app.post(
      `/collectors/${word}/stop`,
      {
        schema: {
          tags: ['collectors'],
          summary: `Stop ${word} collections (suspend)`,
          body: s.stopBody,
          response: withProblems({ 202: actionReply }),
        },
        config: { emptyBody: true },
      },
      async (req, reply) => {
        const caller = callerOf(req);
        const { body } = req;
        const scope = app.departments.readScope(caller, body.department);
        let targets: { namespace: string; name: string; id: string }[];
        if (body.request_id) {
          const row = await app.jobs.byRequestId(body.request_id, scope);
          if (row && row.type !== type) throw notFound(`${word} request ${body.request_id}`);
          if (row) targets = [{ namespace: row.namespace, name: row.name, id: body.request_id }];
          else if (caller.kind === 'department')
            targets = [
              {
                namespace: (await app.departments.forWrite(caller, undefined)).namespace,
                name: jobNameFor(type, body.request_id),
                id: body.request_id,
              },
            ];
          else throw notFound(`${word} request ${body.request_id}`);
        } else {
          const rows =
            scope === null
              ? (await app.jobs.list({ department: null, type, limit: 1000 })).rows.filter((r) =>
                  ['PENDING', 'QUEUED', 'IN_PROGRESS'].includes(statusEntry(r).status),
                )
              : await app.jobs.active(scope, type);
          targets = rows.map((r) => ({ namespace: r.namespace, name: r.name, id: r.request_id ?? r.name }));
        }
        for (const t of targets) await app.jobs.setSuspend(t.namespace, t.name, true);
        reply.code(202);
        return {
          success: true,
          status: 'SUSPENDED',
          request_ids: targets.map((t) => t.id),
          message: targets.length ? `stopped ${targets.length} ${word} collection(s)` : `no running ${word} collection to stop`,
        };
      },
    );

    app.get(
      `/collectors/${word}/status`,
      {
        schema: {
          tags: ['collectors'],
          summary: `Status of the caller's ${word} collections`,
          querystring: s.statusListQuery,
          response: withProblems({ 200: s.statusListReply }),
        },
      },
      async (req, reply) => {
        const q = req.query;
        const department = app.departments.readScope(callerOf(req), q.department);
        return app.cachedPage(req, reply, department, () => statusList(department, q, type));
      },
    );
  }

  app.get(
    '/collectors/status',
    {
      schema: {
        tags: ['collectors'],
        summary: "Status of all the caller's collections, newest first",
        querystring: s.statusListQuery,
        response: withProblems({ 200: s.statusListReply }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const department = app.departments.readScope(callerOf(req), q.department);
      return app.cachedPage(req, reply, department, () => statusList(department, q));
    },
  );

  app.get(
    '/collectors/status/:request_id',
    {
      schema: {
        tags: ['collectors'],
        summary: 'Status of one request',
        params: s.requestIdParams,
        response: withProblems({ 200: statusEntrySchema }),
      },
    },
    async (req, reply) => {
      const { request_id } = req.params;
      const department = app.departments.readScope(callerOf(req), undefined);
      return app.cachedPage(req, reply, department, async () => {
        const row = await app.jobs.byRequestId(request_id, department);
        if (!row) throw notFound(`request ${request_id}`);
        return statusEntry(row);
      });
    },
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/collectors/${action}`,
      {
        schema: {
          tags: ['collectors'],
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} admission: admins the whole fleet, a department its own`,
          body: s.pauseBody,
          response: withProblems({ 202: actionReply }),
        },
        config: { emptyBody: true },
      },
      async (req, reply) => {
        const caller = callerOf(req);
        const { body } = req;
        if (caller.kind === 'department' && body.department !== undefined && body.department !== caller.department) {
          throw new HttpProblem(403, `this token belongs to the ${caller.department} department, not ${body.department}`);
        }
        const department = caller.kind === 'admin' ? (body.department ?? null) : caller.department;
        const message = await app.departments.setPaused(caller, department, paused);
        reply.code(202);
        return {
          success: true,
          paused,
          scope: department === null ? 'fleet' : 'department',
          department: department ?? undefined,
          message,
        };
      },
    );
  }
}
