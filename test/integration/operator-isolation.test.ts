// Departments isolated, in the operator's planning against the real apiserver and PostgreSQL: a
// Comments job's `articles.query` selects only articles its own department's jobs found (its keywords
// matching only as the department searched them), so a desk learns nothing of another's articles, not
// even from its planned task count; `shared: true` (which the gateway accepts from admins only) selects
// among every department's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { suiteNamespaces } from './chart-support.js';
import { Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let extra: Awaited<ReturnType<typeof suiteNamespaces>>;
let nsEnergy: string;

test.before(async () => {
  suite = await isolatedSuite('operator-isolation');
  kube = new Kube(suite);
  extra = await suiteNamespaces(suite, ['energy']);
  nsEnergy = extra.names[0]!;
  await kube.createDepartment('culture', { namespaces: [suite.namespace], quota: { inFlightTasks: 50 } });
  await kube.createDepartment('energy', { namespaces: [nsEnergy], quota: { inFlightTasks: 50 } });
  op = startOperator(operatorEnv(suite, { OPERATOR_WATCH_NAMESPACES: `${suite.namespace},${nsEnergy}` }));
  await op.port();
});

test.after(async () => {
  await kube?.cleanup([suite.namespace, nsEnergy]);
  await op?.stop();
  await extra?.remove();
  await suite?.cleanup();
});

const url = (n: number) => `https://n.news.naver.com/mnews/article/023/${String(n).padStart(10, '0')}`;
const plannedUrls = async (uid: string) =>
  (await suite.pool.query(`SELECT shard->>'url' AS url FROM tasks WHERE job_uid = $1 ORDER BY 1`, [uid])).rows.map((r) => r.url as string);

/** A job of `namespace` that found these articles under these keywords (as its metadata tasks would store them). */
async function found(namespace: string, name: string, rows: { n: number; keyword: string }[]): Promise<void> {
  // A suspended job: planned and mirrored (with its department), never admitted.
  const job = await kube.createJob(name, { type: 'Comments', suspend: true, articles: { urls: [url(9000)] } }, { namespace });
  const uid = job.metadata.uid;
  await waitFor(
    `job ${name} mirrored`,
    async () => (await suite.pool.query('SELECT 1 FROM jobs WHERE uid = $1 AND department IS NOT NULL', [uid])).rowCount,
  );
  for (const r of rows) {
    const aid = String(r.n).padStart(10, '0');
    const a = await suite.pool.query(
      `INSERT INTO articles (source, identity, oid, aid, portal_url, title, publisher, published_at)
       VALUES ('naver', $1, '023', $2, $3, 't', 'Gamma', '2025-03-04T01:00:00Z')
       ON CONFLICT (source, identity) DO UPDATE SET title = EXCLUDED.title RETURNING id`,
      [`023/${aid}`, aid, url(r.n)],
    );
    await suite.pool.query(`INSERT INTO job_articles (job_uid, article_id, keyword, task_id) VALUES ($1, $2, $3, NULL)`, [
      uid,
      a.rows[0].id,
      r.keyword,
    ]);
  }
}

async function queryJob(namespace: string, name: string, query: Record<string, unknown>): Promise<string[]> {
  const job = await kube.createJob(
    name,
    { type: 'Comments', articles: { query: { dateRange: { from: '2025-03-01', to: '2025-03-31' }, ...query } } },
    { namespace },
  );
  const uid = job.metadata.uid;
  // Planned once the job is mirrored and its plan written (a job with nothing to plan completes).
  await waitFor(`job ${name} planned`, async () => {
    const j = await kube.getJob(name, namespace);
    return (j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True') || (await plannedUrls(uid)).length > 0;
  });
  await new Promise((r) => setTimeout(r, 500));
  return plannedUrls(uid);
}

test("a department's keyword query selects only what its own jobs found under that keyword", async () => {
  // energy searched 원전 and found 11 and 12; culture searched 전시 and found 21, and 12 under 공연.
  await found(nsEnergy, 'energy-search', [
    { n: 11, keyword: '원전' },
    { n: 12, keyword: '원전' },
  ]);
  await found(suite.namespace, 'culture-search', [
    { n: 21, keyword: '전시' },
    { n: 12, keyword: '공연' },
  ]);
  // culture never searched 원전: nothing, although 11 and 12 are stored under that keyword.
  assert.equal(await queryJob(suite.namespace, 'culture-nuclear', { keywords: ['원전'] }), []);
  // Its own keywords select its own articles, including 12, which energy found too.
  assert.equal(await queryJob(suite.namespace, 'culture-own', { keywords: ['전시', '공연'] }), [url(12), url(21)]);
  // Without keywords: every article culture found, none only energy did.
  assert.equal(await queryJob(suite.namespace, 'culture-any', {}), [url(12), url(21)]);
  assert.equal(await queryJob(nsEnergy, 'energy-any', {}), [url(11), url(12)]);
});

test("the shared pool, explicitly: every department's articles", async () => {
  assert.equal(await queryJob(suite.namespace, 'culture-shared', { keywords: ['원전'], shared: true }), [url(11), url(12)]);
  assert.equal(await queryJob(nsEnergy, 'energy-shared', { shared: true }), [url(11), url(12), url(21)]);
});

test.run();
