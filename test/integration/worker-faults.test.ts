// The worker under faults from its own portal: server errors and rate limits are retried, block pages
// and changed markup fail the task with a plain reason, unreadable or unknown messages are dead-lettered,
// and tasks that are done, cancelled, suspended or out of attempts are not run again.
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickArticles, pickDays, type KeywordDay } from '../harness/corpus.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  finished,
  insertJob,
  insertTask,
  jobLogs,
  publisher,
  runTask,
  startPortal,
  startWorker,
  taskMessage,
  taskRow,
  waitJobLog,
  waitTask,
  tearDown,
  type PortalProc,
  type Shard,
  type WorkerProc,
} from './worker-support.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let source: string;
let apiSource: string;
let day: KeywordDay;
let commentUrl: string;

test.before(async () => {
  try {
    suite = await isolatedSuite('worker-faults');
    portal = await startPortal();
    const fast = (s: Record<string, unknown>) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
      (s.article as { visit: boolean }).visit = false;
      // The changed markup is only recognised after this wait for the expected elements.
      (s.timeouts as { elementWaitSeconds: number }).elementWaitSeconds = 3;
    };
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'page', fast);
    apiSource = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'api', (s) => {
      fast(s);
      s.comments.strategy = 'api';
    });
    pub = await publisher(suite);
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '2' });
    day = (await pickDays(portal.truth, { max_articles: 10, min_comments: 20, max_comments: 200 }))[0]!;
    commentUrl = (await pickArticles(portal.truth, { min_comments: 21, max_comments: 149 }))[0]!.portal_link;
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [source, apiSource], suite }));

test.before.each(async () => {
  await portal.clearFaults();
});

const run = (kind: 'metadata' | 'comments', src: string, shard: Shard, o: { backoffLimit?: number } = {}) =>
  runTask({ suite, pub, worker }, kind, src, shard, { ...o, timeoutMs: 120_000 });

const searchShard = (): Shard => ({ keyword: day.query, day: day.date, method: 'search' });

test('a server error on a search page is retried within the task and the task succeeds', async () => {
  await portal.fault({ path: '^/search\\.naver$', action: 'status', status: 500, times: 1 });
  const { job, t } = await run('metadata', source, searchShard());
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  assert.is(t.articles, day.articles);
  await waitJobLog(suite, job, /retrying search page 1 .*HTTP 500/);
});

test('connection resets on a search page are retried; when they persist the task is retryable with the reason', async () => {
  await portal.fault({ path: '^/search\\.naver$', action: 'reset', times: 2 });
  const once = await run('metadata', source, searchShard());
  assert.is(once.t.state, 'succeeded', JSON.stringify(once.t) + (await jobLogs(suite, once.job)).join('\n'));
  await portal.fault({ path: '^/search\\.naver$', action: 'reset' });
  const { job, t } = await run('metadata', source, searchShard());
  assert.is(t.state, 'pending', JSON.stringify(t));
  assert.match(t.last_error ?? '', /could not be reached/);
  await waitJobLog(suite, job, /retrying search page 1 .*could not be reached/);
});

test('rate limiting beyond the page retries makes the task retryable with the reason; published again it succeeds', async () => {
  await portal.fault({ path: '^/search\\.naver$', action: 'status', status: 429, times: 3 });
  const { job, id, t } = await run('metadata', source, searchShard());
  assert.is(t.state, 'pending');
  assert.is(t.error_kind, 'retryable');
  assert.match(t.last_error ?? '', /429/);
  await waitJobLog(suite, job, /will be retried: .*429/);
  // What the operator does after the backoff: queue it again and publish the next attempt.
  await suite.pool.query(`UPDATE tasks SET state = 'queued' WHERE id = $1`, [id]);
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'metadata', source, shard: searchShard(), attempt: 2 }));
  const again = await waitTask(suite, id, (x) => x.state === 'succeeded', 60_000, worker);
  assert.is(again.attempts, 2);
  assert.is(again.articles, day.articles);
});

test('a comment API error is retried and the comments are complete', async () => {
  await portal.fault({ path: '^/commentBox/', action: 'status', status: 503, times: 1 });
  const { t } = await run('comments', apiSource, { url: commentUrl });
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const id = /article\/(\d{3})\/(\d{10})/.exec(commentUrl)!;
  const truth = await portal.truth<{ counts: { total: number } }>(`comments/${id[1]}/${id[2]}`);
  assert.is(t.comments, truth.counts.total);
});

test('a block page fails the task with a reason a user understands', async () => {
  await portal.fault({ path: '^/search\\.naver$', action: 'block', status: 200 });
  const { job, t } = await run('metadata', source, searchShard());
  assert.is(t.state, 'failed');
  assert.is(t.error_kind, 'permanent');
  assert.match(t.last_error ?? '', /the site blocked the collector/);
  await waitJobLog(suite, job, /failed: the site blocked the collector/);
});

test('the changed markup fails a search task as "layout changed" naming the selector', async () => {
  await portal.fault({ path: '^/search\\.naver$', action: 'markup' });
  const { t } = await run('metadata', source, searchShard());
  assert.is(t.state, 'failed');
  assert.match(t.last_error ?? '', /the site's layout changed: no element matches ul\.list_news > li\.bx/);
  const status = await kubectl(['get', 'newssource', source, '-o', 'jsonpath={.status.lastLayoutError}']);
  assert.match(status.stdout, /the site's layout changed: no element matches ul\.list_news > li\.bx/);
});

test('the changed markup fails a comments task as "layout changed" naming the list selector', async () => {
  await portal.fault({ path: '^/mnews/article/comment/', action: 'markup' });
  const { job, t } = await run('comments', source, { url: commentUrl });
  assert.is(
    t.state,
    'failed',
    (await jobLogs(suite, job)).join('\n') + JSON.stringify(t) + JSON.stringify(await (await fetch(portal.url + '/__admin/faults')).json()),
  );
  assert.match(t.last_error ?? '', /layout changed: no element matches \.u_cbox_list/);
});

test('a renamed statistics class fails a comments task naming the statistics and their selectors', async () => {
  await portal.fault({ path: '^/mnews/article/comment/', action: 'markup', variant: 'stats' });
  const { t } = await run('comments', source, { url: commentUrl });
  assert.is(t.state, 'failed', JSON.stringify(t));
  assert.match(
    t.last_error ?? '',
    /the comment page shows no number for the statistics current \(\.u_cbox_comment_count_item:nth-child\(1\) \.u_cbox_info_txt: found no element\), deletedByAuthor \(/,
  );
  assert.match(t.last_error ?? '', /deletedByModerator \(\.u_cbox_comment_count_item:nth-child\(3\) \.u_cbox_info_txt: found no element\)/);
  assert.not.match(t.last_error ?? '', /\bmale\b|female|age\d0/, 'the statistics still shown are not named');
  const status = await kubectl(['get', 'newssource', source, '-o', 'jsonpath={.status.lastLayoutError}']);
  assert.match(status.stdout, /no number for the statistics current/);
});

async function deadCount(): Promise<number> {
  return (await pub.ch.checkQueue(pub.names.deadQueue)).messageCount;
}

async function waitDead(n: number): Promise<void> {
  const until = Date.now() + 20_000;
  while ((await deadCount()) < n) {
    if (Date.now() > until) throw new Error(`the dead-letter queue has ${await deadCount()} messages, expected ${n}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a message that does not parse lands in the dead-letter queue, with a job log line', async () => {
  const before = await deadCount();
  const job = await insertJob(suite, { source });
  await pub.raw('metadata', Buffer.from('not json at all'));
  await pub.raw('comments', Buffer.from(JSON.stringify({ v: 1, jobUid: job, taskId: 'nope' })));
  await waitDead(before + 2);
  await waitJobLog(suite, job, /could not be read and was moved to the dead-letter queue: taskId must be a UUID/);
});

test('a message naming an unknown task is dead-lettered', async () => {
  const before = await deadCount();
  const job = await insertJob(suite, { source });
  await pub.task(taskMessage({ taskId: randomUUID(), jobUid: job, kind: 'metadata', source, shard: searchShard() }));
  await waitDead(before + 1);
  await waitJobLog(suite, job, /does not exist; it was moved to the dead-letter queue/);
});

test('tasks that are done, cancelled or of a suspended job are acknowledged and not run', async () => {
  const job = await insertJob(suite, { source });
  const suspendedJob = await insertJob(suite, { source, suspended: true });
  const done = await insertTask(suite, job, 'metadata', { keyword: 'a', day: day.date, method: 'search' }, 'succeeded', 1);
  const cancelled = await insertTask(suite, job, 'metadata', { keyword: 'b', day: day.date, method: 'search' }, 'cancelled', 0);
  const suspended = await insertTask(suite, suspendedJob, 'metadata', { keyword: 'c', day: day.date, method: 'search' }, 'queued', 0);
  for (const [id, j] of [
    [done, job],
    [cancelled, job],
    [suspended, suspendedJob],
  ] as const) {
    await pub.task(taskMessage({ taskId: id, jobUid: j, kind: 'metadata', source, shard: searchShard() }));
  }
  const until = Date.now() + 20_000;
  for (;;) {
    const q = await pub.ch.checkQueue(pub.names.queue.metadata);
    const m = await worker.metrics();
    const dropped = Number(/newsroom_worker_tasks_total\{[^}]*outcome="dropped"[^}]*\} (\d+)/.exec(m)?.[1] ?? 0);
    if (q.messageCount === 0 && dropped >= 3) break;
    if (Date.now() > until) throw new Error(`not all dropped: ${dropped}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.is((await taskRow(suite, done)).state, 'succeeded');
  assert.is((await taskRow(suite, cancelled)).state, 'cancelled');
  assert.equal([(await taskRow(suite, suspended)).state, (await taskRow(suite, suspended)).attempts], ['queued', 0]);
});

test('a task attempted more often than backoffLimit + 1 fails with "kept failing" and the last error', async () => {
  const job = await insertJob(suite, { source });
  const id = await insertTask(suite, job, 'metadata', searchShard(), 'queued', 2);
  await suite.pool.query(`UPDATE tasks SET last_error = 'the site answered HTTP 500 (a server error)' WHERE id = $1`, [id]);
  await pub.task(taskMessage({ taskId: id, jobUid: job, kind: 'metadata', source, shard: searchShard(), attempt: 3, backoffLimit: 1 }));
  const t = await waitTask(suite, id, finished, 30_000, worker);
  assert.is(t.state, 'failed');
  assert.is(t.last_error, 'kept failing: the site answered HTTP 500 (a server error)');
});

test.run();
