// An outlet's server-rendered comment board (the portal's /board/, profile
// manifests/examples/newssource-board.yaml): comment pages followed by their "다음" links (or by a page
// number), ids with a prefix taken off by a pattern, replies nested inside their parent, deleted
// comments kept with what the board still shows, Korean 12-hour times to the minute (stored to the
// minute, never with made-up seconds), and counts whose text is abbreviated while an attribute has the
// exact number. The worker collects it exactly from the profile alone; a changed selector and a date
// no setting reads each fail the task naming the field, its selector and what was found.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickArticles, type PickedArticle } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  jobLogs,
  publisher,
  runTask,
  startPortal,
  startWorker,
  storedCommentRows,
  tearDown,
  truthCommentRow,
  waitJobLog,
  type PortalProc,
  type SpecDoc,
  type WorkerProc,
} from './worker-support.js';
import type { TruthComment } from '../portal/truth.js';

const PROFILE = 'manifests/examples/newssource-board.yaml';
let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let next: string;
let numbered: string;
let target: PickedArticle;
let truth: { counts: { total: number; replies: number; deleted: number }; comments: TruthComment[] };

const fast = (s: SpecDoc) => {
  s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  s.timeouts = { elementWaitSeconds: 3 };
};

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-board');
    portal = await startPortal();
    next = await applyProfile(suite, PROFILE, portal.url, 'next', fast);
    numbered = await applyProfile(suite, PROFILE, portal.url, 'page', (s) => {
      fast(s);
      s.comments.paging = 'template';
      s.urlTemplates.comments = '{article}/board/news/{id}/comments?page={page}';
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1', WORKER_PAGE_RETRY_BACKOFF_MS: '200' });
    // More than two pages of 15 threads, with replies and deleted comments.
    target = (await pickArticles(portal.truth, { min_top_level: 31, max_comments: 300, min_replies: 1, min_deleted: 1 }, 1, 'wire'))[0]!;
    truth = await portal.truth<typeof truth>(`comments/${target.oid}/${target.aid}`);
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [next, numbered], suite }));
test.before.each(async () => {
  await portal.clearFaults();
});

const run = (source: string) => runTask({ suite, pub, worker }, 'comments', source, { url: target.portal_link });

/** The truth as the board shows it: times to the minute (the board shows no seconds). */
const expected = () =>
  truth.comments.map((c) => {
    const row = truthCommentRow(c);
    const at = new Date(c.written_at);
    at.setUTCSeconds(0, 0);
    row[4] = at.toISOString();
    return row;
  });

test('comments by "next" links: every page, prefixed ids, nested replies, deleted ones, exact counts', async () => {
  const { job, id, t } = await run(next);
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
  assert.equal(await storedCommentRows(suite, job), expected());
  assert.ok(t.pages >= Math.ceil(truth.comments.filter((c) => !c.is_reply).length / 15), `${t.pages} pages`);
  const shown = await suite.pool.query<{ comments_shown: number }>('SELECT comments_shown FROM tasks WHERE id = $1', [id]);
  assert.is(shown.rows[0]!.comments_shown, truth.counts.total);
  await waitJobLog(suite, job, `${truth.counts.total} of ${truth.counts.total} comments shown`);
  const precision = await suite.pool.query<{ p: string; n: string }>(
    `SELECT c.raw->>'writtenPrecision' AS p, count(*) AS n FROM comments c JOIN job_articles ja ON ja.article_id = c.article_id AND ja.job_uid = $1 GROUP BY 1`,
    [job],
  );
  assert.equal(
    precision.rows.map((r) => [r.p, Number(r.n)]),
    [['minute', truth.comments.length]],
    'every time is stored as known to the minute',
  );
  assert.ok(truth.counts.deleted > 0 && truth.counts.replies > 0);
});

test('comments by page number: the same comments', async () => {
  const { job, t } = await run(numbered);
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
  assert.equal(await storedCommentRows(suite, job), expected());
});

test("fault: the like count's selector changed fails the task naming the field, selector and what was found", async () => {
  await portal.fault({ path: '^/board/news/A\\d+/comments$', action: 'markup' });
  const { t } = await run(next);
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    /comments have no readable likes in attribute data-count of button\.like \(comments\.selectors\.fields\.likes; found nothing/,
  );
});

test('fault: a date no setting reads fails the task naming the field and the text found', async () => {
  await portal.fault({ path: '^/board/news/A\\d+/comments$', action: 'markup', variant: 'date' });
  const { t } = await run(next);
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    /comments have no readable time in the text of \.when \(comments\.selectors\.fields\.date; found "\d+월 \d+일 \d+시 \d+분"/,
  );
});

test.run();
