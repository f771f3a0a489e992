// Page functions on the real stack: the worked example of docs/sources.md ("Page functions"), applied as
// written, reads the local portal's alternate site through scripts run in Chromium by Selenium Grid, and
// what it stores equals the portal's ground truth (articles over two result pages with their article
// pages, and every comment and reply). Its output is held to its shape: a result the page shows that
// does not read is reported with its path while the others are stored, and a function that throws or
// returns another shape fails the page naming what was expected.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickArticles, pickDays } from '../harness/corpus.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import type { TruthArticle, TruthComment } from '../portal/truth.js';
import {
  publisher,
  runTask,
  startPortal,
  startWorker,
  storedCommentRows,
  tearDown,
  truthCommentRow,
  type PortalProc,
  type Shard,
  type WorkerProc,
} from './worker-support.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
const profiles: string[] = [];

interface ProfileDoc {
  metadata: { name: string };
  spec: { baseUrls: Record<string, string>; rateLimit?: unknown; pageFunctions: Record<string, string> } & Record<string, unknown>;
}

/** The YAML block after the example's marker in docs/sources.md, exactly as a reader would copy it. */
function docsExample(): ProfileDoc {
  const doc = readFileSync(fromRoot('docs', 'sources.md'), 'utf8');
  const m = /<!-- page-functions-example -->\s*```yaml\n([\s\S]*?)\n```/.exec(doc);
  if (!m) throw new Error('docs/sources.md has no page-functions-example YAML block');
  return parse(m[1]!) as ProfileDoc;
}

/** Applies the example (pointed at this suite's portal, under a name of its own), changed by `patch`. */
async function applyExample(variant: string, patch: (d: ProfileDoc) => void = () => undefined): Promise<string> {
  const d = docsExample();
  d.metadata.name = `${d.metadata.name}-${variant}-${suite.id}`.slice(0, 63).replace(/-+$/, '');
  for (const k of Object.keys(d.spec.baseUrls)) d.spec.baseUrls[k] = portal.url;
  d.spec.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  patch(d);
  await kubectl(['apply', '-f', '-'], stringify({ apiVersion: 'collection.newsroom.dev/v1alpha1', kind: 'NewsSource', ...d }));
  profiles.push(d.metadata.name);
  return d.metadata.name;
}

test.before(async () => {
  try {
    suite = await isolatedSuite('page-functions');
    portal = await startPortal();
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1' });
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles, suite }));

test.before.each(async () => {
  await portal.clearFaults();
});

const run = (source: string, kind: 'metadata' | 'comments', shard: Shard) => runTask({ suite, pub, worker }, kind, source, shard);

test('the documented example: a search over two result pages, article pages read by their function, equals the truth', async () => {
  const source = await applyExample('docs');
  const day = (await pickDays(portal.truth, { min_articles: 11, max_articles: 20 })).sort(
    (a, b) => b.articles - a.articles || b.date.localeCompare(a.date),
  )[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=alt`);
  const { job, t } = await run(source, 'metadata', { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const r = await suite.pool.query<{
    identity: string;
    title: string;
    description: string;
    publisher: string;
    original_url: string;
    portal_url: string | null;
    section: string | null;
    byline: string | null;
    published_at: Date;
    body: string | null;
    modified_at: Date | null;
    raw: { via: string };
  }>(`SELECT a.* FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1`, [job]);
  const stored = new Map(r.rows.map((a) => [a.identity, a]));
  assert.is(stored.size, truth.articles.length);
  for (const ta of truth.articles) {
    const a = stored.get(ta.portal ? `${ta.oid}/${ta.aid}` : canonicalUrl(ta.originallink));
    assert.ok(a, ta.key);
    assert.is(a.raw.via, 'page-function');
    assert.equal([a.title, a.description, a.publisher, a.original_url], [ta.title, ta.summary, ta.publisher, canonicalUrl(ta.originallink)], ta.key);
    if (ta.portal) {
      assert.equal(
        [a.portal_url, a.section, a.byline, a.published_at.toISOString()],
        [ta.portal_link, ta.section, ta.byline, new Date(ta.published_at).toISOString()],
        ta.key,
      );
      const detail = await portal.truth<{ body: string; modified_at: string | null }>(`article/${ta.oid}/${ta.aid}`);
      assert.equal(
        [a.body, a.modified_at?.toISOString() ?? null],
        [detail.body, detail.modified_at && new Date(detail.modified_at).toISOString()],
        ta.key,
      );
    }
  }
  const shortfall = await suite.pool.query<{ results_shown: number; results_unread: number }>(
    'SELECT results_shown, results_unread FROM tasks WHERE job_uid = $1',
    [job],
  );
  assert.equal(shortfall.rows[0], { results_shown: truth.articles.length, results_unread: 0 });
});

test('the documented example: every comment and reply of an article, asked of the comment API by the page, equals the truth', async () => {
  const source = await applyExample('docs-comments');
  const target = (await pickArticles(portal.truth, { min_comments: 30, max_comments: 150, min_replies: 3, min_deleted: 1 }, 1, 'alt'))[0]!;
  const truth = await portal.truth<{ comments: TruthComment[] }>(`comments/${target.oid}/${target.aid}?skin=alt`);
  const { job, t } = await run(source, 'comments', { url: target.portal_link });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  assert.equal(await storedCommentRows(suite, job), truth.comments.map(truthCommentRow));
  const row = await suite.pool.query<{ comments_shown: number; comments_unread: number }>(
    'SELECT comments_shown, comments_unread FROM tasks WHERE job_uid = $1',
    [job],
  );
  assert.equal(row.rows[0], { comments_shown: truth.comments.length, comments_unread: 0 });
});

test('a result whose date does not read is reported with its path, the results beside it stored', async () => {
  const source = await applyExample('partial');
  const day = (await pickDays(portal.truth, { min_articles: 4, max_articles: 10 }))[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=alt`);
  await portal.fault({ path: '^/alt/news/search', action: 'markup', variant: 'unreadable-date' });
  const { job, t } = await run(source, 'metadata', { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  assert.is(t.articles, truth.articles.length - 1);
  const r = await suite.pool.query<{
    results_shown: number;
    results_unread: number;
    unread: { field: string; found: string; selector: string; position: number }[];
  }>('SELECT results_shown, results_unread, unread FROM tasks WHERE job_uid = $1', [job]);
  const row = r.rows[0]!;
  assert.equal([row.results_shown, row.results_unread], [truth.articles.length, 1]);
  assert.equal(
    row.unread.map((u) => [u.position, u.field, u.selector, u.found]),
    [[2, '/articles/1/date', 'pageFunctions.search', '"날짜 미상"']],
  );
});

test('a comment whose id does not read is reported with its path, the comments beside it stored', async () => {
  // The function leaves a prefix on the first comment's id ("c-3006630021"), as a careless one would.
  const source = await applyExample('comments-partial', (d) => {
    d.spec.pageFunctions.comments = (d.spec.pageFunctions.comments ?? '').replace(
      'id: c.commentNo,',
      'id: c === list[0] ? `c-${c.commentNo}` : c.commentNo,',
    );
  });
  const target = (await pickArticles(portal.truth, { min_comments: 10, max_comments: 60 }, 1, 'alt'))[0]!;
  const truth = await portal.truth<{ comments: TruthComment[] }>(`comments/${target.oid}/${target.aid}?skin=alt`);
  const { job, t } = await run(source, 'comments', { url: target.portal_link });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const r = await suite.pool.query<{ comments_shown: number; comments_unread: number; unread: { field: string; found: string; position: number }[] }>(
    'SELECT comments_shown, comments_unread, unread FROM tasks WHERE job_uid = $1',
    [job],
  );
  const row = r.rows[0]!;
  assert.equal([row.comments_shown, row.comments_unread], [truth.comments.length, 1]);
  const [u] = row.unread;
  assert.equal([u!.position, u!.field], [1, '/comments/0/id']);
  assert.match(u!.found, /^"c-\d+"$/);
  const missing = Number(u!.found.slice(3, -1));
  assert.equal(
    await storedCommentRows(suite, job),
    truth.comments.filter((c) => c.comment_no !== missing).map(truthCommentRow),
    'every comment but the one whose id did not read (a top-level one: the reply counts stay)',
  );
});

const failures: [string, (d: ProfileDoc) => void, RegExp][] = [
  [
    'a function that throws',
    (d) => (d.spec.pageFunctions.search = "throw new Error('no results list on this page');"),
    /pageFunctions\.search on \S+ threw: Error: no results list on this page/,
  ],
  [
    'a function that returns another shape',
    (d) => (d.spec.pageFunctions.search = 'return { shown: "ten", articles: {} };'),
    /returned what its shape does not allow: \/shown must be integer; \/articles must be array \(expected \{ shown, articles/,
  ],
  [
    'a function that does not compile',
    (d) => (d.spec.pageFunctions.search = 'return {'),
    /pageFunctions\.search does not run \(it does not compile\): Unexpected token/,
  ],
];
for (const [name, patch, re] of failures) {
  test(`the page fails, naming what was expected: ${name}`, async () => {
    const source = await applyExample(`bad-${profiles.length}`, patch);
    const day = (await pickDays(portal.truth, { min_articles: 2, max_articles: 10 }))[0]!;
    const { t } = await run(source, 'metadata', { keyword: day.query, day: day.date, method: 'search' });
    assert.is(t.state, 'failed', JSON.stringify(t));
    assert.match(t.last_error ?? '', re, t.last_error ?? 'no error');
    assert.is(t.articles, 0);
  });
}

test.run();
