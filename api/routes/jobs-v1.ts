// The resource-style API: /v1/jobs maps 1:1 onto CollectionJob in the caller's department namespace.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { API_VERSION } from '../../lib/crd/definitions.js';
import { ANNOTATION_REQUEST_ID } from '../../lib/crd/labels.js';
import { parseSpec } from '../../lib/crd/validate.js';
import { effectivePriority, jobNameFor } from '../domain/compat.js';
import { badRequest, HttpProblem, notFound } from '../domain/problem.js';
import type { Caller } from '../domain/tokens.js';
import { jobView } from '../domain/views.js';
import { clientLabelErrors } from '../domain/client-labels.js';
import { sharedPoolRefusal } from '../domain/shared-pool.js';
import { callerOf } from '../plugins/app/auth.js';
import { actionReply, withProblems } from '../schemas/common.js';
import * as s from '../schemas/jobs.js';
import { typed } from '../schemas/provider.js';

export default async function jobRoutes(instance: FastifyInstance) {
  const app = typed(instance);
  /** Where the named job lives: the mirror's row when there is one, else the caller's department namespace. */
  async function locate(caller: Caller, name: string, namespace: string | undefined): Promise<{ namespace: string; name: string }> {
    const rows = await app.jobs.byName(name, app.departments.readScope(caller, undefined), namespace);
    if (rows.length > 1) throw new HttpProblem(409, `more than one job is named ${name}; give ?namespace=`);
    if (rows[0]) return { namespace: rows[0].namespace, name };
    if (caller.kind === 'department') return { namespace: (await app.departments.forWrite(caller, undefined)).namespace, name };
    if (namespace) return { namespace, name };
    throw notFound(`job ${name}`);
  }

  const tags = ['jobs'];

  app.post(
    '/v1/jobs',
    { schema: { tags, summary: 'Create a CollectionJob', body: s.jobCreateBody, response: withProblems({ 201: s.collectionJobView }) } },
    async (req, reply) => {
      const caller = callerOf(req);
      const { body } = req;
      const parsed = parseSpec('CollectionJob', body.spec);
      const labelErrors = clientLabelErrors(body.metadata?.labels);
      if (!parsed.spec || labelErrors.length) throw badRequest([...parsed.errors, ...labelErrors]);
      const refused = sharedPoolRefusal(caller, parsed.spec);
      if (refused) throw refused;
      const dept = await app.departments.forWrite(caller, body.department);
      const spec = { ...parsed.spec };
      const eff = effectivePriority(spec.priority ?? null, dept);
      if (eff.capped) spec.priority = eff.priority;
      const requestId = randomUUID();
      const name = body.metadata?.name ?? jobNameFor(spec.type, requestId);
      const job = await app.jobs.create({
        namespace: dept.namespace,
        name,
        department: dept.name,
        requestId,
        requestedBy: caller.name,
        spec,
        labels: body.metadata?.labels,
      });
      if (eff.note) reply.header('warning', `299 - "${eff.note}"`);
      reply.code(201).header('location', `/v1/jobs/${name}`);
      return {
        apiVersion: API_VERSION,
        kind: 'CollectionJob',
        metadata: {
          name,
          namespace: job.namespace,
          uid: job.uid,
          creationTimestamp: job.createdAt,
          annotations: { [ANNOTATION_REQUEST_ID]: requestId },
        },
        spec,
        status: eff.note ? { message: eff.note } : {},
      };
    },
  );

  app.get(
    '/v1/jobs',
    {
      schema: {
        tags,
        summary: 'List CollectionJobs, newest first',
        querystring: s.jobListQuery,
        response: withProblems({ 200: s.jobListReply }),
      },
    },
    async (req) => {
      const q = req.query;
      const { rows, nextCursor } = await app.jobs.list({
        department: app.departments.readScope(callerOf(req), q.department),
        type: q.type,
        phase: q.phase,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { apiVersion: 'v1', kind: 'CollectionJobList', items: rows.map(jobView), metadata: { continue: nextCursor } };
    },
  );

  app.get(
    '/v1/jobs/:name',
    {
      schema: {
        tags,
        summary: 'One CollectionJob',
        params: s.jobNameParams,
        querystring: s.jobNameQuery,
        response: withProblems({ 200: s.collectionJobView }),
      },
    },
    async (req) => {
      const { name } = req.params;
      const { namespace } = req.query;
      const rows = await app.jobs.byName(name, app.departments.readScope(callerOf(req), undefined), namespace);
      if (rows.length > 1) throw new HttpProblem(409, `more than one job is named ${name}; give ?namespace=`);
      if (!rows[0]) throw notFound(`job ${name}`);
      return jobView(rows[0]);
    },
  );

  app.delete(
    '/v1/jobs/:name',
    {
      schema: {
        tags,
        summary: 'Delete a CollectionJob (cancels its tasks; collected data stays)',
        params: s.jobNameParams,
        querystring: s.jobNameQuery,
        response: withProblems({ 202: actionReply }),
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      const target = await locate(callerOf(req), name, req.query.namespace);
      await app.jobs.remove(target.namespace, target.name);
      reply.code(202);
      return { success: true, status: 'CANCELLED', message: `job ${name} is being deleted` };
    },
  );

  for (const [action, suspend] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/v1/jobs/:name/${action}`,
      {
        schema: {
          tags,
          summary: `${action === 'suspend' ? 'Suspend' : 'Resume'} a CollectionJob`,
          params: s.jobNameParams,
          querystring: s.jobNameQuery,
          response: withProblems({ 202: actionReply }),
        },
        config: { emptyBody: true },
      },
      async (req, reply) => {
        const { name } = req.params;
        const target = await locate(callerOf(req), name, req.query.namespace);
        await app.jobs.setSuspend(target.namespace, target.name, suspend);
        reply.code(202);
        return { success: true, status: suspend ? 'SUSPENDED' : 'PENDING', message: `job ${name} is ${suspend ? 'suspended' : 'resumed'}` };
      },
    );
  }
}
