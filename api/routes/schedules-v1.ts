// The resource-style API for schedules: /v1/schedules maps 1:1 onto CollectionSchedule in the caller's
// department namespace, as /v1/jobs does onto CollectionJob. A spec is checked by the CRD's own schema
// and CEL rules (lib/crd/validate.ts) and by the interval rule the CRD cannot state (lib/schedule.ts),
// all errors at once, before anything is sent to the apiserver.
import type { FastifyInstance } from 'fastify';
import { parseSpec } from '../../lib/crd/validate.js';
import { scheduleProblems } from '../../lib/schedule.js';
import { badRequest, HttpProblem, notFound } from '../domain/problem.js';
import type { Caller } from '../domain/tokens.js';
import { scheduleView } from '../domain/views.js';
import { clientLabelErrors } from '../domain/client-labels.js';
import { sharedPoolRefusal } from '../domain/shared-pool.js';
import { callerOf } from '../plugins/app/auth.js';
import { actionReply, withProblems } from '../schemas/common.js';
import * as s from '../schemas/schedules.js';
import { typed } from '../schemas/provider.js';

/** Status entries of a schedule's latest jobs in GET /v1/schedules/{name}. */
const RECENT_JOBS = 20;

export default async function scheduleRoutes(instance: FastifyInstance) {
  const app = typed(instance);
  const tags = ['schedules'];

  /** Where the named schedule lives: its mirror row when there is one, else the caller's department namespace. */
  async function locate(caller: Caller, name: string, namespace: string | undefined): Promise<{ namespace: string; name: string }> {
    const rows = await app.schedules.byName(name, app.departments.readScope(caller, undefined), namespace);
    if (rows.length > 1) throw new HttpProblem(409, `more than one schedule is named ${name}; give ?namespace=`);
    if (rows[0]) return { namespace: rows[0].namespace, name };
    if (caller.kind === 'department') return { namespace: (await app.departments.forWrite(caller, undefined)).namespace, name };
    if (namespace) return { namespace, name };
    throw notFound(`schedule ${name}`);
  }

  app.post(
    '/v1/schedules',
    {
      schema: {
        tags,
        summary: 'Create a CollectionSchedule',
        body: s.scheduleCreateBody,
        response: withProblems({ 201: s.collectionScheduleView }),
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const { body } = req;
      const parsed = parseSpec('CollectionSchedule', body.spec);
      const labelErrors = clientLabelErrors(body.metadata?.labels);
      if (!parsed.spec || labelErrors.length) throw badRequest([...parsed.errors, ...labelErrors]);
      const timing = scheduleProblems(parsed.spec, new Date()).map((p) => ({ field: `spec.${p.field}`, message: p.message }));
      if (timing.length) throw badRequest(timing);
      const refused = sharedPoolRefusal(caller, parsed.spec.jobTemplate?.spec, 'spec.jobTemplate.spec');
      if (refused) throw refused;
      const dept = await app.departments.forWrite(caller, body.department);
      const row = await app.schedules.create({
        namespace: dept.namespace,
        name: body.metadata.name,
        requestedBy: caller.name,
        spec: parsed.spec,
        labels: body.metadata.labels,
      });
      reply.code(201).header('location', `/v1/schedules/${row.name}`);
      return scheduleView(row);
    },
  );

  app.get(
    '/v1/schedules',
    {
      schema: {
        tags,
        summary: 'List CollectionSchedules, newest first',
        querystring: s.scheduleListQuery,
        response: withProblems({ 200: s.scheduleListReply }),
      },
    },
    async (req) => {
      const q = req.query;
      const { rows, nextCursor } = await app.schedules.list({
        department: app.departments.readScope(callerOf(req), q.department),
        limit: q.limit,
        cursor: q.cursor,
      });
      return { apiVersion: 'v1', kind: 'CollectionScheduleList', items: rows.map((r) => scheduleView(r)), metadata: { continue: nextCursor } };
    },
  );

  app.get(
    '/v1/schedules/:name',
    {
      schema: {
        tags,
        summary: 'One CollectionSchedule, with the status entries of its latest jobs',
        params: s.scheduleNameParams,
        querystring: s.scheduleNameQuery,
        response: withProblems({ 200: s.collectionScheduleView }),
      },
    },
    async (req) => {
      const { name } = req.params;
      const rows = await app.schedules.byName(name, app.departments.readScope(callerOf(req), undefined), req.query.namespace);
      if (rows.length > 1) throw new HttpProblem(409, `more than one schedule is named ${name}; give ?namespace=`);
      const row = rows[0];
      if (!row) throw notFound(`schedule ${name}`);
      return scheduleView(row, await app.schedules.jobsOf(row.namespace, row.name, RECENT_JOBS));
    },
  );

  app.delete(
    '/v1/schedules/:name',
    {
      schema: {
        tags,
        summary: 'Delete a CollectionSchedule and, as for a CronJob, its jobs (a running one is cancelled; collected data stays)',
        params: s.scheduleNameParams,
        querystring: s.scheduleNameQuery,
        response: withProblems({ 202: actionReply }),
      },
    },
    async (req, reply) => {
      const { name } = req.params;
      const target = await locate(callerOf(req), name, req.query.namespace);
      await app.schedules.remove(target.namespace, target.name);
      reply.code(202);
      return { success: true, status: 'DELETED', message: `schedule ${name} and its jobs are being deleted` };
    },
  );

  for (const [action, suspend] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/v1/schedules/:name/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'suspend'
              ? 'Suspend a CollectionSchedule: no new jobs; jobs already created go on'
              : 'Resume a CollectionSchedule: the latest run missed while suspended starts if within its deadline',
          params: s.scheduleNameParams,
          querystring: s.scheduleNameQuery,
          response: withProblems({ 202: actionReply }),
        },
        config: { emptyBody: true },
      },
      async (req, reply) => {
        const { name } = req.params;
        const target = await locate(callerOf(req), name, req.query.namespace);
        await app.schedules.setSuspend(target.namespace, target.name, suspend);
        reply.code(202);
        return { success: true, status: suspend ? 'SUSPENDED' : 'SCHEDULED', message: `schedule ${name} is ${suspend ? 'suspended' : 'resumed'}` };
      },
    );
  }
}
