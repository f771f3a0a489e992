// Storage benchmark: 200,000 comments written through the worker's storage layer (batches COPied into a
// staging table and upserted from it, de-duplicated per batch, several at once), then the same rows again (a rerun: idempotent), against a naive
// writer doing one INSERT per row, each its own transaction (commit per row), in the same run and the
// same fresh database. The naive writer stops after NAIVE_SECONDS; its rate is what is compared.
import { loadavg } from 'node:os';
import { isolatedSuite } from '../test/harness/stack.js';
import type { CommentRecord } from '../worker/parse/records.js';
import { createStoragePool, Storage } from '../worker/storage.js';
import { writeWorkerSection } from './worker-report.js';

const TOTAL = Number(process.env.BENCH_COMMENTS ?? 200_000);
const PER_ARTICLE = 1000;
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const NAIVE_SECONDS = Number(process.env.BENCH_NAIVE_SECONDS ?? 60);

function comments(article: number, n: number): CommentRecord[] {
  const out: CommentRecord[] = [];
  const base = 3_000_000_000 + article * 10_000;
  for (let i = 0; i < n; i++) {
    const reply = i % 7 === 3;
    out.push({
      commentNo: base + i,
      parentCommentNo: reply ? base + i - 1 : null,
      author: `user${i % 997}****`,
      text: `댓글 본문 ${article}-${i}: 정부 정책에 대한 의견입니다. 좋은 기사 감사합니다.`,
      writtenAt: new Date(Date.UTC(2024, 11, 2, 0, 0, i % 86_400)),
      modifiedAt: null,
      likes: i % 31,
      dislikes: i % 5,
      replyCount: reply ? 0 : i % 3,
      isReply: reply,
      isDeleted: i % 25 === 0,
      raw: { via: 'bench', commentNo: base + i, contents: `댓글 본문 ${article}-${i}` },
    });
  }
  return out;
}

const suite = await isolatedSuite('bench-storage');
try {
  // The worker's storage pool: its own connections, commits without waiting for the WAL flush.
  const storagePool = createStoragePool(suite.databaseUrl, 6);
  const storage = new Storage(storagePool);
  const articles = Math.ceil(TOTAL / PER_ARTICLE);
  const mk = async (prefix: string, n: number) => {
    const recs = Array.from({ length: n }, (_, i) => ({
      source: 'bench',
      identity: `${prefix}/${i}`,
      oid: null,
      aid: null,
      portalUrl: null,
      originalUrl: null,
      title: `t${i}`,
      description: null,
      publisher: null,
      publisherDomain: null,
      section: null,
      byline: null,
      publishedAt: null,
      publishedPrecision: null,
      isTest: true,
      raw: {},
    }));
    const ids = await storage.upsertArticles(recs, null, 1000);
    return recs.map((r) => ids.get(r.identity)!);
  };
  const layerArticles = await mk('layer', articles);
  const naiveArticles = await mk('naive', articles);
  const data = layerArticles.map((_, a) => comments(a, PER_ARTICLE));

  const t0 = process.hrtime.bigint();
  let written = 0;
  for (let a = 0; a < articles; a++) written += (await storage.upsertComments(layerArticles[a]!, data[a]!, BATCH)).written;
  const layerSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const t1 = process.hrtime.bigint();
  const rerun = { added: 0, changed: 0 };
  for (let a = 0; a < articles; a++) {
    const w = await storage.upsertComments(layerArticles[a]!, data[a]!, BATCH);
    rerun.added += w.added;
    rerun.changed += w.changed;
  }
  const rerunSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  const stored = (await suite.pool.query<{ n: number }>('SELECT count(*)::int n FROM comments')).rows[0]!.n;

  const client = await suite.pool.connect();
  let naive = 0;
  const t2 = process.hrtime.bigint();
  const until = Date.now() + NAIVE_SECONDS * 1000;
  try {
    outer: for (let a = 0; a < articles; a++) {
      for (const c of data[a]!) {
        await client.query(
          `INSERT INTO comments (article_id, comment_no, parent_comment_no, author, text, written_at, modified_at, likes, dislikes, reply_count, is_reply, is_deleted, raw)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            naiveArticles[a],
            c.commentNo,
            c.parentCommentNo,
            c.author,
            c.text,
            c.writtenAt,
            c.modifiedAt,
            c.likes,
            c.dislikes,
            c.replyCount,
            c.isReply,
            c.isDeleted,
            JSON.stringify(c.raw),
          ],
        );
        naive++;
        if (naive % 1000 === 0 && Date.now() > until) break outer;
      }
    }
  } finally {
    client.release();
  }
  const naiveSeconds = Number(process.hrtime.bigint() - t2) / 1e9;

  const layerRate = written / layerSeconds;
  const rerunRate = TOTAL / rerunSeconds;
  const naiveRate = naive / naiveSeconds;
  const ratio = layerRate / naiveRate;
  const row = (what: string, rows: number, secs: number, rate: number) =>
    `| ${what} | ${rows.toLocaleString('en')} | ${secs.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} |`;
  const lines = [
    '## Worker: storage',
    '',
    `Measured by \`node dist/bench/worker-storage.js\` (part of \`make bench\`) on ${new Date().toISOString().slice(0, 10)} against the local stack's PostgreSQL, in one run and one fresh database: ` +
      `${TOTAL.toLocaleString('en')} comments (${articles} articles x ${PER_ARTICLE}, with replies, deleted ones and a jsonb raw payload each) through the worker's storage layer ` +
      `(\`Storage.upsertComments\`: batches of ${BATCH}, four in flight, on a first write COPied straight into the table (the article had no comment yet), on the rerun COPied into a staging table and upserted with INSERT ... SELECT ... ON CONFLICT DO UPDATE, on the worker's storage pool, which commits asynchronously — docs/decisions/0017), the same rows again (a rerun), and a naive writer ` +
      `(one INSERT per row, each committed on its own) for ${NAIVE_SECONDS} s.`,
    '',
    '| writer | rows | seconds | rows/s |',
    '|---|---:|---:|---:|',
    row('storage layer, first write', written, layerSeconds, layerRate),
    row('storage layer, same rows again (rerun, idempotent)', TOTAL, rerunSeconds, rerunRate),
    row(`naive: INSERT + commit per row (stopped after ${NAIVE_SECONDS} s)`, naive, naiveSeconds, naiveRate),
    '',
    `The storage layer is ${ratio.toFixed(1)}x the naive writer (goal: at least 20x — ${ratio >= 20 ? 'met' : '**not met**'}) and writes ` +
      `${Math.round(layerRate).toLocaleString('en')} rows/s (goal: at least 20,000 rows/s — ${layerRate >= 20_000 ? 'met' : '**not met**'}). ` +
      `After the rerun the table holds ${stored.toLocaleString('en')} rows of the storage layer: nothing was written twice; the rerun counted ` +
      `${rerun.added.toLocaleString('en')} rows as new and ${rerun.changed.toLocaleString('en')} as changed (the refresh counts of docs/schedules.md). ` +
      `1-minute load average at the end: ${loadavg()[0]!.toFixed(1)} (the machine is shared).`,
  ];
  writeWorkerSection('worker-storage', lines);
  console.log(lines.join('\n'));
  await storagePool.end();
} finally {
  await suite.cleanup();
}
