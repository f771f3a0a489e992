// The storage layer: batched, idempotent upserts (INSERT ... SELECT FROM unnest ... ON CONFLICT),
// de-duplicated inside each batch (PostgreSQL refuses to update one row twice in one statement).
// Running the same task twice writes nothing new; an article found by two keywords is one row with
// two job_articles links.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Pool } from '../lib/db/pool.js';
import type { ArticleRecord, CommentRecord } from './parse/records.js';

export interface ArticleLink {
  jobUid: string;
  keyword: string;
  taskId: string | null;
}

/** One record per (source, identity); a later record's non-empty fields win over an earlier one's. */
export function dedupeArticles(recs: readonly ArticleRecord[]): ArticleRecord[] {
  const byKey = new Map<string, ArticleRecord>();
  for (const r of recs) {
    const key = `${r.source}\u0000${r.identity}`;
    const old = byKey.get(key);
    if (!old) {
      byKey.set(key, r);
      continue;
    }
    const merged: ArticleRecord = { ...old };
    for (const [k, v] of Object.entries(r) as [keyof ArticleRecord, unknown][]) {
      if (v !== null && v !== undefined && v !== '') (merged as unknown as Record<string, unknown>)[k] = v;
    }
    merged.raw = { ...old.raw, ...r.raw };
    byKey.set(key, merged);
  }
  return [...byKey.values()];
}

/** One record per comment number; the later one wins. */
export function dedupeComments(recs: readonly CommentRecord[]): CommentRecord[] {
  const byNo = new Map<number, CommentRecord>();
  for (const r of recs) byNo.set(r.commentNo, r);
  return [...byNo.values()];
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += Math.max(1, size)) out.push(list.slice(i, i + Math.max(1, size)));
  return out;
}

const PRECISION_RANK = `ARRAY['second', 'minute', 'hour', 'day', 'week', 'month']`;
const MORE_EXACT = `EXCLUDED.published_at IS NOT NULL AND (a.published_at IS NULL OR a.published_precision IS NULL
    OR array_position(${PRECISION_RANK}, EXCLUDED.published_precision) <= array_position(${PRECISION_RANK}, a.published_precision))`;

const UPSERT_ARTICLES = `
INSERT INTO articles AS a (source, identity, oid, aid, portal_url, original_url, title, description, publisher,
                           publisher_domain, section, byline, published_at, is_test, raw, body, modified_at, published_precision)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::boolean[], $15::jsonb[],
                     $16::text[], $17::timestamptz[], $18::text[])
ON CONFLICT (source, identity) DO UPDATE SET
  oid = coalesce(EXCLUDED.oid, a.oid),
  aid = coalesce(EXCLUDED.aid, a.aid),
  portal_url = coalesce(EXCLUDED.portal_url, a.portal_url),
  original_url = coalesce(EXCLUDED.original_url, a.original_url),
  title = coalesce(nullif(EXCLUDED.title, ''), a.title),
  description = coalesce(EXCLUDED.description, a.description),
  publisher = coalesce(EXCLUDED.publisher, a.publisher),
  publisher_domain = coalesce(EXCLUDED.publisher_domain, a.publisher_domain),
  section = coalesce(EXCLUDED.section, a.section),
  byline = coalesce(EXCLUDED.byline, a.byline),
  body = coalesce(EXCLUDED.body, a.body),
  modified_at = coalesce(EXCLUDED.modified_at, a.modified_at),
  -- A reading replaces the stored time only when it is at least as exact: an article page's exact time
  -- replaces a search result's day; a later search's "2주 전" never replaces an exact time.
  published_at = CASE WHEN ${MORE_EXACT} THEN EXCLUDED.published_at ELSE a.published_at END,
  published_precision = CASE WHEN ${MORE_EXACT} THEN EXCLUDED.published_precision ELSE a.published_precision END,
  is_test = a.is_test AND EXCLUDED.is_test,
  last_collected_at = now(),
  raw = coalesce(a.raw, '{}'::jsonb) || EXCLUDED.raw
        || CASE WHEN a.raw->>'datePrecision' = 'exact' THEN '{"datePrecision":"exact"}'::jsonb ELSE '{}'::jsonb END
RETURNING id, identity`;

const LINK_ARTICLES = `
INSERT INTO job_articles (job_uid, article_id, keyword, task_id)
SELECT $1::uuid, unnest($2::bigint[]), $3::text, $4::uuid
ON CONFLICT (job_uid, article_id, keyword) DO NOTHING`;

const COMMENT_COLUMNS =
  'article_id, comment_no, parent_comment_no, author, text, written_at, modified_at, likes, dislikes, reply_count, is_reply, is_deleted, raw';

/** A per-connection staging table that COPY fills; emptied at every commit. */
const CREATE_COMMENT_STAGE = `
CREATE TEMP TABLE IF NOT EXISTS comment_stage (
  article_id bigint, comment_no bigint, parent_comment_no bigint, author text, text text, written_at timestamptz,
  modified_at timestamptz, likes int, dislikes int, reply_count int, is_reply boolean, is_deleted boolean, raw jsonb
) ON COMMIT DELETE ROWS`;

/**
 * A comment's content as a reader sees it: when any of these differ from what is stored, the row has
 * changed (changed_at). last_seen_at moves on every write; first_seen_at never after the insert.
 */
const MERGE_COMMENTS = `
INSERT INTO comments AS c (${COMMENT_COLUMNS})
SELECT ${COMMENT_COLUMNS} FROM comment_stage
ON CONFLICT (article_id, comment_no) DO UPDATE SET
  parent_comment_no = EXCLUDED.parent_comment_no,
  author = coalesce(EXCLUDED.author, CASE WHEN EXCLUDED.is_deleted THEN NULL ELSE c.author END),
  text = coalesce(EXCLUDED.text, CASE WHEN EXCLUDED.is_deleted THEN NULL ELSE c.text END),
  written_at = coalesce(EXCLUDED.written_at, c.written_at),
  modified_at = coalesce(EXCLUDED.modified_at, c.modified_at),
  likes = EXCLUDED.likes,
  dislikes = EXCLUDED.dislikes,
  reply_count = EXCLUDED.reply_count,
  is_reply = EXCLUDED.is_reply,
  is_deleted = EXCLUDED.is_deleted,
  last_seen_at = now(),
  changed_at = CASE
    WHEN (EXCLUDED.likes, EXCLUDED.dislikes, EXCLUDED.reply_count, EXCLUDED.is_deleted,
          coalesce(EXCLUDED.text, CASE WHEN EXCLUDED.is_deleted THEN NULL ELSE c.text END))
         IS DISTINCT FROM (c.likes, c.dislikes, c.reply_count, c.is_deleted, c.text)
    THEN now() ELSE c.changed_at END,
  raw = EXCLUDED.raw
RETURNING (first_seen_at = now()) AS added, (changed_at = now()) AS touched`;

/**
 * What one write of comments did: rows written (every comment of the batch), of them new rows and rows
 * whose content changed. A row inserted by this statement has first_seen_at = now() (the transaction's
 * start), an older row never does; changed_at = now() on an older row means this statement changed it.
 */
export interface CommentWrite {
  written: number;
  added: number;
  changed: number;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY's text format. Most values need no escaping, so one test comes before any replace. */
export function copyField(v: string | number | boolean | Date | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  return COPY_SPECIAL.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : v;
}

/** The COPY text of a batch of comments of one article (built by concatenation: this runs for every row). */
export function commentCopyText(articleId: number, batch: readonly CommentRecord[]): string {
  const id = String(articleId);
  let out = '';
  for (const r of batch) {
    out +=
      id +
      '\t' +
      copyField(r.commentNo) +
      '\t' +
      copyField(r.parentCommentNo) +
      '\t' +
      copyField(r.author) +
      '\t' +
      copyField(r.text) +
      '\t' +
      copyField(r.writtenAt) +
      '\t' +
      copyField(r.modifiedAt) +
      '\t' +
      copyField(r.likes) +
      '\t' +
      copyField(r.dislikes) +
      '\t' +
      copyField(r.replyCount) +
      '\t' +
      copyField(r.isReply) +
      '\t' +
      copyField(r.isDeleted) +
      '\t' +
      copyField(JSON.stringify(r.raw)) +
      '\n';
  }
  return out;
}

/**
 * The pool the storage layer writes collected rows through: its sessions commit without waiting for the
 * WAL flush (synchronous_commit=off). Safe here because the task's outcome is written afterwards through
 * the ordinary pool with a synchronous commit, and flushing that commit flushes all WAL before it: a task
 * recorded as succeeded never loses its rows; a crash before that loses at most rows the task's retry
 * collects again.
 */
export function createStoragePool(databaseUrl: string, max: number): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'newsroom-worker-storage',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    options: '-c synchronous_commit=off',
  });
  pool.on('error', () => undefined);
  return pool;
}

/** Connections that have their staging table (temporary tables live as long as the connection). */
const staged = new WeakSet<object>();

export class Storage {
  /** concurrency: comment batches written at once (each on its own connection). */
  constructor(
    private pool: Pool,
    private concurrency = 4,
  ) {}

  /**
   * Upserts articles (in batches of batchSize) and links them to the job and keyword. Returns the
   * article id of every identity written.
   */
  async upsertArticles(recs: readonly ArticleRecord[], link: ArticleLink | null, batchSize = 500): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const batch of chunks(dedupeArticles(recs), batchSize)) {
      const res = await this.pool.query<{ id: number; identity: string }>(UPSERT_ARTICLES, [
        batch.map((r) => r.source),
        batch.map((r) => r.identity),
        batch.map((r) => r.oid),
        batch.map((r) => r.aid),
        batch.map((r) => r.portalUrl),
        batch.map((r) => r.originalUrl),
        batch.map((r) => r.title),
        batch.map((r) => r.description),
        batch.map((r) => r.publisher),
        batch.map((r) => r.publisherDomain),
        batch.map((r) => r.section),
        batch.map((r) => r.byline),
        batch.map((r) => r.publishedAt),
        batch.map((r) => r.isTest),
        batch.map((r) => JSON.stringify(r.raw)),
        batch.map((r) => r.body ?? null),
        batch.map((r) => r.modifiedAt ?? null),
        batch.map((r) => (r.publishedAt ? r.publishedPrecision : null)),
      ]);
      for (const row of res.rows) ids.set(row.identity, row.id);
      if (link) await this.pool.query(LINK_ARTICLES, [link.jobUid, res.rows.map((r) => r.id), link.keyword, link.taskId]);
    }
    return ids;
  }

  /**
   * Upserts the comments of one article in batches, several batches at once (they hold distinct rows,
   * de-duplicated beforehand); returns how many rows were written, added and changed.
   */
  async upsertComments(articleId: number, recs: readonly CommentRecord[], batchSize = 1000): Promise<CommentWrite> {
    const batches = chunks(dedupeComments(recs), batchSize);
    const total: CommentWrite = { written: 0, added: 0, changed: 0 };
    if (!batches.length) return total;
    // An article with no stored comment yet (the usual first collection) takes the fast path: COPY
    // straight into comments, no staging table, no ON CONFLICT. A batch that meets a row after all (a
    // concurrent writer of the same article) is rolled back and upserted the ordinary way.
    const fresh = !(await this.pool.query<{ some: boolean }>('SELECT EXISTS (SELECT 1 FROM comments WHERE article_id = $1) AS some', [articleId]))
      .rows[0]!.some;
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.concurrency, batches.length) }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const w = fresh
          ? ((await this.copyComments(articleId, batch)) ?? (await this.writeComments(articleId, batch)))
          : await this.writeComments(articleId, batch);
        total.written += w.written;
        total.added += w.added;
        total.changed += w.changed;
      }
    });
    await Promise.all(lanes);
    return total;
  }

  /** One batch of new rows COPied into comments in one transaction; null when a row exists already (nothing kept). */
  private async copyComments(articleId: number, batch: CommentRecord[]): Promise<CommentWrite | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await pipeline(Readable.from([commentCopyText(articleId, batch)]), client.query(copyFrom(`COPY comments (${COMMENT_COLUMNS}) FROM STDIN`)));
      await client.query('COMMIT');
      return { written: batch.length, added: batch.length, changed: 0 };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      // unique_violation: the row is there already; deadlock_detected: a concurrent copy of the same rows.
      const code = (e as { code?: string }).code;
      if (code === '23505' || code === '40P01') return null;
      throw e;
    } finally {
      client.release();
    }
  }

  /** One batch: COPY into the connection's staging table, then one upsert from it, in one transaction. */
  private async writeComments(articleId: number, batch: CommentRecord[]): Promise<CommentWrite> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (!staged.has(client)) {
        await client.query(CREATE_COMMENT_STAGE);
        staged.add(client);
      }
      await pipeline(Readable.from([commentCopyText(articleId, batch)]), client.query(copyFrom('COPY comment_stage FROM STDIN')));
      const res = await client.query<{ added: boolean; touched: boolean }>(MERGE_COMMENTS);
      await client.query('COMMIT');
      let added = 0;
      let changed = 0;
      for (const r of res.rows) {
        if (r.added) added++;
        else if (r.touched) changed++;
      }
      return { written: res.rowCount ?? 0, added, changed };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** The stored article of a portal id, if any. */
  async findArticle(source: string, identity: string): Promise<{ id: number; title: string } | null> {
    const r = await this.pool.query<{ id: number; title: string }>('SELECT id, title FROM articles WHERE source = $1 AND identity = $2', [
      source,
      identity,
    ]);
    return r.rows[0] ?? null;
  }
}
