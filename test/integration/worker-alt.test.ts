// A second site profile (manifests/examples/newssource-alt.yaml) with different URL paths and selectors over
// the same corpus: the same worker collects metadata, bodies, comments and their statistics exactly, with no code
// of its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { pickArticles, pickDays } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  insertTask,
  publisher,
  runTask,
  startPortal,
  startWorker,
  storedCommentRows,
  storedStats,
  truthCommentRow,
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

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-alt');
    portal = await startPortal();
    source = await applyProfile(suite, 'manifests/examples/newssource-alt.yaml', portal.url, 'alt', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2' });
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [source], suite }));

const run = (kind: 'metadata' | 'comments', shard: Parameters<typeof insertTask>[3]) => runTask({ suite, pub, worker }, kind, source, shard);

test('the alternate site: a search task over two result pages matches the ground truth', async () => {
  const day = (await pickDays(portal.truth, { min_articles: 11, max_articles: 20 })).sort(
    (a, b) => b.articles - a.articles || b.date.localeCompare(a.date),
  )[0]!;
  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=alt`);
  const { job, t } = await run('metadata', { keyword: day.query, day: day.date, method: 'search' });
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
  }>(`SELECT a.* FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1`, [job]);
  const stored = new Map(r.rows.map((a) => [a.identity, a]));
  assert.is(stored.size, truth.articles.length);
  for (const ta of truth.articles) {
    const a = stored.get(ta.portal ? `${ta.oid}/${ta.aid}` : canonicalUrl(ta.originallink));
    assert.ok(a, ta.key);
    assert.equal([a.title, a.description, a.publisher, a.original_url], [ta.title, ta.summary, ta.publisher, canonicalUrl(ta.originallink)]);
    if (ta.portal) {
      assert.equal(
        [a.portal_url, a.section, a.byline, a.published_at.toISOString()],
        [ta.portal_link, ta.section, ta.byline, new Date(ta.published_at).toISOString()],
      );
      const detail = await portal.truth<{ body: string; modified_at: string | null }>(`article/${ta.oid}/${ta.aid}`);
      assert.equal(
        [a.body, a.modified_at?.toISOString() ?? null],
        [detail.body, detail.modified_at && new Date(detail.modified_at).toISOString()],
        `body and modified time of ${ta.key}`,
      );
    }
  }
});

test('the alternate site: a comments task in the browser matches the ground truth', async () => {
  const target = (await pickArticles(portal.truth, { min_comments: 30, max_comments: 150 }, 1, 'alt'))[0] as unknown as TruthArticle;
  const truth = await portal.truth<{ comments: TruthComment[]; stats: TruthStats }>(`comments/${target.oid}/${target.aid}?skin=alt`);
  const { job, t } = await run('comments', { url: target.portal_link! });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const [stored, want] = await storedStats(suite, job, truth.stats);
  assert.equal(stored, want, "the comment statistics read from the alternate site's own box");
  assert.equal(await storedCommentRows(suite, job), truth.comments.map(truthCommentRow));
});

test.run();
