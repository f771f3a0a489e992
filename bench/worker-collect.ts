// Collection throughput on the local portal through the Selenium Grid: search-result pages per minute
// and comments per minute, with a worker of 1, 2 and 4 slots (one browser session per task). Each round
// runs the same fixed set of tasks; the time runs from publishing until the last task is done, so
// session start-up and waiting for a free Grid slot are included.
import { pickArticles, pickDays } from '../test/harness/corpus.js';
import { isolatedSuite } from '../test/harness/stack.js';
import {
  applyProfile,
  deleteProfile,
  finished,
  insertJob,
  insertTask,
  publisher,
  startPortal,
  startWorker,
  taskMessage,
  waitTask,
  type Shard,
} from '../test/integration/worker-support.js';
import { writeWorkerSection } from './worker-report.js';

const SESSIONS = (process.env.BENCH_SESSIONS ?? '1,2,4').split(',').map(Number);
const SEARCH_TASKS = Number(process.env.BENCH_SEARCH_TASKS ?? 8);
const COMMENT_TASKS = Number(process.env.BENCH_COMMENT_TASKS ?? 4);

const suite = await isolatedSuite('bench-collect');
const portal = await startPortal();
const pub = await publisher(suite);
let source = '';
try {
  source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'bench', (s) => {
    s.rateLimit = { requestsPerMinute: 100000, burst: 1000 };
    (s.article as { visit: boolean }).visit = false;
  });
  const grid = (await (await fetch(`${suite.env.SELENIUM_GRID_URL}/status`)).json()) as { value: { nodes: { slots: unknown[] }[] } };
  const slots = grid.value.nodes.reduce((n, x) => n + x.slots.length, 0);
  const paged = (await pickDays(portal.truth, { min_articles: 11 }, SEARCH_TASKS)).sort(
    (x, y) => y.articles - x.articles || y.date.localeCompare(x.date) || x.query.localeCompare(y.query),
  );
  const searchShards: Shard[] = paged.slice(0, SEARCH_TASKS).map((d) => ({ keyword: d.query, day: d.date, method: 'search' }));
  const commentShards: Shard[] = (
    await pickArticles(portal.truth, { min_comments: 100, max_comments: 400, limit: COMMENT_TASKS }, COMMENT_TASKS)
  ).map((a) => ({ url: a.portal_link }));

  const round = async (n: number, kind: 'metadata' | 'comments', shards: Shard[]) => {
    const worker = await startWorker(suite, { WORKER_SLOTS: String(n), LOG_LEVEL: 'warn' });
    try {
      const job = await insertJob(suite, { source });
      await suite.pool.query('DELETE FROM tasks');
      const ids: string[] = [];
      for (const shard of shards) ids.push(await insertTask(suite, job, kind, shard));
      const started = Date.now();
      for (let i = 0; i < ids.length; i++) await pub.task(taskMessage({ taskId: ids[i]!, jobUid: job, kind, source, shard: shards[i]! }));
      let pages = 0;
      let comments = 0;
      for (const id of ids) {
        const t = await waitTask(suite, id, finished, 600_000, worker);
        if (t.state !== 'succeeded') throw new Error(`task ${id} ended ${t.state}: ${t.last_error}`);
        pages += t.pages;
        comments += t.comments;
      }
      const minutes = (Date.now() - started) / 60_000;
      return { n, minutes, pages, comments };
    } finally {
      await worker.stop();
    }
  };

  const rows: string[] = [];
  for (const n of SESSIONS) {
    const s = await round(n, 'metadata', searchShards);
    const c = await round(n, 'comments', commentShards);
    const line =
      `| ${n} | ${s.pages} in ${(s.minutes * 60).toFixed(1)} s | ${Math.round(s.pages / s.minutes)} | ${Math.round(s.pages / s.minutes / Math.min(n, slots))} | ` +
      `${c.comments.toLocaleString('en')} in ${(c.minutes * 60).toFixed(1)} s | ${Math.round(c.comments / c.minutes).toLocaleString('en')} | ${Math.round(c.comments / c.minutes / Math.min(n, slots)).toLocaleString('en')} |`;
    rows.push(line);
    console.log(line);
  }
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  writeWorkerSection('worker-collect', [
    '## Worker: collection throughput',
    '',
    `Measured by \`node dist/bench/worker-collect.js\` (part of \`make bench\`) on ${new Date().toISOString().slice(0, 10)}: the worker program with 1, 2 and 4 slots against a ` +
      `local portal of its own through the local Selenium Grid (${slots} Chromium slots on this 2-core machine, shared with the portal, PostgreSQL and the worker; ` +
      `1-minute load average ${load} at the end). Search: ${searchShards.length} keyword-day tasks, result pages only (article pages not visited). ` +
      `Comments: ${commentShards.length} articles with 100-400 comments each, loaded in the browser ("more" clicks, every reply thread). ` +
      'Times run from publishing to the last outcome, so browser session start-up and waiting for a free Grid slot are included; "per session" divides by the sessions that can run at once (at most the Grid\'s slots).',
    '',
    '| sessions | search pages | pages/min | pages/min per session | comments | comments/min | comments/min per session |',
    '|---:|---|---:|---:|---|---:|---:|',
    ...rows,
  ]);
} finally {
  await pub.close();
  await portal.stop();
  if (source) await deleteProfile(source);
  await suite.cleanup();
}
