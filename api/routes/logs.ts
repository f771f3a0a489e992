// Job-scoped log lines, paged by cursor, or followed live as Server-Sent Events (follow=true).
import type { FastifyInstance } from 'fastify';
import { problemBody } from '../domain/problem.js';
import type { LogFilter, LogLine } from '../plugins/services/logs.js';
import { callerOf } from '../plugins/app/auth.js';
import * as s from '../schemas.js';

const line = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, time: { type: 'string', format: 'date-time' }, level: { type: 'string' }, component: { type: 'string' }, message: { type: 'string' },
    fields: { type: ['object', 'null'], additionalProperties: true }, job: { type: ['string', 'null'] }, request_id: { type: ['string', 'null'] }, task_id: { type: ['string', 'null'] },
  },
};

type Query = Omit<LogFilter, 'department'> & { department?: string; limit: number; cursor?: string; follow?: boolean };

export default async function logRoutes(app: FastifyInstance, opts: { followIntervalMs: number; heartbeatMs?: number }) {
  const streams = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const c of streams) c.abort();
  });

  app.get(
    '/logs',
    {
      schema: {
        tags: ['logs'],
        summary: 'Log lines of the caller\'s jobs, oldest first; follow=true streams new lines as Server-Sent Events',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            job: { type: 'string', minLength: 1, maxLength: 253, description: 'A request id or job name.' },
            level: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], description: 'This level and above.' },
            component: { type: 'string', enum: ['operator', 'worker', 'api'] },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            q: { type: 'string', minLength: 1, maxLength: 200, description: 'Text contained in the message.' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            cursor: s.pageQuery.cursor,
            follow: { type: 'boolean', default: false },
            department: { type: 'string', maxLength: 63, description: 'Admins: only this department\'s jobs.' },
          },
        },
        response: s.withProblems({
          200: { type: 'object', description: 'A page; with follow=true a text/event-stream of `log` events instead.', properties: { logs: { type: 'array', items: line }, next_cursor: { type: ['string', 'null'] }, count: { type: 'integer' }, has_more: { type: 'boolean' } } },
        }),
      },
    },
    async (req, reply) => {
      const q = req.query as Query;
      const { department, limit, cursor, follow, ...rest } = q;
      const f: LogFilter = { ...rest, level: rest.level, department: app.departments.readScope(callerOf(req), department) };
      const lastEventId = req.headers['last-event-id'];
      let after = app.logs.parseCursor(follow && typeof lastEventId === 'string' && lastEventId ? lastEventId : cursor);
      const first = await app.logs.after(f, after, limit);
      if (!follow) {
        const last = first.lines[first.lines.length - 1];
        return { logs: first.lines, next_cursor: last ? app.logs.cursorOf(last.id) : (cursor ?? null), count: first.lines.length, has_more: first.more };
      }

      const abort = new AbortController();
      streams.add(abort);
      reply.raw.on('close', () => abort.abort());
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 2000\n\n');
      const send = (lines: LogLine[]) => {
        for (const l of lines) {
          after = l.id;
          res.write(`id: ${app.logs.cursorOf(l.id)}\nevent: log\ndata: ${JSON.stringify(l)}\n\n`);
        }
      };
      const sleep = (ms: number) => new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        abort.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
      try {
        send(first.lines);
        let more = first.more;
        let quietSince = Date.now();
        while (!abort.signal.aborted) {
          if (!more) await sleep(opts.followIntervalMs);
          if (abort.signal.aborted) break;
          const next = await app.logs.after(f, after, limit);
          send(next.lines);
          more = next.more;
          if (next.lines.length) quietSince = Date.now();
          else if (Date.now() - quietSince >= (opts.heartbeatMs ?? 15_000)) {
            res.write(': keep-alive\n\n');
            quietSince = Date.now();
          }
        }
      } catch (e) {
        req.log.warn({ err: (e as Error).message }, 'log follow stopped');
        res.write(`event: error\ndata: ${JSON.stringify(problemBody(503, 'the log stream stopped; reconnect to continue'))}\n\n`);
      } finally {
        streams.delete(abort);
        res.end();
      }
    },
  );
}
