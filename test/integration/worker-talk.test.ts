// Comments from a third-party comment service on another host (the portal's /talk/ API served by a
// second portal process on another port; profile manifests/examples/newssource-talk.yaml): a cursor-
// paged JSON API whose replies sit inside their parent. The worker collects them exactly from the
// profile alone, with the outlet's article page as Referer; a renamed field and a time no setting
// reads each fail the task naming the field, its expression and what was found.
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
  type WorkerProc,
} from './worker-support.js';
import type { TruthComment } from '../portal/truth.js';

let suite: Suite;
let outlet: PortalProc;
let service: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;
let target: PickedArticle;
let truth: { counts: { total: number; replies: number; deleted: number }; comments: TruthComment[] };

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-talk');
    outlet = await startPortal();
    service = await startPortal();
    source = await applyProfile(suite, 'manifests/examples/newssource-talk.yaml', outlet.url, 'api', (s) => {
      s.baseUrls.commentApi = service.url;
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '1', WORKER_PAGE_RETRY_BACKOFF_MS: '200' });
    // More than two pages of 20 threads, with replies and deleted comments.
    target = (await pickArticles(outlet.truth, { min_top_level: 41, max_comments: 300, min_replies: 1, min_deleted: 1 }, 1, 'wire'))[0]!;
    truth = await outlet.truth<typeof truth>(`comments/${target.oid}/${target.aid}`);
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal: outlet, profiles: [source], also: async () => void (await service?.stop()), suite }));
test.before.each(async () => {
  await service.clearFaults();
});

const run = () => runTask({ suite, pub, worker }, 'comments', source, { url: target.portal_link });

test('comments from the service on another host: every page, nested replies, deleted ones, exact times', async () => {
  const { job, id, t } = await run();
  assert.is(t.state, 'succeeded', JSON.stringify(t) + (await jobLogs(suite, job)).join('\n'));
  assert.equal(await storedCommentRows(suite, job), truth.comments.map(truthCommentRow));
  assert.ok(t.pages >= 3, `${t.pages} pages`);
  const shown = await suite.pool.query<{ comments_shown: number }>('SELECT comments_shown FROM tasks WHERE id = $1', [id]);
  assert.is(shown.rows[0]!.comments_shown, truth.counts.total);
  await waitJobLog(suite, job, `${truth.counts.total} of ${truth.counts.total} comments shown`);
  assert.ok(truth.counts.deleted > 0 && truth.counts.replies > 0);
});

test('fault: a renamed field fails the task naming the field and its expression', async () => {
  await service.fault({ path: '^/talk/v1/threads/', action: 'markup' });
  const { t } = await run();
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(t.last_error ?? '', /no comment of the \d+ in the answer has content \(comments\.api\.fields\.text\)/);
});

test('fault: a time no setting reads fails the task naming the field and the text found', async () => {
  await service.fault({ path: '^/talk/v1/threads/', action: 'markup', variant: 'date' });
  const { t } = await run();
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(t.last_error ?? '', /comments have no readable time at createdAt \(comments\.api\.fields\.writtenAt; found "\d+월 \d+일 \d+:\d{2}"/);
});

test.run();
