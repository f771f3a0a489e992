// A site of another structure end to end through the operator: a CollectionJob for the portal's /wire/
// skin (one-part ids, "next"-link search with exact datetimes, ids in data-cid with replies nested in
// the DOM; profile manifests/examples/newssource-wire.yaml) is planned and published by the operator,
// collected by a worker through the Selenium Grid, and what is stored equals the skin's ground truth:
// every article to the second, every comment and reply of its portal articles with deleted ones, and
// the comment statistics; the job reports its comments as stored of shown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { daysBefore, pickDays } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { condition, Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import {
  applyProfile,
  deleteProfile,
  startPortal,
  startWorker,
  storedCommentRow,
  truthCommentRow,
  wireIdOf,
  type PortalProc,
  type StoredComment,
  type WorkerProc,
} from './worker-support.js';
import type { TruthArticle, TruthComment } from '../portal/truth.js';

interface TruthComments {
  counts: { total: number };
  stats: { current: number; deleted_by_author: number; deleted_by_moderator: number; male: number; female: number; ages: Record<string, number> };
  comments: TruthComment[];
}

let suite: Suite;
let kube: Kube;
let portal: PortalProc;
let op: OperatorProcess;
let worker: WorkerProc;
let source: string;

test.before(async () => {
  try {
    suite = await isolatedSuite('e2e-wire');
    kube = new Kube(suite);
    portal = await startPortal();
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 20 } });
    source = await applyProfile(suite, 'manifests/examples/newssource-wire.yaml', portal.url, 'e2e', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    op = startOperator(operatorEnv(suite));
    await op.port();
    worker = await startWorker(suite, { WORKER_SLOTS: '2' });
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await worker?.stop();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  await portal?.stop();
  if (source) await deleteProfile(source);
  await suite?.cleanup();
});

test('a CollectionJob on the /wire/ skin through the operator stores exactly its ground truth', async () => {
  const { now } = await portal.truth<{ now: string }>('summary');
  const day = (
    await pickDays(portal.truth, {
      to: daysBefore(now, 7),
      max_articles: 5,
      min_portal_articles: 2,
      min_comments: 20,
      max_comments: 200,
      min_replies: 1,
      min_deleted: 1,
    })
  )[0]!;
  await kube.createJob('wire', {
    type: 'Metadata',
    source,
    keywords: [day.query],
    dateRange: { from: day.date, to: day.date },
    includeComments: true,
  });
  const job = await waitFor(
    'the job to finish',
    async () => {
      const j = await kube.getJob('wire');
      return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True' ? j : null;
    },
    480_000,
    1000,
  ).catch(async (e: Error) => {
    console.error(JSON.stringify((await kube.getJob('wire')).status, null, 1), op.output().slice(-3000), worker.output().slice(-3000));
    throw e;
  });
  assert.is(condition(job, 'Complete')?.status, 'True', JSON.stringify(job.status));
  const uid = job.metadata.uid;

  const truth = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}&skin=wire`);
  const r = await suite.pool.query<{
    id: number;
    identity: string;
    title: string;
    publisher: string;
    original_url: string;
    portal_url: string | null;
    published_at: Date;
    comment_stats: unknown;
  }>('SELECT a.* FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1 AND ja.keyword <> $2', [uid, '']);
  const stored = new Map(r.rows.map((a) => [a.identity, a]));
  assert.is(stored.size, truth.articles.length, 'articles');
  let shown = 0;
  for (const ta of truth.articles) {
    const a = stored.get(ta.portal ? wireIdOf(ta) : canonicalUrl(ta.originallink));
    assert.ok(a, ta.key);
    assert.equal(
      [a.title, a.publisher, a.original_url, a.portal_url, a.published_at.toISOString()],
      [ta.title, ta.publisher, canonicalUrl(ta.originallink), ta.portal ? ta.portal_link : null, new Date(ta.published_at).toISOString()],
      ta.key,
    );
    if (!ta.portal) continue;
    const tc = await portal.truth<TruthComments>(`comments/${ta.oid}/${ta.aid}`);
    shown += tc.counts.total;
    const c = await suite.pool.query<StoredComment>('SELECT * FROM comments WHERE article_id = $1 ORDER BY comment_no', [a.id]);
    assert.equal(c.rows.map(storedCommentRow), tc.comments.map(truthCommentRow), `comments of ${ta.key}`);
    const t = tc.stats;
    assert.equal(
      a.comment_stats,
      {
        current: t.current,
        deletedByAuthor: t.deleted_by_author,
        deletedByModerator: t.deleted_by_moderator,
        male: t.male,
        female: t.female,
        ...Object.fromEntries(Object.entries(t.ages).map(([k, v]) => [`age${k}`, v])),
      },
      `statistics of ${ta.key}`,
    );
  }
  const status = job.status as { articles?: number; comments?: number; commentsShown?: number };
  assert.equal([status.articles, status.comments, status.commentsShown], [truth.articles.length, shown, shown], 'the job reports stored of shown');
});

test.run();
