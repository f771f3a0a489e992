// Domain service: collected articles and comments. Pages are cut by keyset cursors; downloads stream
// from a server-side cursor (pg-query-stream) so memory stays flat whatever the size. A department
// sees the articles its jobs found and the comments of those articles.
import { Duplex, PassThrough, Readable, Transform } from 'node:stream';
import fp from 'fastify-plugin';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { BOM, likeContains, neutraliseSql } from '../../domain/csv.js';
import { exportHeader, type ExportColumn } from '../../domain/export-headers.js';
import { xlsxStream } from '../../domain/xlsx.js';
import { decodeCursor, encodeCursor, keyset, params, type Direction } from '../../domain/keyset.js';
import { JsonText } from '../../domain/json-text.js';
import { HttpProblem } from '../../domain/problem.js';
import { dbCall, prepared } from '../external/database.js';

export type Dataset = 'metadata' | 'comments';
export type ExportFormat = 'csv' | 'ndjson' | 'json' | 'xlsx';

/** How an export is written for its readers: header language, and (for tables) the statistics found. */
export interface ExportOptions {
  /** `ko`: Korean headers, times spreadsheets read as dates, yes/no in Korean. Default `en`, for machines. */
  headers?: 'en' | 'ko';
  /** The comment statistics' names present in the set, one column each in CSV and .xlsx. */
  statKeys?: string[];
}

export interface DataFilter {
  department: string | null;
  job?: string;
  keyword?: string;
  publisher?: string;
  from?: string;
  to?: string;
  article?: number;
  q?: string;
  sort?: string;
  /** ISO instants: rows first stored at or after (articles and comments), changed at or after (comments). */
  first_seen_after?: string;
  changed_after?: string;
}

export interface DataService {
  /** One page as the JSON body `{ data, next_cursor, count, total? }`, written by the database. */
  page(set: Dataset, f: DataFilter, limit: number, cursor: string | undefined, withTotal: boolean): Promise<JsonText>;
  /** A stream of the export's bytes; the database connection is released when it ends or is destroyed. */
  exportStream(set: Dataset, f: DataFilter, format: ExportFormat, opts?: ExportOptions): Promise<Readable>;
}

declare module 'fastify' {
  interface FastifyInstance {
    data: DataService;
  }
}

/** The comments stored for the row's article (index-only on comments_article_written). */
const COMMENT_COUNT = '(SELECT count(*) FROM comments cc WHERE cc.article_id = a.id)';

const KST_WALL = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD HH24:MI:SS')`;
const KST = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"')`;

const SETS = {
  metadata: {
    from: 'articles a',
    id: 'a.id',
    time: 'a.published_at',
    articleId: 'a.id',
    textColumn: 'a.title',
    firstSeen: 'a.first_collected_at',
    changed: null,
    pageFields: [
      ['id', 'a.id', 'int'],
      ['source', 'a.source', 'text'],
      ['oid', 'a.oid', 'text'],
      ['aid', 'a.aid', 'text'],
      ['title', 'a.title', 'text'],
      ['description', 'a.description', 'text'],
      ['publisher', 'a.publisher', 'text'],
      ['publisher_domain', 'a.publisher_domain', 'text'],
      ['section', 'a.section', 'text'],
      ['byline', 'a.byline', 'text'],
      ['published_at', 'a.published_at', 'time'],
      ['published_precision', 'a.published_precision', 'text'],
      ['portal_url', 'a.portal_url', 'text'],
      ['original_url', 'a.original_url', 'text'],
      ['first_collected_at', 'a.first_collected_at', 'time'],
      ['last_collected_at', 'a.last_collected_at', 'time'],
      ['is_test', 'a.is_test', 'bool'],
      ['identity', 'a.identity', 'text'],
      ['modified_at', 'a.modified_at', 'time'],
      ['body', 'a.body', 'text'],
      ['comment_stats', 'a.comment_stats', 'json'],
      ['comment_count', COMMENT_COUNT, 'int'],
      ['comments_read_at', 'a.comment_stats_at', 'time'],
    ],
    exportColumns: [
      ['id', 'a.id'],
      ['title', 'a.title', 'text'],
      ['publisher', 'a.publisher', 'text'],
      ['published_at', 'a.published_at', 'time'],
      ['published_precision', 'a.published_precision', 'text'],
      ['portal_url', 'a.portal_url', 'text'],
      ['original_url', 'a.original_url', 'text'],
      ['description', 'a.description', 'text'],
      ['section', 'a.section', 'text'],
      ['byline', 'a.byline', 'text'],
      ['oid', 'a.oid', 'text'],
      ['aid', 'a.aid', 'text'],
      ['collected_at', 'a.first_collected_at', 'time'],
      ['is_test', 'a.is_test', 'bool'],
      ['identity', 'a.identity', 'text'],
      ['modified_at', 'a.modified_at', 'time'],
      ['body', 'a.body', 'text'],
      ['comment_stats', 'a.comment_stats', 'stats'],
    ],
  },
  comments: {
    from: 'comments c JOIN articles a ON a.id = c.article_id',
    id: 'c.id',
    time: 'c.written_at',
    articleId: 'c.article_id',
    textColumn: 'c.text',
    firstSeen: 'c.first_seen_at',
    changed: 'c.changed_at',
    pageFields: [
      ['id', 'c.id', 'int'],
      ['article_id', 'c.article_id', 'int'],
      ['article_url', 'a.portal_url', 'text'],
      ['article_title', 'a.title', 'text'],
      ['comment_no', 'c.comment_no', 'int'],
      ['parent_comment_no', 'c.parent_comment_no', 'int'],
      ['author', 'c.author', 'text'],
      ['text', 'c.text', 'text'],
      ['written_at', 'c.written_at', 'time'],
      ['modified_at', 'c.modified_at', 'time'],
      ['likes', 'c.likes', 'int'],
      ['dislikes', 'c.dislikes', 'int'],
      ['reply_count', 'c.reply_count', 'int'],
      ['is_reply', 'c.is_reply', 'bool'],
      ['is_deleted', 'c.is_deleted', 'bool'],
      ['collected_at', 'c.last_seen_at', 'time'],
      ['first_seen_at', 'c.first_seen_at', 'time'],
      ['changed_at', 'c.changed_at', 'time'],
    ],
    exportColumns: [
      ['id', 'c.id'],
      ['article_id', 'c.article_id'],
      ['article_url', 'a.portal_url', 'text'],
      ['article_title', 'a.title', 'text'],
      ['comment_no', 'c.comment_no'],
      ['parent_comment_no', 'c.parent_comment_no'],
      ['author', 'c.author', 'text'],
      ['text', 'c.text', 'text'],
      ['written_at', 'c.written_at', 'time'],
      ['likes', 'c.likes'],
      ['dislikes', 'c.dislikes'],
      ['reply_count', 'c.reply_count'],
      ['is_reply', 'c.is_reply', 'bool'],
      ['is_deleted', 'c.is_deleted', 'bool'],
      // Last, so the columns before it keep their places for programs that read by position.
      ['publisher', 'a.publisher', 'text'],
    ],
  },
} as const;

/** The WHERE conditions of a filter. */
export function dataWhere(set: Dataset, f: DataFilter, p: (v: unknown) => string): string[] {
  const s = SETS[set];
  const where: string[] = [];
  const link: string[] = [];
  if (f.department !== null) link.push(`j.department = ${p(f.department)}`);
  if (f.job !== undefined) {
    const job = p(f.job);
    link.push(`(j.request_id = ${job} OR j.name = ${job})`);
  }
  if (f.keyword !== undefined) link.push(`ja.keyword = ${p(f.keyword)}`);
  if (link.length)
    where.push(
      `EXISTS (SELECT 1 FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE ja.article_id = ${s.articleId} AND ${link.join(' AND ')})`,
    );
  if (f.article !== undefined) where.push(`${s.articleId} = ${p(f.article)}`);
  if (f.publisher !== undefined) where.push(`a.publisher = ${p(f.publisher)}`);
  if (f.from !== undefined) where.push(`${s.time} >= (${p(f.from)}::date::timestamp AT TIME ZONE 'Asia/Seoul')`);
  if (f.to !== undefined) where.push(`${s.time} < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Seoul')`);
  if (f.q !== undefined) where.push(`${s.textColumn} ILIKE ${p(likeContains(f.q))}`);
  if (f.first_seen_after !== undefined) where.push(`${s.firstSeen} >= ${p(f.first_seen_after)}::timestamptz`);
  if (f.changed_after !== undefined) {
    if (s.changed === null)
      throw new HttpProblem(400, 'changed_after: applies to comments only; for articles a run added use first_seen_after', [
        { field: 'changed_after', message: 'applies to comments only' },
      ]);
    where.push(`${s.changed} >= ${p(f.changed_after)}::timestamptz`);
  }
  return where;
}

/** The sort of a page: a column and a direction ("-" first means descending). */
export function sortOf(set: Dataset, sort: string | undefined): { key: string; dir: Direction; cast: 'bigint' | 'timestamptz' } {
  const s = SETS[set];
  const value = sort ?? (set === 'metadata' ? '-published_at' : '-written_at');
  const dir: Direction = value.startsWith('-') ? 'desc' : 'asc';
  const name = value.replace(/^-/, '');
  if (name === 'id') return { key: s.id, dir, cast: 'bigint' };
  if (name === 'comments' && set === 'metadata') return { key: COMMENT_COUNT, dir, cast: 'bigint' };
  return { key: s.time, dir, cast: 'timestamptz' };
}

/**
 * How an export column is written: text neutralised against formulas (CSV, .xlsx), booleans, times in
 * KST (ISO with +09:00 for machines; "YYYY-MM-DD HH:MM:SS" that spreadsheets read as a date for people),
 * and the comment statistics (a JSON object for NDJSON and JSON, one column per statistic in tables).
 */
type ColumnKind = 'text' | 'bool' | 'time' | 'stats' | undefined;

type JsonKind = 'int' | 'bool' | 'text' | 'time' | 'json';

/**
 * The JSON object of a page row, written by the database: parsing every column into JavaScript values
 * and serializing them again cost the gateway more per row than the query. Plain concatenation, as
 * json_build_object and row_to_json cost the database 1.8x and 1.2x as much per row. Times are written as
 * Date#toISOString writes them (UTC, milliseconds), like every other time the gateway answers.
 */
function pageJson(fields: readonly (readonly [string, string, JsonKind])[]): string {
  const value = (expr: string, kind: JsonKind) =>
    kind === 'text'
      ? `to_json(${expr})::text`
      : kind === 'time'
        ? `'"' || to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`
        : `${expr}::text`;
  return `concat(${fields.map(([name, expr, kind], i) => `'${i ? ',' : '{'}"${name}":', coalesce(${value(expr, kind)}, 'null')`).join(', ')}, '}')`;
}

const PAGE_JSON = { metadata: pageJson(SETS.metadata.pageFields), comments: pageJson(SETS.comments.pageFields) };

/**
 * The statement of a download: every matching row, in collection order. For CSV the text columns are
 * neutralised against formulas and booleans written as true/false, so the database writes the CSV.
 */
export function exportQuery(
  set: Dataset,
  f: DataFilter,
  format: ExportFormat,
  opts: ExportOptions = {},
): { sql: string; values: unknown[]; columns: ExportColumn[] } {
  const s = SETS[set];
  const { values, p } = params();
  const where = dataWhere(set, f, p);
  const ko = opts.headers === 'ko';
  const table = format === 'csv' || format === 'xlsx';
  const columns: ExportColumn[] = [];
  const select: string[] = [];
  const add = (name: string, expr: string, kind: ExportColumn['kind']) => {
    columns.push({ name, header: exportHeader(name, opts.headers ?? 'en'), kind });
    // CSV names its columns with the headers (COPY writes them); other formats keep the names.
    select.push(`${expr} AS ${format === 'csv' ? quoteIdent(exportHeader(name, opts.headers ?? 'en')) : name}`);
  };
  for (const [name, expr, kind] of s.exportColumns as readonly (readonly [string, string, ColumnKind?])[]) {
    if (kind === 'stats') {
      if (!table) add(name, expr, 'json');
      else for (const key of opts.statKeys ?? []) add(`${name}.${key}`, `(${expr} ->> ${p(key)})::numeric`, 'number');
    } else if (kind === 'time') {
      // .xlsx gets the KST wall time as text and writes it as a date cell.
      add(name, format === 'xlsx' || (format === 'csv' && ko) ? KST_WALL(expr) : KST(expr), 'time');
    } else if (kind === 'text') add(name, format === 'csv' ? neutraliseSql(expr) : expr, 'text');
    else if (kind === 'bool') add(name, format === 'csv' ? (ko ? `CASE WHEN ${expr} THEN '예' ELSE '아니오' END` : `${expr}::text`) : expr, 'bool');
    else add(name, expr, 'number');
  }
  return {
    sql: `SELECT ${select.join(', ')} FROM ${s.from} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${s.id}`,
    values,
    columns,
  };
}

/** The statement listing the comment statistics' names present in a filtered set of articles. */
export function statKeysQuery(f: DataFilter): { sql: string; values: unknown[] } {
  const { values, p } = params();
  const where = dataWhere('metadata', f, p);
  return {
    sql: `SELECT DISTINCT k FROM articles a, jsonb_object_keys(CASE WHEN jsonb_typeof(a.comment_stats) = 'object' THEN a.comment_stats ELSE '{}' END) k ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY k`,
    values,
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A statement with its parameters written in as literals (COPY takes no parameters). */
export function inlineParams(sql: string, values: unknown[], literal: (s: string) => string): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(String(values[Number(n) - 1])));
}

/** Rows in, NDJSON or JSON text out, gathered into chunks of about 64 KiB so the response is written in few large pieces. */
function jsonTransform(format: 'ndjson' | 'json'): Transform {
  const CHUNK = 64 * 1024;
  let first = true;
  let buffered = '';
  return new Transform({
    writableObjectMode: true,
    readableHighWaterMark: 4 * CHUNK,
    transform(row: Record<string, unknown>, _enc, done) {
      if (format === 'ndjson') buffered += JSON.stringify(row) + '\n';
      else buffered += (first ? '[\n' : ',\n') + JSON.stringify(row);
      first = false;
      if (buffered.length < CHUNK) return done();
      const out = buffered;
      buffered = '';
      done(null, out);
    },
    flush(done) {
      if (format === 'json') done(null, first ? '[]\n' : buffered + '\n]\n');
      else done(null, buffered);
    },
  });
}

export default fp(
  async (app) => {
    async function loadPage(set: Dataset, f: DataFilter, limit: number, cursorText: string | undefined, withTotal: boolean): Promise<JsonText> {
      const s = SETS[set];
      const cursor = cursorText ? decodeCursor(cursorText) : null;
      if (cursorText && !cursor)
        throw new HttpProblem(400, 'cursor: is not a cursor this gateway gave out', [{ field: 'cursor', message: 'is not valid' }]);
      const { values, p } = params();
      const where = dataWhere(set, f, p);
      const countValues = [...values];
      const countWhere = [...where];
      const sort = sortOf(set, f.sort);
      const ks = keyset(sort.key, s.id, sort.dir, cursor, p, { key: sort.cast, id: 'bigint' });
      if (ks.where) where.push(ks.where);
      const sql = `SELECT ${PAGE_JSON[set]} AS j, ${s.id} AS _id, ${sort.key}::text AS _k FROM ${s.from} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${ks.orderBy} LIMIT ${p(limit + 1)}`;
      const [{ rows }, total] = await Promise.all([
        dbCall(() => app.db.query<{ j: string; _id: number; _k: string | null }>(prepared(sql, values))),
        withTotal
          ? dbCall(() =>
              app.db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM ${s.from} ${countWhere.length ? 'WHERE ' + countWhere.join(' AND ') : ''}`,
                countValues,
              ),
            ).then((r) => r.rows[0]!.n)
          : Promise.resolve(undefined),
      ]);
      const count = Math.min(rows.length, limit);
      let data = '';
      for (let i = 0; i < count; i++) data += (i ? ',' : '') + rows[i]!.j;
      const last = rows[count - 1];
      const next = rows.length > limit && last ? encodeCursor({ k: last._k, id: String(last._id) }) : null;
      return new JsonText(
        `{"data":[${data}],"next_cursor":${JSON.stringify(next)},"count":${count}${total !== undefined ? `,"total":${total}` : ''}}`,
      );
    }

    const service: DataService = {
      page(set, f, limit, cursorText, withTotal) {
        return loadPage(set, f, limit, cursorText, withTotal);
      },
      async exportStream(set, f, format, opts = {}) {
        const statKeys =
          set === 'metadata' && (format === 'csv' || format === 'xlsx')
            ? await dbCall(async () => {
                const q = statKeysQuery(f);
                return (await app.db.query<{ k: string }>(q.sql, q.values)).rows.map((r) => r.k);
              })
            : [];
        const { sql, values, columns } = exportQuery(set, f, format, { ...opts, statKeys });
        const client = await dbCall(() => app.db.connect());
        // CSV: the database writes it (COPY ... TO STDOUT, FORMAT csv) from the neutralised statement;
        // NDJSON and JSON: rows from a server-side cursor. Either way the socket's back-pressure holds
        // the database back, so memory stays flat.
        const source: Readable =
          format === 'csv'
            ? client.query(copyTo(`COPY (${inlineParams(sql, values, (v) => client.escapeLiteral(v))}) TO STDOUT (FORMAT csv, HEADER)`))
            : client.query(new QueryStream(sql, values, { batchSize: 1000, highWaterMark: 1000 }));
        const out: Duplex =
          format === 'csv'
            ? new PassThrough({ highWaterMark: 256 * 1024 })
            : format === 'xlsx'
              ? xlsxStream(columns, {
                  sheet: set === 'metadata' ? (opts.headers === 'ko' ? '기사' : 'articles') : opts.headers === 'ko' ? '댓글' : 'comments',
                  ko: opts.headers === 'ko',
                })
              : jsonTransform(format);
        if (format === 'csv') out.write(BOM);
        let released = false;
        // A connection lost while it is checked out must end this download, not the process.
        const onClientError = (e: Error) => source.destroy(e);
        client.on('error', onClientError);
        const release = (err?: Error) => {
          if (released) return;
          released = true;
          client.off('error', onClientError);
          client.release(err);
        };
        source.on('error', (e: Error) => {
          app.log.warn({ err: e.message }, 'export query failed');
          out.destroy(e);
          release(e);
        });
        source.on('end', () => release());
        out.on('close', () => {
          // A COPY or cursor abandoned half-way leaves the connection mid-statement: it is dropped.
          if (!released) {
            source.destroy();
            release(new Error('export abandoned'));
          }
        });
        source.pipe(out);
        return out;
      },
    };
    app.decorate('data', service);
  },
  { name: 'data', dependencies: ['database'] },
);
