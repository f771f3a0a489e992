// Domain service: collected articles and comments. Pages are cut by keyset cursors; downloads stream
// from a server-side cursor (pg-query-stream) so memory stays flat whatever the size. A department
// sees the articles its jobs found and the comments of those articles.
import { Readable, Transform } from 'node:stream';
import fp from 'fastify-plugin';
import QueryStream from 'pg-query-stream';
import { BOM, csvRow, likeContains } from '../../domain/csv.js';
import { decodeCursor, encodeCursor, keyset, params, type Direction } from '../../domain/keyset.js';
import { microCache } from '../../domain/micro-cache.js';
import { HttpProblem } from '../../domain/problem.js';
import { dbCall } from '../external/database.js';

export type Dataset = 'metadata' | 'comments';
export type ExportFormat = 'csv' | 'ndjson' | 'json';

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
}

export interface DataPage {
  data: Record<string, unknown>[];
  next_cursor: string | null;
  count: number;
  total?: number;
}

export interface DataService {
  page(set: Dataset, f: DataFilter, limit: number, cursor: string | undefined, withTotal: boolean): Promise<DataPage>;
  /** A stream of the export's bytes; the database connection is released when it ends or is destroyed. */
  exportStream(set: Dataset, f: DataFilter, format: ExportFormat): Promise<Readable>;
}

declare module 'fastify' {
  interface FastifyInstance {
    data: DataService;
  }
}

const KST = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"')`;

const SETS = {
  metadata: {
    from: 'articles a',
    id: 'a.id',
    time: 'a.published_at',
    articleId: 'a.id',
    textColumn: 'a.title',
    pageColumns: `a.id, a.source, a.oid, a.aid, a.title, a.description, a.publisher, a.publisher_domain, a.section, a.byline,
      a.published_at, a.portal_url, a.original_url, a.first_collected_at, a.last_collected_at, a.is_test`,
    exportColumns: [
      ['id', 'a.id'], ['title', 'a.title'], ['publisher', 'a.publisher'], ['published_at', KST('a.published_at')], ['portal_url', 'a.portal_url'],
      ['original_url', 'a.original_url'], ['description', 'a.description'], ['section', 'a.section'], ['byline', 'a.byline'],
      ['oid', 'a.oid'], ['aid', 'a.aid'], ['collected_at', KST('a.first_collected_at')], ['is_test', 'a.is_test'],
    ],
  },
  comments: {
    from: 'comments c JOIN articles a ON a.id = c.article_id',
    id: 'c.id',
    time: 'c.written_at',
    articleId: 'c.article_id',
    textColumn: 'c.text',
    pageColumns: `c.id, c.article_id, a.portal_url AS article_url, a.title AS article_title, c.comment_no, c.parent_comment_no, c.author, c.text,
      c.written_at, c.modified_at, c.likes, c.dislikes, c.reply_count, c.is_reply, c.is_deleted, c.collected_at`,
    exportColumns: [
      ['id', 'c.id'], ['article_id', 'c.article_id'], ['article_url', 'a.portal_url'], ['article_title', 'a.title'], ['comment_no', 'c.comment_no'],
      ['parent_comment_no', 'c.parent_comment_no'], ['author', 'c.author'], ['text', 'c.text'], ['written_at', KST('c.written_at')],
      ['likes', 'c.likes'], ['dislikes', 'c.dislikes'], ['reply_count', 'c.reply_count'], ['is_reply', 'c.is_reply'], ['is_deleted', 'c.is_deleted'],
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
  if (link.length) where.push(`EXISTS (SELECT 1 FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE ja.article_id = ${s.articleId} AND ${link.join(' AND ')})`);
  if (f.article !== undefined) where.push(`${s.articleId} = ${p(f.article)}`);
  if (f.publisher !== undefined) where.push(`a.publisher = ${p(f.publisher)}`);
  if (f.from !== undefined) where.push(`${s.time} >= (${p(f.from)}::date::timestamp AT TIME ZONE 'Asia/Seoul')`);
  if (f.to !== undefined) where.push(`${s.time} < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Seoul')`);
  if (f.q !== undefined) where.push(`${s.textColumn} ILIKE ${p(likeContains(f.q))}`);
  return where;
}

/** The sort of a page: a column and a direction ("-" first means descending). */
export function sortOf(set: Dataset, sort: string | undefined): { key: string; dir: Direction } {
  const s = SETS[set];
  const value = sort ?? (set === 'metadata' ? '-published_at' : '-written_at');
  const dir: Direction = value.startsWith('-') ? 'desc' : 'asc';
  const name = value.replace(/^-/, '');
  return { key: name === 'id' ? s.id : s.time, dir };
}

/** The statement of a download: every matching row, in collection order. */
export function exportQuery(set: Dataset, f: DataFilter): { sql: string; values: unknown[] } {
  const s = SETS[set];
  const { values, p } = params();
  const where = dataWhere(set, f, p);
  const cols = s.exportColumns.map(([name, expr]) => `${expr} AS ${name}`).join(', ');
  return { sql: `SELECT ${cols} FROM ${s.from} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${s.id}`, values };
}

/** Rows in, text out: the rows are gathered into chunks of about 64 KiB, so the response is written in few large pieces. */
function exportTransform(format: ExportFormat, header: string[]): Transform {
  const CHUNK = 64 * 1024;
  let first = true;
  let buffered = '';
  return new Transform({
    writableObjectMode: true,
    readableHighWaterMark: 4 * CHUNK,
    transform(row: unknown[] | Record<string, unknown>, _enc, done) {
      if (first) {
        if (format === 'csv') buffered += BOM + csvRow(header);
        else if (format === 'json') buffered += '[\n';
      }
      if (format === 'csv') buffered += csvRow(row as unknown[]);
      else if (format === 'ndjson') buffered += JSON.stringify(row) + '\n';
      else buffered += (first ? '' : ',\n') + JSON.stringify(row);
      first = false;
      if (buffered.length < CHUNK) return done();
      const out = buffered;
      buffered = '';
      done(null, out);
    },
    flush(done) {
      if (first) done(null, format === 'csv' ? BOM + csvRow(header) : format === 'json' ? '[]\n' : '');
      else done(null, buffered + (format === 'json' ? '\n]\n' : ''));
    },
  });
}

export default fp(
  async (app, opts: { cacheMs?: number }) => {
    const pages = microCache<DataPage>(opts.cacheMs ?? 0);
    async function loadPage(set: Dataset, f: DataFilter, limit: number, cursorText: string | undefined, withTotal: boolean): Promise<DataPage> {
      const s = SETS[set];
      const cursor = cursorText ? decodeCursor(cursorText) : null;
      if (cursorText && !cursor) throw new HttpProblem(400, 'cursor: is not a cursor this gateway gave out', [{ field: 'cursor', message: 'is not valid' }]);
      const { values, p } = params();
      const where = dataWhere(set, f, p);
      const countValues = [...values];
      const countWhere = [...where];
      const sort = sortOf(set, f.sort);
      const ks = keyset(sort.key, s.id, sort.dir, cursor, p, { key: sort.key === s.id ? 'bigint' : 'timestamptz', id: 'bigint' });
      if (ks.where) where.push(ks.where);
      const sql = `SELECT ${s.pageColumns}, ${sort.key}::text AS _k FROM ${s.from} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${ks.orderBy} LIMIT ${p(limit + 1)}`;
      const [{ rows }, total] = await Promise.all([
        dbCall(() => app.db.query<Record<string, unknown> & { _k: string | null; id: number }>(sql, values)),
        withTotal
          ? dbCall(() => app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s.from} ${countWhere.length ? 'WHERE ' + countWhere.join(' AND ') : ''}`, countValues)).then((r) => r.rows[0]!.n)
          : Promise.resolve(undefined),
      ]);
      const more = rows.length > limit;
      const data = rows.slice(0, limit);
      const last = data[data.length - 1];
      const next = more && last ? encodeCursor({ k: last._k, id: String(last.id) }) : null;
      for (const row of data) delete (row as { _k?: unknown })._k;
      const page: DataPage = { data, next_cursor: next, count: data.length };
      if (total !== undefined) page.total = total;
      return page;
    }

    const service: DataService = {
      page(set, f, limit, cursorText, withTotal) {
        return pages.get(JSON.stringify([set, f, limit, cursorText, withTotal]), () => loadPage(set, f, limit, cursorText, withTotal));
      },
      async exportStream(set, f, format) {
        const s = SETS[set];
        const { sql, values } = exportQuery(set, f);
        const client = await dbCall(() => app.db.connect());
        // A connection lost while it is checked out must end this download, not the process.
        const onClientError = (e: Error) => query.destroy(e);
        client.on('error', onClientError);
        const query = client.query(new QueryStream(sql, values, { batchSize: 1000, highWaterMark: 1000, ...(format === 'csv' ? { rowMode: 'array' as const } : {}) }));
        const out = exportTransform(format, s.exportColumns.map(([name]) => name));
        let released = false;
        const release = (err?: Error) => {
          if (released) return;
          released = true;
          client.off('error', onClientError);
          client.release(err);
        };
        query.on('error', (e: Error) => {
          app.log.warn({ err: e.message }, 'export query failed');
          out.destroy(e);
          release(e);
        });
        query.on('end', () => release());
        out.on('close', () => {
          if (!query.destroyed) query.destroy();
          // A cursor abandoned half-way leaves the connection in a transaction-less portal; drop it.
          release(released ? undefined : new Error('export abandoned'));
        });
        query.pipe(out);
        return out;
      },
    };
    app.decorate('data', service);
  },
  { name: 'data', dependencies: ['database'] },
);
