// Collected data: pages of articles and comments, and downloads of the same filtered sets.
import type { FastifyInstance } from 'fastify';
import { contentDisposition } from '../domain/csv.js';
import type { DataFilter } from '../plugins/services/data.js';
import { callerOf } from '../plugins/app/auth.js';
import { withProblems } from '../schemas/common.js';
import { downloadQuerystring, downloadReply, pageQuerystring, pageReply } from '../schemas/data.js';
import { typed } from '../schemas/provider.js';

/** A query's filter fields, scoped to the departments the caller may read. */
function filterOf(
  app: FastifyInstance,
  q: Omit<DataFilter, 'department'> & { department?: string },
  caller: ReturnType<typeof callerOf>,
): DataFilter {
  const { department, ...rest } = q;
  return { ...rest, department: app.departments.readScope(caller, department) };
}

export default async function dataRoutes(instance: FastifyInstance) {
  const app = typed(instance);
  for (const set of ['metadata', 'comments'] as const) {
    app.get(
      `/data/${set}`,
      {
        schema: {
          tags: ['data'],
          summary: `Collected ${set === 'metadata' ? 'articles' : 'comments'}, one page`,
          querystring: pageQuerystring(set),
          response: withProblems({ 200: pageReply(set) }),
        },
      },
      async (req, reply) => {
        const { limit, cursor, count, ...q } = req.query;
        const filter = filterOf(app, q, callerOf(req));
        return app.cachedPage(req, reply, filter.department, () => app.data.page(set, filter, limit, cursor, count === true));
      },
    );

    app.get(
      `/data/${set}/download`,
      {
        schema: {
          tags: ['data'],
          summary: `Download the filtered ${set === 'metadata' ? 'articles' : 'comments'} as CSV (UTF-8 with BOM), NDJSON, JSON or .xlsx`,
          querystring: downloadQuerystring(set),
          response: withProblems({ 200: downloadReply }),
        },
      },
      async (req, reply) => {
        const { format = 'csv', headers = 'en', ...q } = req.query;
        const stream = await app.data.exportStream(set, filterOf(app, q, callerOf(req)), format, { headers });
        const day = new Date().toISOString().slice(0, 10);
        const what = q.article !== undefined ? `-article-${q.article}` : q.job ? '-' + q.job : q.keyword ? '-' + q.keyword : '';
        const name = `${set}${what}-${day}.${format}`;
        reply
          .header(
            'content-type',
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : format === 'xlsx'
                ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
                : format === 'ndjson'
                  ? 'application/x-ndjson; charset=utf-8'
                  : 'application/json; charset=utf-8',
          )
          .header('content-disposition', contentDisposition(name))
          .header('cache-control', 'no-store');
        return reply.send(stream);
      },
    );
  }
}
