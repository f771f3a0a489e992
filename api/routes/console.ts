// What the web console needs beyond the collection routes: who the caller is (department, quota,
// priority range, pause), an overview of the caller's jobs and data, a job's last task errors, and
// aggregates of collected data for charts. Every figure is scoped like the data routes: a department
// sees what its own jobs found; an admin sees everything or one department.
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../plugins/app/auth.js';
import { resourceOf } from '../../lib/kube/resources.js';
import { dbCall } from '../plugins/external/database.js';
import { kubeCall } from '../plugins/external/kubernetes.js';
import { HttpProblem } from '../domain/problem.js';
import * as s from '../schemas/common.js';
import { typed } from '../schemas/provider.js';
import { deptEntry, type DeptRow } from '../domain/department-entry.js';
import { TASK_ERROR_CODE_NAMES, TASK_ERROR_CODES, TASK_ERROR_PAGES } from '../../lib/task-errors.js';

const tags = ['console'];
const int = { type: 'integer' };
const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const nint = { type: ['integer', 'null'] };

const departmentEntry = {
  type: 'object',
  properties: {
    name: str,
    namespaces: { type: 'array', items: str },
    default_priority: int,
    max_priority: int,
    paused: { type: 'boolean' },
    quota: nint,
    borrowing_limit: nint,
    weight: { type: ['number', 'null'] },
    in_flight: int,
  },
};

const scopeQuery = { department: { type: 'string', minLength: 1, maxLength: 63, description: 'Admins: only this department.' } } as const;

const insightFilter = {
  job: { type: 'string', minLength: 1, maxLength: 253, description: 'A request id or job name.' },
  keyword: { type: 'string', minLength: 1, maxLength: 100 },
  publisher: { type: 'string', minLength: 1, maxLength: 100 },
  from: { type: 'string', format: 'date', description: 'Published on or after this day (Asia/Seoul).' },
  to: { type: 'string', format: 'date', description: 'Published on or before this day, inclusive.' },
  top: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Rows of the top lists.' },
  ...scopeQuery,
} as const;

export default async function consoleRoutes(instance: FastifyInstance, opts: { fleetPool: { namespace: string; name: string } }) {
  const app = typed(instance);
  app.get(
    '/v1/session',
    {
      schema: {
        tags,
        summary: "Who the token belongs to: its department with priority range, quota and pause; for an admin every department and the fleet's pause",
        response: s.withProblems({
          200: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['admin', 'department'] },
              name: str,
              department: { anyOf: [departmentEntry, { type: 'null' }] },
              departments: { type: 'array', items: departmentEntry },
              fleet: { type: ['object', 'null'], properties: { pool: str, paused: { type: 'boolean' } } },
            },
          },
        }),
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const { rows } = await dbCall(() => app.db.query<DeptRow>('SELECT name, namespaces, spec, status FROM departments ORDER BY name'));
      if (caller.kind === 'department') {
        let own = rows.find((r) => r.name === caller.department);
        if (!own) {
          // The operator has not mirrored the department yet: ask the apiserver.
          const obj = (await kubeCall(`department ${caller.department}`, () =>
            app.kube.get(resourceOf('Department'), undefined, caller.department),
          ).catch(() => null)) as { spec?: Record<string, unknown> & { namespaces?: string[] }; status?: Record<string, unknown> } | null;
          if (obj?.spec) own = { name: caller.department, namespaces: obj.spec.namespaces ?? [], spec: obj.spec, status: obj.status ?? {} };
        }
        return { kind: 'department', name: caller.name, department: own ? deptEntry(own) : null, departments: [], fleet: null };
      }
      const obj = (await kubeCall(`collector pool ${opts.fleetPool.namespace}/${opts.fleetPool.name}`, () =>
        app.kube.get(resourceOf('CollectorPool'), opts.fleetPool.namespace, opts.fleetPool.name),
      )) as { spec?: { paused?: boolean } };
      const paused = obj.spec?.paused ?? false;
      return {
        kind: 'admin',
        name: caller.name,
        department: null,
        departments: rows.map(deptEntry),
        fleet: { pool: `${opts.fleetPool.namespace}/${opts.fleetPool.name}`, paused },
      };
    },
  );

  app.get(
    '/v1/overview',
    {
      schema: {
        tags,
        summary: "The caller's jobs by status and what they collected today (Asia/Seoul) and in total",
        querystring: { type: 'object', additionalProperties: false, properties: scopeQuery } as const,
        response: s.withProblems({
          200: {
            type: 'object',
            properties: {
              jobs: {
                type: 'object',
                additionalProperties: int,
                description: 'Jobs by status (PENDING, QUEUED, IN_PROGRESS, COMPLETED, FAILED, SUSPENDED).',
              },
              articles: { type: 'object', properties: { today: int, total: int } },
              comments: { type: 'object', properties: { today: int, total: int } },
              day: { type: 'string', description: 'Today in Asia/Seoul.' },
            },
          },
        }),
      },
    },
    async (req, reply) => {
      const scope = app.departments.readScope(callerOf(req), req.query.department);
      return app.cachedPage(req, reply, scope, async () => {
        const jobs = await dbCall(() =>
          app.db.query<{ status: string; n: number }>(
            `SELECT CASE WHEN phase = 'Complete' THEN 'COMPLETED' WHEN phase = 'Failed' THEN 'FAILED' WHEN phase = 'Suspended' OR suspended THEN 'SUSPENDED'
                       WHEN phase = 'Running' OR (phase = 'Admitted' AND tasks_running > 0) THEN 'IN_PROGRESS' WHEN phase = 'Admitted' THEN 'QUEUED' ELSE 'PENDING' END AS status,
                  count(*)::int AS n
             FROM jobs WHERE deleted_at IS NULL AND ($1::text IS NULL OR department = $1) GROUP BY 1`,
            [scope],
          ),
        );
        const today = `(date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AT TIME ZONE 'Asia/Seoul')`;
        const scoped = `EXISTS (SELECT 1 FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE ja.article_id = a.id AND ($1::text IS NULL OR j.department = $1))`;
        const counts = await dbCall(() =>
          app.db.query<{ at: number; a: number; ct: number; c: number; day: string }>(
            `SELECT (SELECT count(*) FILTER (WHERE a.first_collected_at >= ${today})::int FROM articles a WHERE ${scoped}) AS at,
                  (SELECT count(*)::int FROM articles a WHERE ${scoped}) AS a,
                  (SELECT count(*) FILTER (WHERE c.first_seen_at >= ${today})::int FROM comments c JOIN articles a ON a.id = c.article_id WHERE ${scoped}) AS ct,
                  (SELECT count(*)::int FROM comments c JOIN articles a ON a.id = c.article_id WHERE ${scoped}) AS c,
                  to_char(now() AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS day`,
            [scope],
          ),
        );
        const r = counts.rows[0]!;
        return {
          jobs: Object.fromEntries(jobs.rows.map((j) => [j.status, j.n])),
          articles: { today: r.at, total: r.a },
          comments: { today: r.ct, total: r.c },
          day: r.day,
        };
      });
    },
  );

  app.get(
    '/v1/jobs/:name/errors',
    {
      schema: {
        tags,
        summary: "The job's tasks that failed or are retrying, newest first, with their last error",
        params: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 253, description: 'A job name or request id.' } },
          required: ['name'],
        } as const,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 }, ...scopeQuery },
        } as const,
        response: s.withProblems({
          200: {
            type: 'object',
            properties: {
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    task: str,
                    shard: str,
                    state: str,
                    attempts: int,
                    error: nstr,
                    kind: nstr,
                    code: {
                      type: ['string', 'null'],
                      enum: [...TASK_ERROR_CODE_NAMES, null],
                      description: `What went wrong, as a code (null for errors recorded before codes were): ${TASK_ERROR_CODE_NAMES.map((c) => `${c}: ${TASK_ERROR_CODES[c]}`).join('; ')}.`,
                    },
                    page: {
                      type: ['string', 'null'],
                      enum: [...TASK_ERROR_PAGES, null],
                      description: 'Where the error was met: the page or API answer being read; null when not at one.',
                    },
                    at: nstr,
                  },
                },
              },
            },
          },
        }),
      },
    },
    async (req) => {
      const { name } = req.params;
      const q = req.query;
      const scope = app.departments.readScope(callerOf(req), q.department);
      const job = await dbCall(() =>
        app.db.query<{ uid: string }>(
          'SELECT uid FROM jobs WHERE (name = $1 OR request_id = $1) AND ($2::text IS NULL OR department = $2) ORDER BY created_at DESC LIMIT 1',
          [name, scope],
        ),
      );
      const uid = job.rows[0]?.uid;
      if (!uid) throw new HttpProblem(404, `job ${name} was not found`);
      const { rows } = await dbCall(() =>
        app.db.query<{
          task: string;
          shard: string;
          state: string;
          attempts: number;
          error: string | null;
          kind: string | null;
          code: string | null;
          page: string | null;
          at: string | null;
        }>(
          `SELECT id::text AS task, shard_key AS shard, state, attempts, last_error AS error, error_kind AS kind,
                error_code AS code, error_page AS page,
                to_char(updated_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"') AS at
           FROM tasks WHERE job_uid = $1 AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT $2`,
          [uid, q.limit],
        ),
      );
      return { errors: rows };
    },
  );

  app.get(
    '/v1/insights',
    {
      schema: {
        tags,
        summary:
          'Aggregates of collected data for charts: articles per day and keyword (with the days each keyword was collected), top publishers, most-commented articles, comments by hour after publication, by hour of the day and by day, likes and dislikes',
        querystring: { type: 'object', additionalProperties: false, properties: insightFilter } as const,
        response: s.withProblems({
          200: {
            type: 'object',
            properties: {
              articles_per_day: {
                type: 'array',
                items: { type: 'object', properties: { day: str, keyword: str, articles: int, exact: int, day_only: int } },
                description:
                  'Articles by their KST day of publication; exact counts those with a time to the minute or second, day_only those known only to the hour or the day (articles known only to the week or month are left out: they have no day).',
              },
              top_publishers: { type: 'array', items: { type: 'object', properties: { publisher: str, articles: int, comments: int } } },
              most_commented: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: int, title: str, publisher: nstr, published_at: nstr, published_precision: nstr, comments: int },
                },
              },
              collected_days: {
                type: 'array',
                items: { type: 'object', properties: { keyword: str, from: str, to: str } },
                description:
                  'The days each keyword was collected over (the date ranges of the metadata jobs in scope): a day outside them was not collected, which is not the same as no articles.',
              },
              comments_by_hour_of_day: {
                type: 'array',
                items: { type: 'object', properties: { hour: int, comments: int } },
                description: 'Comments by the hour of the day they were written, 0-23 in Asia/Seoul.',
              },
              comments_by_day: {
                type: 'array',
                items: { type: 'object', properties: { day: str, comments: int } },
                description: 'Comments by the day they were written (Asia/Seoul).',
              },
              comments_by_hour: {
                type: 'array',
                items: { type: 'object', properties: { hour: int, comments: int } },
                description:
                  'Whole hours between publication and the comment (0-71; later comments count in 72), over articles with an exact publication time only.',
              },
              likes_dislikes: {
                type: 'array',
                items: { type: 'object', properties: { id: int, article_id: int, likes: int, dislikes: int } },
                description: 'The most-liked comments (up to 500).',
              },
            },
          },
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scope = app.departments.readScope(callerOf(req), q.department);
      return app.cachedPage(req, reply, scope, async () => {
        // One filtered set of (article, keyword) pairs, reused by every aggregate.
        const values: unknown[] = [];
        const p = (v: unknown) => {
          values.push(v);
          return `$${values.length}`;
        };
        const jobLink: string[] = [];
        if (scope !== null) jobLink.push(`j.department = ${p(scope)}`);
        if (q.job) jobLink.push(`(j.name = ${p(q.job)} OR j.request_id = $${values.length})`);
        const keyword = q.keyword ? p(q.keyword) : null;
        const link = keyword ? [...jobLink, `ja.keyword = ${keyword}`] : jobLink;
        const where: string[] = [];
        if (q.publisher) where.push(`a.publisher = ${p(q.publisher)}`);
        if (q.from) where.push(`a.published_at >= (${p(q.from)}::date::timestamp AT TIME ZONE 'Asia/Seoul')`);
        if (q.to) where.push(`a.published_at < ((${p(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Seoul')`);
        const top = p(q.top);
        const pairs = `SELECT DISTINCT ja.article_id, ja.keyword FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid ${link.length ? 'WHERE ' + link.join(' AND ') : ''}`;
        // The jobs in scope (the same conditions, on jobs), for the days each keyword was collected over.
        const keywordOf = keyword ? `AND k = ${keyword}` : '';
        const sql = `
          WITH pairs AS (${pairs}),
               -- A comments task links its articles with no keyword: an article found by a keyword counts under it alone.
               kpairs AS (SELECT * FROM pairs WHERE keyword <> '' UNION ALL
                          SELECT * FROM pairs p WHERE p.keyword = '' AND NOT EXISTS (SELECT 1 FROM pairs q WHERE q.article_id = p.article_id AND q.keyword <> '')),
               arts AS (SELECT a.* FROM articles a WHERE a.id IN (SELECT article_id FROM pairs) ${where.length ? 'AND ' + where.join(' AND ') : ''}),
               ccount AS (SELECT c.article_id, count(*)::int AS n FROM comments c JOIN arts ON arts.id = c.article_id GROUP BY 1)
          SELECT
            (SELECT coalesce(json_agg(x ORDER BY x.day, x.keyword), '[]') FROM (
               SELECT to_char(arts.published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS day, kpairs.keyword, count(*)::int AS articles,
                      (count(*) FILTER (WHERE arts.published_precision IN ('second', 'minute')))::int AS exact,
                      (count(*) FILTER (WHERE arts.published_precision NOT IN ('second', 'minute')))::int AS day_only
                 FROM arts JOIN kpairs ON kpairs.article_id = arts.id
                WHERE arts.published_at IS NOT NULL AND arts.published_precision IS DISTINCT FROM 'week' AND arts.published_precision IS DISTINCT FROM 'month'
                GROUP BY 1, 2) x) AS articles_per_day,
            (SELECT coalesce(json_agg(x ORDER BY x.articles DESC, x.publisher), '[]') FROM (
               SELECT coalesce(arts.publisher, '') AS publisher, count(*)::int AS articles, coalesce(sum(ccount.n), 0)::int AS comments
                 FROM arts LEFT JOIN ccount ON ccount.article_id = arts.id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${top}) x) AS top_publishers,
            (SELECT coalesce(json_agg(x ORDER BY x.comments DESC, x.id), '[]') FROM (
               SELECT arts.id::int AS id, arts.title, arts.publisher, to_char(arts.published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"') AS published_at, arts.published_precision, ccount.n AS comments
                 FROM arts JOIN ccount ON ccount.article_id = arts.id ORDER BY ccount.n DESC, arts.id LIMIT ${top}) x) AS most_commented,
            (SELECT coalesce(json_agg(x ORDER BY x.keyword, x.from), '[]') FROM (
               SELECT DISTINCT k AS keyword, j.spec->'dateRange'->>'from' AS from, j.spec->'dateRange'->>'to' AS to
                 FROM jobs j, unnest(j.keywords) k
                WHERE j.type = 'Metadata' AND j.spec ? 'dateRange' ${jobLink.length ? 'AND ' + jobLink.join(' AND ') : ''} ${keywordOf}) x) AS collected_days,
            (SELECT coalesce(json_agg(x ORDER BY x.hour), '[]') FROM (
               SELECT extract(hour FROM c.written_at AT TIME ZONE 'Asia/Seoul')::int AS hour, count(*)::int AS comments
                 FROM comments c JOIN arts ON arts.id = c.article_id WHERE c.written_at IS NOT NULL GROUP BY 1) x) AS comments_by_hour_of_day,
            (SELECT coalesce(json_agg(x ORDER BY x.day), '[]') FROM (
               SELECT to_char(c.written_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD') AS day, count(*)::int AS comments
                 FROM comments c JOIN arts ON arts.id = c.article_id WHERE c.written_at IS NOT NULL GROUP BY 1) x) AS comments_by_day,
            (SELECT coalesce(json_agg(x ORDER BY x.hour), '[]') FROM (
               SELECT least(72, greatest(0, floor(extract(epoch FROM c.written_at - arts.published_at) / 3600)))::int AS hour, count(*)::int AS comments
                 FROM comments c JOIN arts ON arts.id = c.article_id
                WHERE c.written_at IS NOT NULL AND arts.published_at IS NOT NULL AND arts.published_precision IN ('second', 'minute') GROUP BY 1) x) AS comments_by_hour,
            (SELECT coalesce(json_agg(x ORDER BY x.likes DESC, x.id), '[]') FROM (
               SELECT c.id::int AS id, c.article_id::int AS article_id, c.likes, c.dislikes
                 FROM comments c JOIN arts ON arts.id = c.article_id WHERE NOT c.is_deleted ORDER BY c.likes DESC, c.id LIMIT 500) x) AS likes_dislikes`;
        const { rows } = await dbCall(() => app.db.query<Record<string, unknown>>(sql, values));
        return rows[0];
      });
    },
  );
}
