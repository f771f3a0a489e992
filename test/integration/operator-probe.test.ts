// The NewsSource probe on the real stack: the operator runs the probe of a profile as CollectionJobs,
// a worker collects them through the Selenium Grid from the local portal, and the operator writes what
// they read as the conditions SearchReady, ArticleReady and CommentsReady, an Event, the metric the
// alert reads and `kubectl get nsrc` columns. A broken profile (a changed selector, a renamed
// attribute) turns them False naming the field and selector; a structurally broken one is
// ProfileValid=False naming the field; the period runs the probe again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceOf } from '../../lib/kube/client.js';
import { MERGE_PATCH, resourcePath } from '../../lib/kube/rest.js';
import { daysBefore, pickArticles, pickDays, type PickedArticle } from '../harness/corpus.js';
import { isolatedSuite, kubectl, type Suite } from '../harness/stack.js';
import { truth, type KeywordDay } from './e2e-support.js';
import { Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, startWorker, type SpecDoc, type WorkerProc } from './worker-support.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}
interface Source {
  metadata: { generation: number };
  status?: { conditions?: Condition[]; probe?: { run?: number; generation?: number; startTime?: string; completionTime?: string; jobs?: string[] } };
}

const NSRC = resourceOf('NewsSource');
let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let worker: WorkerProc;
let source: string;
let day: KeywordDay;
let article: PickedArticle;

const fast = (s: SpecDoc) => {
  s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  s.timeouts = { elementWaitSeconds: 3 };
};

test.before(async () => {
  try {
    suite = await isolatedSuite('probe');
    kube = new Kube(suite);
    const { now } = await truth<{ now: string }>('summary');
    day = (await pickDays(truth, { to: daysBefore(now, 7), min_articles: 3, max_articles: 10, min_portal_articles: 2 }))[0]!;
    article = (await pickArticles(truth, { to: daysBefore(now, 7), min_comments: 10, max_comments: 80, min_replies: 1 }))[0]!;
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 20 } });
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', suite.env.PORTAL_URL!, 'probe', (s) => {
      fast(s);
      s.probe = { namespace: suite.namespace, keyword: day!.query, day: day!.date, articleUrl: article!.portal_link, periodMinutes: 1 };
    });
    op = startOperator(operatorEnv(suite, { OPERATOR_RETRY_BASE_MS: '500' }));
    await op.port();
    worker = await startWorker(suite, { WORKER_SLOTS: '2', WORKER_PAGE_RETRIES: '0' });
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await worker?.stop();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  if (source) await deleteProfile(source);
  await suite?.cleanup();
});

/** One series of the operator's metrics, whatever other labels it carries; null when absent. */
async function metric(name: string, labels: Record<string, string>): Promise<number | null> {
  const text = await fetch(`http://127.0.0.1:${await op.port()}/metrics`).then((r) => r.text());
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return null;
}

const get = () => kube.rest.get<Source>(resourcePath(NSRC, undefined, source));
const cond = (s: Source, type: string) => s.status?.conditions?.find((c) => c.type === type);

/** Waits for a finished probe run of the current generation after `afterRun`, with diagnostics on timeout. */
async function finishedRun(afterRun: number, timeoutMs = 240_000): Promise<Source> {
  try {
    return await waitFor(
      `a finished probe run after run ${afterRun}`,
      async () => {
        const s = await get();
        const p = s.status?.probe;
        return p?.completionTime && (p.run ?? 0) > afterRun && p.generation === s.metadata.generation ? s : null;
      },
      timeoutMs,
      500,
    );
  } catch (e) {
    console.error(
      'status:',
      JSON.stringify((await get()).status, null, 1),
      '\noperator:',
      op.output().slice(-3000),
      '\nworker:',
      worker.output().slice(-3000),
    );
    throw e;
  }
}

async function patchSpec(spec: Record<string, unknown>): Promise<void> {
  await kube.rest.request('PATCH', resourcePath(NSRC, undefined, source), { body: { spec }, contentType: MERGE_PATCH });
}

let firstRun: Source;

test('a probe against the local portal becomes Ready, saying what it read', async () => {
  const s = (firstRun = await finishedRun(0));
  const t = await truth<{ articles: { portal: boolean }[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  const results = Math.min(t.articles.length, 10);
  const search = cond(s, 'SearchReady')!;
  assert.is(search.status, 'True', search.message);
  assert.is(search.message, `${results} results, ${results} with dates`);
  const art = cond(s, 'ArticleReady')!;
  assert.is(art.status, 'True', art.message);
  assert.match(art.message, /^\d+ article pages, (\d+) with body, \d+ with section, \d+ with byline$/);
  const shown = article.comment_count;
  const comments = cond(s, 'CommentsReady')!;
  assert.is(comments.status, 'True', comments.message);
  assert.is(comments.message, `${shown} comments of ${shown} shown`);
  assert.is(cond(s, 'ProfileValid')?.status, 'True');

  const events = await kube.events('default');
  assert.ok(
    events.some((e) => e.involvedObject.name === source && e.reason === 'ProbeSucceeded' && e.message.includes('CommentsReady True')),
    JSON.stringify(events.filter((e) => e.involvedObject.name === source)),
  );

  const { stdout } = await kubectl(['get', 'nsrc', source]);
  const [header, row] = stdout.trim().split('\n');
  assert.match(header!, /VALID\s+SEARCHOK\s+ARTICLEOK\s+COMMENTSOK\s+PROBED/);
  assert.match(row!, new RegExp(`^${source}\\s+\\S+\\s+\\S+\\s+True\\s+True\\s+True\\s+True\\s`));
  const explain = (await kubectl(['explain', 'nsrc.status.probe.completionTime'])).stdout;
  assert.match(explain, /When its results were written/);
  const wide = (await kubectl(['get', 'nsrc', source, '-o', 'wide'])).stdout;
  assert.ok(wide.includes(`${shown} comments of ${shown} shown`), wide);

  assert.is(await metric('newsroom_newssource_probe_failing', { source, condition: 'CommentsReady' }), 0);
  assert.is(await metric('newsroom_newssource_probe_runs_total', { source, result: 'passed' }), 1);
});

test('the period runs the probe again', async () => {
  const before = firstRun.status!.probe!;
  const s = await finishedRun(before.run!, 240_000);
  assert.ok(Date.parse(s.status!.probe!.startTime!) >= Date.parse(before.completionTime!) + 60_000 - 1000, 'not before the period of one minute');
  assert.is(cond(s, 'SearchReady')?.status, 'True');
  // Only the latest run's jobs are kept.
  await waitFor(
    "the first run's jobs deleted",
    async () => {
      const { stdout } = await kubectl(['get', 'coljob', '-n', suite.namespace, '-l', `collection.newsroom.dev/probe-of=${source}`, '-o', 'name']);
      return !stdout.includes(`-probe-${before.run}-`);
    },
    30_000,
    500,
  );
  firstRun = s;
});

test('a broken profile: a changed selector and a renamed attribute turn the probe False, naming field and selector', async () => {
  const run = firstRun.status!.probe!.run!;
  await patchSpec({
    probe: { periodMinutes: 600 },
    search: { selectors: { date: 'span.when-it-was' } },
    comments: { selectors: { info: 'data-inf' } },
  });
  const s = await finishedRun(run);
  const search = cond(s, 'SearchReady')!;
  assert.is(search.status, 'False', search.message);
  assert.match(search.message, /span\.when-it-was/);
  const comments = cond(s, 'CommentsReady')!;
  assert.is(comments.status, 'False', comments.message);
  assert.match(comments.message, /data-inf/);
  const events = await kube.events('default');
  assert.ok(events.some((e) => e.involvedObject.name === source && e.reason === 'ProbeFailed' && e.message.includes('span.when-it-was')));
  assert.is(await metric('newsroom_newssource_probe_failing', { source, condition: 'SearchReady' }), 1, "the alert's metric");
  const { stdout } = await kubectl(['get', 'nsrc', source]);
  assert.match(stdout.trim().split('\n')[1]!, /\sTrue\s+False\s+\S+\s+False\s/);
});

test('a profile that fails its structural checks is ProfileValid=False naming the field, and not probed', async () => {
  const run = (await get()).status!.probe!.run!;
  // What RE2 cannot compile is refused at admission, naming the field ...
  const refused = await patchSpec({ articleIdPattern: '/article/(\\d{3}/(\\d+)' }).then(
    () => null,
    (e: Error) => e.message,
  );
  assert.match(refused ?? 'accepted', /spec\.articleIdPattern: Invalid value: .*missing closing \).*articleIdPattern is not a regular expression/);
  // ... what only RE2 reads (a Python-style named group) is accepted there and is ProfileValid=False.
  await patchSpec({ articleIdPattern: '/article/(?P<oid>\\d{3})/(?P<aid>\\d{10})' });
  const s = await waitFor(
    'ProfileValid False',
    async () => {
      const x = await get();
      return cond(x, 'ProfileValid')?.status === 'False' ? x : null;
    },
    30_000,
    300,
  );
  assert.match(cond(s, 'ProfileValid')!.message, /^articleIdPattern: .*not a valid regular expression/);
  assert.is(s.status!.probe!.run, run, 'no new probe run for a profile that cannot work');
  const events = await kube.events('default');
  assert.ok(events.some((e) => e.involvedObject.name === source && e.reason === 'InvalidProfile' && e.message.includes('articleIdPattern')));
});

test.run();
