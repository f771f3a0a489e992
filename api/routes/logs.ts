// Job-scoped log lines, paged by cursor, or followed live as Server-Sent Events (follow=true).
import type { FastifyInstance } from 'fastify';
import { problemBody } from '../domain/problem.js';
import type { LogFilter, LogLine } from '../plugins/services/logs.js';
import { callerOf } from '../plugins/app/auth.js';
import { withProblems } from '../schemas/common.js';
import { logsQuerystring, logsReply } from '../schemas/logs.js';
import { typed } from '../schemas/provider.js';

export default async function logRoutes(instance: FastifyInstance, opts: { followIntervalMs: number; heartbeatMs?: number }) {
  const app = typed(instance);
  const streams = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const c of streams) c.abort();
  });

  app.get(
    '/logs',
    {
      schema: {
        tags: ['logs'],
        summary: "Log lines of the caller's jobs, oldest first; follow=true streams new lines as Server-Sent Events",
        querystring: logsQuerystring,
        response: withProblems({ 200: logsReply }),
      },
    },
    async (req, reply) => {
      const { department, limit, cursor, follow, ...rest } = req.query;
      const f: LogFilter = { ...rest, level: rest.level, department: app.departments.readScope(callerOf(req), department) };
      const lastEventId = req.headers['last-event-id'];
      let after = app.logs.parseCursor(follow && typeof lastEventId === 'string' && lastEventId ? lastEventId : cursor);
      const first = await app.logs.after(f, after, limit);
      if (!follow) {
        const last = first.lines[first.lines.length - 1];
        return {
          logs: first.lines,
          next_cursor: last ? app.logs.cursorOf(last.id) : (cursor ?? null),
          count: first.lines.length,
          has_more: first.more,
        };
      }

      const abort = new AbortController();
      streams.add(abort);
      reply.raw.on('close', () => abort.abort());
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const send = (lines: LogLine[]) => {
        for (const l of lines) {
          after = l.id;
          res.write(`id: ${app.logs.cursorOf(l.id)}\nevent: log\ndata: ${JSON.stringify(l)}\n\n`);
        }
      };
      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          abort.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              resolve();
            },
            { once: true },
          );
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
