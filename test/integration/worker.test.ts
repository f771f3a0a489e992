// The worker against the real stack: tasks are rows in the suite's database and messages on its
// topology, the worker is a child process driving the Selenium Grid against a local portal of its own,
// and what it stores is compared with the portal's ground truth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickArticles, pickDays } from '../harness/corpus.js';
import { createOpenApiSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  finished,
  insertJob,
  insertTask,
  jobLogs,
  kstDayOf,
  publisher,
  runTask,
  startPortal,
  startWorker,
  storedStats,
  taskMessage,
  waitJobLog,
  waitTask,
  tearDown,
  type PortalProc,
  type TruthStats,
  type WorkerProc,
} from './worker-support.js';
import type { TruthArticle, TruthComment } from '../portal/truth.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;
let apiSource: string;
let summary: { keywords: string[] };

test.before(async () => {
  try {
    await setup();
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

async function setup(): Promise<void> {
  suite = await isolatedSuite('worker');
  portal = await startPortal();
  source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'page', (s) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  });
  apiSource = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'api', (s) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    s.comments.strategy = 'api';
    s.comments.pageSize = 20;
  });
  await createOpenApiSecret(suite.namespace);
  pub = await publisher(suite);
  worker = await startWorker(suite, { WORKER_SLOTS: '2' });
  summary = await portal.truth('summary');
}

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [source, apiSource], suite }));

/** Keyword-days over more than one result page, most articles first. */
async function pagedDays() {
  const days = await pickDays(portal.truth, { min_articles: 11 });
  return days.sort((a, b) => b.articles - a.articles || b.date.localeCompare(a.date) || a.query.localeCompare(b.query));
}

const runOne = (kind: 'metadata' | 'comments', src: string, shard: Parameters<typeof insertTask>[3], jobUid?: string) =>
  runTask({ suite, pub, worker }, kind, src, shard, { jobUid, type: kind === 'metadata' ? 'Metadata' : 'Comments' });

interface StoredArticle {
  id: number;
  identity: string;
  oid: string | null;
  aid: string | null;
  portal_url: string | null;
  original_url: string | null;
  title: string;
  description: string | null;
  publisher: string | null;
  publisher_domain: string | null;
  section: string | null;
  byline: string | null;
  published_at: Date | null;
  raw: { datePrecision?: string } | null;
}

async function articlesOf(job: string, keyword: string): Promise<Map<string, StoredArticle>> {
  const r = await suite.pool.query<StoredArticle>(
    `SELECT a.* FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1 AND ja.keyword = $2`,
    [job, keyword],
  );
  return new Map(r.rows.map((a) => [a.identity, a]));
}

const UNIT_MS: [RegExp, number][] = [
  [/초 전$/, 1000],
  [/분 전$/, 60_000],
  [/시간 전$/, 3_600_000],
  [/일 전$/, 86_400_000],
  [/주 전$/, 7 * 86_400_000],
];

function checkArticle(a: StoredArticle | undefined, t: TruthArticle, how: 'search' | 'api'): void {
  const what = `${t.key} ${t.title}`;
  assert.ok(a, `missing ${what}`);
  assert.is(a.title, t.title, what);
  assert.is(a.description, t.summary, what);
  assert.is(a.original_url, canonicalUrl(t.originallink), what);
  assert.is(a.publisher_domain, t.publisher_domain, what);
  if (t.portal) {
    assert.is(a.oid, t.oid, what);
    assert.is(a.aid, t.aid, what);
    assert.is(a.portal_url, t.portal_link, what);
  } else {
    assert.is(a.oid, null, what);
  }
  if (how === 'api') {
    assert.is(a.published_at?.toISOString(), new Date(t.published_at).toISOString(), what);
    return;
  }
  assert.is(a.publisher, t.publisher, what);
  if (t.portal) {
    assert.is(a.section, t.section, what);
    assert.is(a.byline, t.byline, what);
    assert.is(a.published_at?.toISOString(), new Date(t.published_at).toISOString(), what);
  } else {
    // Publisher-only articles show only the result's date: exact to its unit ("3시간 전" to the hour).
    const truth = new Date(t.published_at).getTime();
    const stored = a.published_at!.getTime();
    // A relative date that falls outside the day searched is stored as that day (its midnight in
    // KST, precision day), never as a made-up 23:59:59: then only the day is checked.
    const asDay = a.raw?.datePrecision === 'day' && (stored + 9 * 3_600_000) % 86_400_000 === 0;
    const unit = asDay ? undefined : UNIT_MS.find(([re]) => re.test(t.search_date_text))?.[1];
    if (unit) {
      const drift = 5 * 60_000;
      assert.ok(
        stored - truth >= -drift && stored - truth <= unit + drift,
        `${what}: ${t.search_date_text} stored ${a.published_at!.toISOString()} truth ${t.published_at}`,
      );
    } else {
      assert.is(kstDayOf(a.published_at!.toISOString()), kstDayOf(t.published_at), what);
      assert.ok(truth - stored >= 0 && truth - stored < 86_400_000, what);
    }
  }
}

test('a search task for a keyword-day collects exactly the ground truth, relative dates and article pages included', async () => {
  const day = (await pickDays(portal.truth, { dates: 'relative', min_articles: 11, max_articles: 20, max_portal_articles: 10 }))[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  assert.ok(
    truth.articles.some((a) => /전$/.test(a.search_date_text)),
    'some results show relative dates',
  );
  const { job, id, t } = await runOne('metadata', source, { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const stored = await articlesOf(job, day.query);
  assert.is(stored.size, truth.articles.length);
  for (const ta of truth.articles) checkArticle(stored.get(ta.portal ? `${ta.oid}/${ta.aid}` : canonicalUrl(ta.originallink)), ta, 'search');
  assert.is(t.articles, truth.articles.length);
  assert.is(t.pages, Math.ceil(truth.articles.length / 10) + truth.articles.filter((a) => a.portal).length);
  const logs = await jobLogs(suite, job);
  assert.ok(
    logs.some((l) => /started \(attempt 1/.test(l)),
    logs.join('\n'),
  );
  assert.ok(
    logs.some((l) => /finished: \d+ articles/.test(l)),
    logs.join('\n'),
  );

  // The same task again (a rerun of the job) stores nothing twice.
  const before = await suite.pool.query<{ a: number; ja: number }>(
    'SELECT (SELECT count(*) FROM articles)::int a, (SELECT count(*) FROM job_articles)::int ja',
  );
  await suite.pool.query(`UPDATE tasks SET state = 'queued' WHERE id = $1`, [id]);
  const shard = { keyword: day.query, day: day.date, method: 'search' as const };
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'metadata', source, shard, attempt: 2 }));
  const again = await waitTask(suite, id, (x) => x.attempts === 2 && finished(x), 180_000, worker);
  assert.is(again.state, 'succeeded');
  assert.is(again.articles, truth.articles.length);
  const after = await suite.pool.query<{ a: number; ja: number }>(
    'SELECT (SELECT count(*) FROM articles)::int a, (SELECT count(*) FROM job_articles)::int ja',
  );
  assert.equal(after.rows[0], before.rows[0]);
});

test('an api task collects exactly the ground truth of a keyword-day through the search API', async () => {
  const day = (await pagedDays())[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  const { job, t } = await runOne('metadata', source, { keyword: day.query, day: day.date, method: 'api' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const stored = await articlesOf(job, day.query);
  assert.is(stored.size, truth.articles.length);
  for (const ta of truth.articles) checkArticle(stored.get(ta.portal ? `${ta.oid}/${ta.aid}` : canonicalUrl(ta.originallink)), ta, 'api');
});

test('an article found by two keywords is stored once and linked to both', async () => {
  // Find two keywords that share an article on one day.
  let pair: { a: string; b: string; day: string; shared: string } | undefined;
  for (const d of (await pagedDays()).slice(0, 10)) {
    const [x] = [await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(d.query)}&date=${d.date}`)];
    for (const other of summary.keywords) {
      if (other === d.query || pair) continue;
      const y = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(other)}&date=${d.date}`);
      const keys = new Set(y.articles.map((a) => a.key));
      const shared = x.articles.find((a) => keys.has(a.key));
      if (shared)
        pair = { a: d.query, b: other, day: d.date, shared: shared.portal ? `${shared.oid}/${shared.aid}` : canonicalUrl(shared.originallink) };
    }
    if (pair) break;
  }
  assert.ok(pair, 'two keywords share an article on some day');
  const job = await insertJob(suite, { source, method: 'api' });
  const one = await runOne('metadata', source, { keyword: pair.a, day: pair.day, method: 'api' }, job);
  const two = await runOne('metadata', source, { keyword: pair.b, day: pair.day, method: 'api' }, job);
  assert.is(one.t.state, 'succeeded');
  assert.is(two.t.state, 'succeeded');
  const rows = await suite.pool.query<{ id: number; keywords: string[] }>(
    `SELECT a.id, array_agg(ja.keyword ORDER BY ja.keyword) keywords FROM articles a JOIN job_articles ja ON ja.article_id = a.id
      WHERE a.source = $1 AND a.identity = $2 AND ja.job_uid = $3 GROUP BY a.id`,
    [source, pair.shared, job],
  );
  assert.is(rows.rows.length, 1);
  assert.equal(rows.rows[0]!.keywords, [pair.a, pair.b].sort());
});

async function pickCommentArticle(): Promise<{ truth: TruthArticle; comments: TruthComment[]; stats: TruthStats }> {
  const [a] = await pickArticles(portal.truth, { min_comments: 40, max_comments: 200, min_replies: 1, min_deleted: 1 });
  const c = await portal.truth<{ comments: TruthComment[]; stats: TruthStats }>(`comments/${a!.oid}/${a!.aid}`);
  return { truth: a as unknown as TruthArticle, comments: c.comments, stats: c.stats };
}

async function checkComments(src: string, collector: string, withModified: boolean): Promise<void> {
  const { truth, comments, stats } = await pickCommentArticle();
  const { job, t } = await runOne('comments', src, { url: truth.portal_link! });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const [stored, want] = await storedStats(suite, job, stats);
  assert.equal(stored, want, `the comment statistics ${collector} stored`);
  await waitJobLog(suite, job, `(attempt 1, ${collector} on`);
  if (collector === 'comments-browser') {
    // An article not stored before is read from its page, so its row is complete.
    const art = await suite.pool.query<{ title: string; section: string; published_at: Date }>(
      'SELECT title, section, published_at FROM articles WHERE oid = $1 AND aid = $2',
      [truth.oid, truth.aid],
    );
    assert.equal(
      [art.rows[0]?.title, art.rows[0]?.section, art.rows[0]?.published_at.toISOString()],
      [truth.title, truth.section, new Date(truth.published_at).toISOString()],
    );
  }
  const r = await suite.pool.query<{
    comment_no: number;
    parent_comment_no: number | null;
    is_reply: boolean;
    author: string | null;
    text: string | null;
    written_at: Date;
    modified_at: Date | null;
    likes: number;
    dislikes: number;
    reply_count: number;
    is_deleted: boolean;
  }>(
    `SELECT c.* FROM comments c JOIN articles a ON a.id = c.article_id JOIN job_articles ja ON ja.article_id = a.id AND ja.job_uid = $1 AND ja.keyword = ''
      ORDER BY comment_no`,
    [job],
  );
  assert.is(r.rows.length, comments.length);
  assert.is(t.comments, comments.length);
  const row = (c: TruthComment) => [
    c.comment_no,
    c.parent_comment_no,
    c.is_reply,
    c.author,
    c.contents,
    new Date(c.written_at).toISOString(),
    c.likes,
    c.dislikes,
    c.reply_count,
    c.is_deleted,
  ];
  for (let i = 0; i < comments.length; i++) {
    const s = r.rows[i]!;
    const want = comments[i]!;
    assert.equal(
      [
        s.comment_no,
        s.parent_comment_no,
        s.is_reply,
        s.author ?? '',
        s.text ?? '',
        s.written_at.toISOString(),
        s.likes,
        s.dislikes,
        s.reply_count,
        s.is_deleted,
      ],
      row(want),
    );
    if (withModified) assert.is(s.modified_at?.toISOString(), new Date(want.modified_at).toISOString());
  }
}

test('a comments task in the browser collects every comment and reply exactly, deleted ones marked, and the statistics box', async () => {
  await checkComments(source, 'comments-browser', false);
});

test('a comments task through the in-page JSON API collects the same, with modification times and statistics', async () => {
  await checkComments(apiSource, 'comments-api', true);
});

test('the worker exposes its metrics', async () => {
  const m = await worker.metrics();
  assert.match(m, /newsroom_worker_tasks_total\{[^}]*queue="t\.[^"]+\.metadata",outcome="succeeded"[^}]*\} [1-9]/);
  assert.match(m, /newsroom_items_collected_total\{[^}]*kind="comment"[^}]*\} [1-9]/);
  assert.match(m, /newsroom_page_load_seconds_count\{[^}]*\} [1-9]/);
  assert.match(m, /newsroom_worker_task_duration_seconds_count/);
  assert.match(m, /newsroom_worker_busy_slots\{[^}]*\} 0/);
});

test.run();
