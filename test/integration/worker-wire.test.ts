// A site of another structure (the portal's /wire/, profile manifests/examples/newssource-wire.yaml):
// one-part ids, "next"-link search with exact datetimes, ids in data-cid with replies nested in the
// DOM, a cursor-paged comment JSON. The worker collects it exactly from the profile alone, and every
// change of the site (an attribute renamed, a selector changed, a JSON field gone, fewer comments
// than counted) ends the task failed or retried with its reason, never succeeded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickArticles, pickDays, type PickedArticle } from '../harness/corpus.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  insertTask,
  jobLogs,
  publisher,
  runTask,
  startPortal,
  startWorker,
  storedCommentRows,
  storedStats,
  truthCommentRow,
  tearDown,
  waitJobLog,
  type PortalProc,
  type SpecDoc,
  type TruthStats,
  type WorkerProc,
  wireIdOf,
} from './worker-support.js';
import type { TruthArticle, TruthComment } from '../portal/truth.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let page: string;
let api: string;
let nextLinks: string;
let target: PickedArticle;
let truthComments: {
  counts: { total: number; replies: number; deleted: number };
  stats: TruthStats;
  comments: TruthComment[];
};

const fast = (s: SpecDoc) => {
  s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  // A changed page is only recognised after this wait for the expected elements.
  s.timeouts = { elementWaitSeconds: 3 };
};

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-wire');
    portal = await startPortal();
    page = await applyProfile(suite, 'manifests/examples/newssource-wire.yaml', portal.url, 'page', fast);
    api = await applyProfile(suite, 'manifests/examples/newssource-wire.yaml', portal.url, 'api', (s) => {
      fast(s);
      s.comments.strategy = 'api';
      s.comments.pageSize = 10;
    });
    nextLinks = await applyProfile(suite, 'manifests/examples/newssource-wire.yaml', portal.url, 'next', (s) => {
      fast(s);
      s.search.paging = 'nextLink';
      s.urlTemplates.search = '{search}/wire/search?keyword={query}&date={day}';
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1', WORKER_PAGE_RETRY_BACKOFF_MS: '200' });
    target = (await pickArticles(portal.truth, { min_comments: 30, max_comments: 200, min_replies: 1, min_deleted: 1 }, 1, 'wire'))[0]!;
    truthComments = await portal.truth<typeof truthComments>(`comments/${target.oid}/${target.aid}`);
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [page, api, nextLinks], suite }));
test.before.each(async () => {
  await portal.clearFaults();
});

const run = (kind: 'metadata' | 'comments', source: string, shard: Parameters<typeof insertTask>[3]) =>
  runTask({ suite, pub, worker }, kind, source, shard);

const expectedComments = () => truthComments.comments.map(truthCommentRow);

test('search by "next" links: every article of the day, one-part ids, exact times to the second', async () => {
  const day = (await pickDays(portal.truth, { min_articles: 11, max_articles: 25, min_portal_articles: 3 }))[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=wire`);
  const { job, t } = await run('metadata', page, { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const r = await suite.pool.query<{
    identity: string;
    oid: string | null;
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
    raw: { datePrecision: string };
  }>(`SELECT a.* FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1`, [job]);
  const stored = new Map(r.rows.map((a) => [a.identity, a]));
  assert.is(stored.size, truth.articles.length);
  for (const ta of truth.articles) {
    const a = stored.get(ta.portal ? wireIdOf(ta) : canonicalUrl(ta.originallink));
    assert.ok(a, ta.key);
    assert.equal(
      [a.title, a.description, a.publisher, a.original_url, a.published_at.toISOString(), a.raw.datePrecision],
      [ta.title, ta.summary, ta.publisher, canonicalUrl(ta.originallink), new Date(ta.published_at).toISOString(), 'exact'],
    );
    if (ta.portal) {
      assert.equal([a.portal_url, a.section, a.byline, a.oid], [ta.portal_link, ta.section, ta.byline, null]);
      const detail = await portal.truth<{ body: string; modified_at: string | null }>(`article/${ta.oid}/${ta.aid}`);
      assert.equal(
        [a.body, a.modified_at?.toISOString() ?? null],
        [detail.body, detail.modified_at && new Date(detail.modified_at).toISOString()],
        `body and modified time of ${ta.key}`,
      );
    }
  }
  assert.ok(
    r.rows.some((a) => a.modified_at),
    'some article of the day was modified',
  );
});

test('search by following the "next" links themselves: the same articles', async () => {
  const day = (await pickDays(portal.truth, { min_articles: 21, max_articles: 40 }))[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=wire`);
  const { job, t } = await run('metadata', nextLinks, { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const r = await suite.pool.query<{ identity: string }>(
    `SELECT a.identity FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1`,
    [job],
  );
  assert.equal(r.rows.map((a) => a.identity).sort(), truth.articles.map((ta) => (ta.portal ? wireIdOf(ta) : canonicalUrl(ta.originallink))).sort());
  assert.ok(t.pages >= Math.ceil(truth.articles.length / 10) + 1, `${t.pages} pages: the result pages and the article pages`);
});

test('comments in the browser: ids from data-cid, replies by nesting, deleted ones kept, stored of shown', async () => {
  const { job, id, t } = await run('comments', page, { url: target.portal_link! });
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
  assert.equal(await storedCommentRows(suite, job), expectedComments());
  const shown = await suite.pool.query<{ comments_shown: number }>('SELECT comments_shown FROM tasks WHERE id = $1', [id]);
  assert.is(shown.rows[0]!.comments_shown, truthComments.counts.total);
  await waitJobLog(suite, job, `${truthComments.counts.total} of ${truthComments.counts.total} comments shown`);
  const art = await suite.pool.query<{ identity: string; title: string }>(
    'SELECT a.identity, a.title FROM articles a JOIN job_articles ja ON ja.article_id = a.id AND ja.job_uid = $1',
    [job],
  );
  assert.equal(
    art.rows.map((a) => [a.identity, a.title]),
    [[wireIdOf(target), target.title]],
  );
  const [stats, want] = await storedStats(suite, job, truthComments.stats);
  assert.equal(stats, want, 'the comment statistics the page shows');
});

test('comments through the cursor-paged JSON API, replies inline: exactly the truth', async () => {
  const { job, t } = await run('comments', api, { url: target.portal_link! });
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
  assert.equal(await storedCommentRows(suite, job), expectedComments());
  assert.ok(t.pages > 1, `paged: ${t.pages} pages`);
  const [stats, want] = await storedStats(suite, job, truthComments.stats);
  assert.equal(stats, want, 'the comment statistics the API gives');
});

test("fault: the results' datetime attribute renamed fails the search task naming it", async () => {
  await portal.fault({ path: '^/wire/search$', action: 'markup' });
  const day = (await pickDays(portal.truth, { max_articles: 12, min_portal_articles: 1 }))[0]!;
  const { t } = await run('metadata', page, { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    /results matched by #results > div\.story have no date that reads \(attribute datetime of time\.stamp: found nothing/,
  );
});

test('fault: the article title selector changed fails the search task naming it', async () => {
  await portal.fault({ path: '^/wire/news/A\\d+$', action: 'markup' });
  const day = (await pickDays(portal.truth, { max_articles: 12, min_portal_articles: 1 }))[0]!;
  const { t } = await run('metadata', page, { keyword: day.query, day: day.date, method: 'search' });
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(t.last_error ?? '', /no element matches h1\.title on the article page/);
});

test('fault: the comment id attribute renamed fails the comments task naming it', async () => {
  await portal.fault({ path: '^/wire/news/A\\d+/comments$', action: 'markup' });
  const { t } = await run('comments', page, { url: target.portal_link! });
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    new RegExp(
      `${truthComments.comments.length} of ${truthComments.comments.length} comments matched by li\\.c have no comment number in attribute data-cid`,
    ),
  );
});

test('fault: a JSON field that disappears fails the API comments task naming it', async () => {
  await portal.fault({ path: '^/wire/api/comments$', action: 'markup' });
  const { t } = await run('comments', api, { url: target.portal_link! });
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(t.last_error ?? '', /no comment of the \d+ in the answer has body \(comments\.api\.fields\.text\)/);
  const status = await kubectl(['get', 'newssource', api, '-o', 'jsonpath={.status.lastLayoutError}']);
  assert.match(status.stdout, /the comment API's answer changed: no comment of the \d+ in the answer has body/);
});

test('fault: fewer comments than the site counts is never a success (page and API)', async () => {
  await portal.fault({ path: '^/wire/api/comments$', action: 'markup', variant: 'count' });
  const shown = truthComments.counts.total;
  const got = shown - truthComments.counts.deleted;
  const browser = await run('comments', page, { url: target.portal_link! });
  assert.is(browser.t.state, 'pending', JSON.stringify(browser.t));
  assert.is(browser.t.error_kind, 'retryable');
  assert.match(browser.t.last_error ?? '', new RegExp(`the comment page showed ${got} of its ${shown} comments \\(\\.c-count\\)`));
  await waitJobLog(suite, browser.job, /will be retried: the comment page showed/);
  const viaApi = await run('comments', api, { url: target.portal_link! });
  assert.is(viaApi.t.state, 'pending', JSON.stringify(viaApi.t));
  assert.match(viaApi.t.last_error ?? '', new RegExp(`the comment API gave ${got} of the ${shown} comments it counts \\(data\\.total\\)`));
});

test.run();
