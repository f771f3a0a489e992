// The site's rate holds for the fleet, measured at the site: ten worker processes (one slot each)
// collect from one portal whose profile allows 60 requests a minute with a burst of 5, by both
// collection paths at once: comments through the JSON API and metadata through the Search API, and
// comments through the browser (the comment page's own requests and the reply threads it opens). The
// portal counts every request it receives (GET /__admin/stats?window_ms=60000): over any minute it
// never sees more than the rate plus the burst. Per process, ten workers could have sent ten times that.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickArticles, pickDays } from '../harness/corpus.js';
import { createOpenApiSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import {
  applyProfile,
  insertJob,
  insertTask,
  publisher,
  startPortal,
  startWorker,
  taskMessage,
  tearDown,
  type PortalProc,
  type SpecDoc,
  type WorkerProc,
} from './worker-support.js';

const WORKERS = 10;
const PER_MINUTE = 60;
const BURST = 5;
const RUN_MS = 100_000;

let suite: Suite;
let portal: PortalProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let api: string;
let browser: string;
const workers: WorkerProc[] = [];

test.before(async () => {
  try {
    suite = await isolatedSuite('politeness-fleet');
    portal = await startPortal();
    const polite = (strategy: 'api' | 'browser') => (s: SpecDoc) => {
      s.rateLimit = { requestsPerMinute: PER_MINUTE, burst: BURST };
      s.comments.strategy = strategy;
      s.comments.pageSize = 10;
    };
    // Two profiles of the same site: the budget is the site's (its host), whichever profile asks.
    api = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'fleet-api', polite('api'));
    browser = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'fleet-browser', polite('browser'));
    await createOpenApiSecret(suite.namespace);
    pub = await publisher(suite);
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(suite, { WORKER_SLOTS: '1' }));
  } catch (e) {
    console.error('setup failed:', e);
    throw e;
  }
});

test.after(() => tearDown({ workers, signal: 'SIGKILL', pub, portal, profiles: [api, browser], suite }));

interface Stats {
  total: number;
  by_route: Record<string, number>;
  busiest_window: { window_ms: number; requests: number; from: string | null };
}
const stats = async (): Promise<Stats> => (await (await fetch(`${portal.url}/__admin/stats?window_ms=60000`)).json()) as Stats;

test(`${WORKERS} workers, both collection paths: the site never sees more than ${PER_MINUTE} + ${BURST} requests in any minute`, async () => {
  const articles = await pickArticles(portal.truth, { min_comments: 100, max_comments: 400 }, 8);
  const days = await pickDays(portal.truth, { min_articles: 11 }, 4);
  const job = { comments: await insertJob(suite, { source: api, type: 'Comments' }), meta: await insertJob(suite, { source: api, method: 'api' }) };
  const viaBrowser = await insertJob(suite, { source: browser, type: 'Comments' });
  await fetch(`${portal.url}/__admin/stats`, { method: 'DELETE' });
  // More work than the budget allows in the time: every worker keeps asking.
  for (const [i, a] of articles.slice(0, 8).entries()) {
    const source = i < 2 ? browser : api;
    const jobUid = i < 2 ? viaBrowser : job.comments;
    const shard = { url: a.portal_link };
    const id = await insertTask(suite, jobUid, 'comments', shard);
    await pub.task(taskMessage({ taskId: id, jobUid, kind: 'comments', source, shard }));
  }
  for (const d of days.slice(0, 4)) {
    const shard = { keyword: d.query, day: d.date, method: 'api' as const };
    const id = await insertTask(suite, job.meta, 'metadata', shard);
    await pub.task(taskMessage({ taskId: id, jobUid: job.meta, kind: 'metadata', source: api, shard }));
  }
  const started = Date.now();
  await new Promise((r) => setTimeout(r, RUN_MS));
  const s = await stats();
  const busy = (await suite.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE state IN ('running', 'succeeded')`)).rows[0]!.n;
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${WORKERS} workers, ${seconds.toFixed(0)} s: the site received ${s.total} requests (${JSON.stringify(s.by_route)}); busiest minute ${s.busiest_window.requests} from ${s.busiest_window.from}; ${busy} of 12 tasks started`,
  );
  assert.ok(busy >= WORKERS, `every worker had a task (${busy})`);
  assert.ok(s.busiest_window.requests <= PER_MINUTE + BURST, `busiest minute ${s.busiest_window.requests} > ${PER_MINUTE} + ${BURST}`);
  // The fleet did use its budget (the limit is not simply everything stopping).
  assert.ok(s.busiest_window.requests >= PER_MINUTE * 0.75, `busiest minute only ${s.busiest_window.requests}`);
  assert.ok((s.by_route.comment_api ?? 0) > 0 && (s.by_route.open_api ?? 0) > 0, JSON.stringify(s.by_route));
});

test.run();
