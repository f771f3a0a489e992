// An outlet whose search results are filled by script from a JSON endpoint with a "more" control
// (the portal's /scoop/, profile manifests/examples/newssource-scoop.yaml): the worker reads the
// endpoint page by offset, with the search page as Referer, and the outlet's own article pages. It
// collects every article of a keyword-day exactly (titles, links, publishers, exact times; bodies,
// bylines and sections of the outlet-hosted ones); a renamed field and a time no setting reads each
// fail the task naming the field, its expression and what was found.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickDays } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  jobLogs,
  publisher,
  runTask,
  startPortal,
  startWorker,
  tearDown,
  wireIdOf,
  type PortalProc,
  type WorkerProc,
} from './worker-support.js';
import type { TruthArticle } from '../portal/truth.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-scoop');
    portal = await startPortal();
    source = await applyProfile(suite, 'manifests/examples/newssource-scoop.yaml', portal.url, 'api', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
      s.timeouts = { elementWaitSeconds: 3 };
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1', WORKER_PAGE_RETRY_BACKOFF_MS: '200' });
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [source], suite }));
test.before.each(async () => {
  await portal.clearFaults();
});

const run = (day: { query: string; date: string }) =>
  runTask({ suite, pub, worker }, 'metadata', source, { keyword: day.query, day: day.date, method: 'search' });

test('search from the JSON endpoint, page by offset: every article of the day, exact times, outlet pages read', async () => {
  const day = (await pickDays(portal.truth, { min_articles: 21, max_articles: 40, min_portal_articles: 2 }))[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=wire`);
  const { job, t } = await run(day);
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
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
      ta.key,
    );
    if (ta.portal) {
      const detail = await portal.truth<{ body: string }>(`article/${ta.oid}/${ta.aid}`);
      assert.equal(
        [a.portal_url, a.section, a.byline, a.body],
        [`${portal.url}/scoop/news/${wireIdOf(ta)}`, ta.section, ta.byline, detail.body],
        ta.key,
      );
    }
  }
  assert.ok(t.pages >= Math.ceil(truth.articles.length / 10), `${t.pages} pages`);
});

test('fault: a renamed field of the endpoint fails the task naming it and what was found', async () => {
  await portal.fault({ path: '^/scoop/api/search$', action: 'markup' });
  const day = (await pickDays(portal.truth, { min_articles: 3, max_articles: 12 }))[0]!;
  const { t } = await run(day);
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(t.last_error ?? '', /results have no readable title at title \(search\.api\.fields\.title; found ""/);
});

test('fault: a time no setting reads fails the task naming the field and the text found', async () => {
  await portal.fault({ path: '^/scoop/api/search$', action: 'markup', variant: 'date' });
  const day = (await pickDays(portal.truth, { min_articles: 3, max_articles: 12 }))[0]!;
  const { t } = await run(day);
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    /results have no readable publishedAt at regDate \(search\.api\.fields\.publishedAt; found "\d+월 \d+일 \d{2}:\d{2}"/,
  );
});

test.run();
