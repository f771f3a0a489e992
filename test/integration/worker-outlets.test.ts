// Outlet-hosted articles: a search whose results link out of the portal to the outlets' own pages (four
// publishing systems' markup, test/portal/outlets.ts) is collected exactly against the portal's truth:
// canonical headline, author, exact published and modified times with their precision, body without
// captions, ads or related boxes, and each field's source. An outlet whose robots.txt forbids its pages
// keeps the search result's fields, said in the job log; with robotsTxt: ignore it is read too.
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
  type PortalProc,
  type SpecDoc,
  type WorkerProc,
} from './worker-support.js';
import type { TruthArticle } from '../portal/truth.js';

let suite: Suite;
let portal: PortalProc;
let worker: WorkerProc;
let pub: Awaited<ReturnType<typeof publisher>>;
let honour: string;
let ignore: string;
let day: { query: string; date: string };
let truth: TruthArticle[];

test.before(async () => {
  suite = await isolatedSuite('worker-outlets');
  portal = await startPortal();
  const fast = (s: SpecDoc) => {
    s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
  };
  honour = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'honour', fast);
  ignore = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'ignore', (s) => {
    fast(s);
    s.article.outlets = { robotsTxt: 'ignore' };
  });
  pub = await publisher(suite);
  worker = await startWorker(suite, { WORKER_SLOTS: '2' });
  // A keyword-day with outlet-hosted results of at least three publishing systems, one of them an outlet
  // whose robots.txt forbids its pages.
  const days = await pickDays(portal.truth, { min_articles: 6, max_articles: 18, max_portal_articles: 6 });
  for (const d of days.slice(0, 80)) {
    const t = await portal.truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(d.query)}&date=${d.date}`);
    const outlets = t.articles.filter((a) => !a.portal);
    if (outlets.some((a) => !a.outlet.readable) && new Set(outlets.map((a) => a.outlet.template)).size >= 3) {
      day = d;
      truth = t.articles;
      break;
    }
  }
  assert.ok(day, 'the test corpus has a keyword-day with outlet-hosted results of three systems and a robots.txt-forbidden outlet');
});

test.after(() => tearDown({ workers: [worker], pub, portal, profiles: [honour, ignore], suite }));

interface Stored {
  identity: string;
  title: string;
  byline: string | null;
  published_at: Date;
  published_precision: string;
  modified_at: Date | null;
  body: string | null;
  raw: { outlet?: { sources?: Record<string, string>; skipped?: string; missing?: string[] } };
}

async function collect(source: string): Promise<{ stored: Map<string, Stored>; logs: string[] }> {
  const { job, t } = await runTask(
    { suite, pub, worker },
    'metadata',
    source,
    { keyword: day.query, day: day.date, method: 'search' },
    { type: 'Metadata' },
  );
  assert.is(t.state, 'succeeded', JSON.stringify(t));
  const r = await suite.pool.query<Stored>(
    `SELECT a.identity, a.title, a.byline, a.published_at, a.published_precision, a.modified_at, a.body, a.raw
       FROM articles a JOIN job_articles ja ON ja.article_id = a.id WHERE ja.job_uid = $1`,
    [job],
  );
  return { stored: new Map(r.rows.map((a) => [a.identity, a])), logs: await jobLogs(suite, job) };
}

const SOURCE_OF_TIME: Record<string, string> = { idxno: 'jsonld', dated: 'jsonld', view: 'time', section: 'jsonld' };

function exact(a: Stored | undefined, t: TruthArticle): void {
  const what = `${t.outlet.url} (${t.outlet.template})`;
  assert.ok(a, `missing ${what}`);
  assert.equal(
    [a.title, a.byline, a.published_at.toISOString(), a.published_precision, a.modified_at?.toISOString() ?? null, a.body],
    [
      t.outlet.headline,
      t.outlet.byline,
      new Date(t.outlet.published_at).toISOString(),
      t.outlet.published_precision,
      t.outlet.modified_at && new Date(t.outlet.modified_at).toISOString(),
      t.outlet.body,
    ],
    what,
  );
  assert.is(a.raw.outlet?.sources?.publishedAt, SOURCE_OF_TIME[t.outlet.template], what);
  assert.is(a.raw.outlet?.sources?.body, 'readability', what);
  assert.equal(a.raw.outlet?.missing, [], what);
}

test("outlet-hosted results are read on the outlet's own page exactly; a robots.txt-forbidden one keeps its search fields, reported", async () => {
  const { stored, logs } = await collect(honour);
  assert.is(stored.size, truth.length);
  for (const t of truth.filter((a) => !a.portal)) {
    const a = stored.get(canonicalUrl(t.originallink));
    if (t.outlet.readable) {
      exact(a, t);
      continue;
    }
    assert.ok(a && a.body === null && a.raw.outlet?.skipped, `${t.outlet.url} was not to be read`);
    assert.ok(!['second', 'minute'].includes(a.published_precision), `${t.outlet.url}: only the result's date is known`);
    assert.ok(
      logs.some((l) => l.includes('outlet page not read') && l.includes('robots.txt disallows') && l.includes(new URL(t.outlet.url).pathname)),
      logs.join('\n'),
    );
  }
});

test('with robotsTxt: ignore, the forbidden outlet is read exactly too', async () => {
  const { stored } = await collect(ignore);
  for (const t of truth.filter((a) => !a.portal)) exact(stored.get(canonicalUrl(t.originallink)), t);
});

test.run();
