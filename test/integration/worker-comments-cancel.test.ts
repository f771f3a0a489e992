// A comments task in the browser that is stopped while it loads keeps what it already loaded: the
// comments the page shows when the stop arrives are stored before the task ends, and running the task
// again (the job resumed) completes the set exactly, without duplicates. Two ways to stop: a cancel on
// the control exchange, and the job marked suspended in PostgreSQL only (as if the control message was
// missed), which the worker notices when it renews the task's lease. The portal's comment API is
// slowed so that every "more" click takes a while.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickArticles } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  finished,
  insertJob,
  insertTask,
  publisher,
  startPortal,
  startWorker,
  taskMessage,
  taskRow,
  waitJobLog,
  waitTask,
  tearDown,
  type PortalProc,
  type WorkerProc,
} from './worker-support.js';
import type { TruthComment } from '../portal/truth.js';

/** The portal's comments per "more" click (PORTAL_COMMENT_PAGE_SIZE, default). */
const PER_PAGE = 20;

let suite: Suite;
let portal: PortalProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;
let worker: WorkerProc;
let article: { url: string; oid: string; aid: string; comments: TruthComment[]; topLevel: number };

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-comments-cancel');
    portal = await startPortal();
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'cancel', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    pub = await publisher(suite);
    const [a] = await pickArticles(portal.truth, { min_comments: 200, max_comments: 500, min_top_level: 8 * PER_PAGE });
    const { comments } = await portal.truth<{ comments: TruthComment[] }>(`comments/${a!.oid}/${a!.aid}`);
    article = { url: a!.portal_link, oid: a!.oid, aid: a!.aid, comments, topLevel: comments.filter((c) => !c.is_reply).length };
    worker = await startWorker(suite, { WORKER_SLOTS: '1', WORKER_LEASE_SECONDS: '5' });
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], signal: 'SIGKILL', pub, portal, profiles: [source], suite }));

test.before.each(async () => {
  await portal.clearFaults();
  await suite.pool.query('DELETE FROM comments');
});

const truthByNo = () => new Map(article.comments.map((c) => [c.comment_no, c]));

async function stored(): Promise<
  {
    comment_no: number;
    parent_comment_no: number | null;
    is_reply: boolean;
    author: string | null;
    text: string | null;
    likes: number;
    is_deleted: boolean;
  }[]
> {
  const r = await suite.pool.query(
    `SELECT c.comment_no::float8 AS comment_no, c.parent_comment_no::float8 AS parent_comment_no, c.is_reply, c.author, c.text, c.likes, c.is_deleted FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE a.oid = $1 AND a.aid = $2 ORDER BY c.comment_no`,
    [article.oid, article.aid],
  );
  return r.rows;
}

/** Requests for top-level comment pages the portal has received (each "more" click is one). */
async function commentPagesRequested(): Promise<number> {
  const r = await fetch(`${portal.url}/__admin/stats`);
  const s = (await r.json()) as { by_route: Record<string, number> };
  return s.by_route.comment_api ?? 0;
}

async function startTask(): Promise<{ job: string; id: string; shard: { url: string } }> {
  const job = await insertJob(suite, { source, type: 'Comments' });
  const shard = { url: article.url };
  const id = await insertTask(suite, job, 'comments', shard);
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'comments', source, shard }));
  return { job, id, shard };
}

/** Lets the first pages load (slowed), then returns how many the portal had been asked for. */
async function afterFirstPages(): Promise<number> {
  await fetch(`${portal.url}/__admin/stats`, { method: 'DELETE' });
  await portal.fault({ path: '^/commentBox/', action: 'slow', delayMs: 400 });
  const until = Date.now() + 180_000; // the Grid may be busy with other sessions first
  for (;;) {
    const n = await commentPagesRequested();
    if (n >= 4) return n;
    if (Date.now() > until) throw new Error(`only ${n} comment pages requested after 180 s\n${worker.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What was kept is a part of the ground truth with no duplicates, and at least the pages loaded. */
async function checkKept(id: string, job: string, pagesBefore: number): Promise<number> {
  const t = await taskRow(suite, id);
  assert.is(t.state, 'cancelled', JSON.stringify(t));
  const rows = await stored();
  const truth = truthByNo();
  const loaded = Math.min(PER_PAGE * (pagesBefore - 1), article.topLevel);
  assert.ok(rows.length >= loaded, `kept ${rows.length} comments, at least the ${loaded} of the ${pagesBefore - 1} pages answered before the stop`);
  assert.ok(rows.length < article.comments.length, `stopped before the end (${rows.length} of ${article.comments.length})`);
  assert.is(new Set(rows.map((r) => r.comment_no)).size, rows.length, 'no duplicates');
  for (const r of rows) {
    const want = truth.get(r.comment_no);
    assert.ok(want, `comment ${r.comment_no} is in the ground truth`);
    assert.equal(
      [r.parent_comment_no, r.is_reply, r.author ?? '', r.text ?? '', r.likes, r.is_deleted],
      [want.parent_comment_no, want.is_reply, want.author, want.contents, want.likes, want.is_deleted],
    );
  }
  assert.is(t.comments, rows.length, 'the task counts what it kept');
  await waitJobLog(suite, job, `stored the ${rows.length} comments loaded so far`);
  return rows.length;
}

/** The job resumed, as the operator does it: the cancelled task becomes pending, then it is published again. */
async function resume(id: string, job: string, shard: { url: string }): Promise<void> {
  await portal.clearFaults();
  await suite.pool.query(
    `UPDATE tasks SET state = 'pending', finished_at = NULL, not_before = NULL, error_kind = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND state = 'cancelled'`,
    [id],
  );
  await suite.pool.query(`UPDATE tasks SET state = 'queued', queued_at = now() WHERE id = $1 AND state = 'pending'`, [id]);
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'comments', source, shard, attempt: 2 }));
  const t = await waitTask(suite, id, finished, 120_000, worker);
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const rows = await stored();
  assert.is(rows.length, article.comments.length, 'the set is complete');
  assert.equal(
    rows.map((r) => r.comment_no),
    article.comments.map((c) => c.comment_no).sort((a, b) => a - b),
    'exactly the ground truth, once each',
  );
}

test('a cancel on the control exchange stops the task at the next page and keeps the comments loaded; resuming completes the set', async () => {
  const { job, id, shard } = await startTask();
  const pages = await afterFirstPages();
  await pub.control({ v: 1, action: 'cancel', jobUid: job });
  await waitTask(suite, id, finished, 30_000, worker);
  const kept = await checkKept(id, job, pages);
  console.log(`cancel: ${pages} comment pages asked before the cancel, ${kept} of ${article.comments.length} comments kept`);
  await resume(id, job, shard);
});

test('a job suspended in PostgreSQL only (no control message) stops its task when the worker renews the lease and keeps what it loaded; resuming completes the set', async () => {
  const { job, id, shard } = await startTask();
  const pages = await afterFirstPages();
  await suite.pool.query(`UPDATE jobs SET suspended = true WHERE uid = $1`, [job]);
  await waitTask(suite, id, finished, 30_000, worker);
  const kept = await checkKept(id, job, pages);
  console.log(`suspend: ${pages} comment pages asked before the suspend, ${kept} of ${article.comments.length} comments kept`);
  await suite.pool.query(`UPDATE jobs SET suspended = false WHERE uid = $1`, [job]);
  await resume(id, job, shard);
});

test.run();
