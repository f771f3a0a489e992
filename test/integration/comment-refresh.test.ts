// Comment refreshes end to end through the operator: the portal's comments grow with its clock (new
// comments and replies appear as their writing time passes, and with PORTAL_LIKES_GROWTH_HOURS every
// third comment gains likes), so collecting the same article at two instants is a refresh whose exact
// result is the difference of the portal's ground truth at those instants. A first Comments job stores
// every comment as new; a second one, later on the portal's clock, stores only the new and changed ones
// as such — the job's status, the task's log line and the rows' first seen / changed times all agree
// with the truth — and a third at the same instant finds nothing new and nothing changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { daysBefore, pickArticles, testCorpus } from '../harness/corpus.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import { condition, Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { applyProfile, deleteProfile, startPortal, startWorker, waitJobLog, type PortalProc, type WorkerProc } from './worker-support.js';

interface TruthComment {
  comment_no: number;
  contents: string;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_deleted: boolean;
}
interface Candidate {
  oid: string;
  aid: string;
  link: string;
  earlier: TruthComment[];
  later: TruthComment[];
}

/** Hours between the two collections on the portal's clock, and the likes period of the growth. */
const GAP_HOURS = 8;
const GROWTH_HOURS = 3;

let suite: Suite;
let kube: Kube;
let portal: PortalProc;
let op: OperatorProcess;
let worker: WorkerProc;
let source: string;
let picked: Candidate;

async function setClock(now: string): Promise<void> {
  const r = await fetch(`${portal.url}/__admin/clock`, {
    method: 'POST',
    body: JSON.stringify({ now }),
    headers: { 'content-type': 'application/json' },
  });
  if (!r.ok) throw new Error(`setting the portal clock: HTTP ${r.status} ${await r.text()}`);
}

async function truthAt(now: string, oid: string, aid: string): Promise<TruthComment[] | null> {
  await setClock(now);
  const r = await fetch(`${portal.url}/__truth/comments/${oid}/${aid}`);
  if (r.status === 404) return null;
  return ((await r.json()) as { comments: TruthComment[] }).comments;
}

const byNumber = (a: number, b: number) => a - b;
const content = (c: TruthComment) => JSON.stringify([c.likes, c.dislikes, c.reply_count, c.is_deleted, c.is_deleted ? '' : c.contents]);

/** What a refresh at `later` must find, given what was stored at `earlier`: the truth's difference. */
function difference(earlier: TruthComment[], later: TruthComment[]): { added: Set<number>; changed: Set<number> } {
  const before = new Map(earlier.map((c) => [c.comment_no, c]));
  const added = new Set<number>();
  const changed = new Set<number>();
  for (const c of later) {
    const b = before.get(c.comment_no);
    if (!b) added.add(c.comment_no);
    else if (content(b) !== content(c)) changed.add(c.comment_no);
  }
  return { added, changed };
}

async function runJob(name: string): Promise<{ uid: string; status: Record<string, unknown> }> {
  await kube.createJob(name, { type: 'Comments', source, articles: { urls: [picked.link] } });
  const job = await waitFor(
    `job ${name} to finish`,
    async () => {
      const j = await kube.getJob(name);
      return condition(j, 'Complete')?.status === 'True' || condition(j, 'Failed')?.status === 'True' ? j : null;
    },
    300_000,
    500,
  ).catch(async (e: Error) => {
    console.error(JSON.stringify((await kube.getJob(name)).status, null, 1), op.output().slice(-3000), worker.output().slice(-3000));
    throw e;
  });
  assert.is(condition(job, 'Complete')?.status, 'True', JSON.stringify(job.status));
  return { uid: job.metadata.uid, status: job.status as Record<string, unknown> };
}

async function rows(): Promise<Map<number, { likes: number; first: Date; changed: Date; last: Date }>> {
  const r = await suite.pool.query<{ comment_no: string; likes: number; first_seen_at: Date; changed_at: Date; last_seen_at: Date }>(
    `SELECT c.comment_no, c.likes, c.first_seen_at, c.changed_at, c.last_seen_at FROM comments c JOIN articles a ON a.id = c.article_id
      WHERE a.oid = $1 AND a.aid = $2`,
    [picked.oid, picked.aid],
  );
  return new Map(r.rows.map((x) => [Number(x.comment_no), { likes: x.likes, first: x.first_seen_at, changed: x.changed_at, last: x.last_seen_at }]));
}

test.before(async () => {
  try {
    suite = await isolatedSuite('comment-refresh');
    kube = new Kube(suite);
    portal = await startPortal({ PORTAL_LIKES_GROWTH_HOURS: String(GROWTH_HOURS) });
    // An article still gaining comments at the pinned instant: published up to two days before it, with
    // comments both before and after the earlier instant.
    const now = testCorpus().PORTAL_NOW;
    const earlierNow = new Date(Date.parse(now) - GAP_HOURS * 3_600_000).toISOString();
    const candidates = await pickArticles(portal.truth, {
      from: daysBefore(now, 2),
      to: daysBefore(now, 0),
      min_comments: 20,
      max_comments: 300,
      limit: 50,
    });
    for (const a of candidates) {
      const earlier = await truthAt(earlierNow, a.oid, a.aid);
      const later = await truthAt(now, a.oid, a.aid);
      if (!earlier || !later || earlier.length < 10) continue;
      const d = difference(earlier, later);
      if (d.added.size >= 3 && d.changed.size >= 3) {
        picked = { oid: a.oid, aid: a.aid, link: a.portal_link, earlier, later };
        break;
      }
    }
    if (!picked)
      throw new Error(
        `none of ${candidates.length} articles published up to 2 days before ${now} gains 3+ comments and 3+ changes in the ${GAP_HOURS} h before it (test/corpus.env pins the corpus)`,
      );
    await setClock(earlierNow);
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 20 } });
    source = await applyProfile(suite, 'manifests/newssource-naver.yaml', portal.url, 'refresh', (s) => {
      s.rateLimit = { requestsPerMinute: 6000, burst: 50 };
      s.comments.strategy = 'api';
      s.comments.pageSize = 20;
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

test('the first collection stores every comment as new', async () => {
  const { uid, status } = await runJob('first');
  const n = picked.earlier.length;
  assert.equal([status['comments'], status['commentsNew'], status['commentsChanged']], [n, n, 0], 'the job: all new');
  await waitJobLog(suite, uid, `(${n} new, 0 changed)`);
  const stored = await rows();
  assert.is(stored.size, n);
});

test('a refresh later on the clock stores the new and the changed ones as such, and counts them exactly', async () => {
  const before = await rows();
  await setClock(testCorpus().PORTAL_NOW);
  const { added, changed } = difference(picked.earlier, picked.later);
  const started = new Date();
  const { uid, status } = await runJob('refresh');
  assert.equal(
    [status['comments'], status['commentsNew'], status['commentsChanged']],
    [picked.later.length, added.size, changed.size],
    'the job: stored, new, changed as the truth differs',
  );
  await waitJobLog(suite, uid, `(${added.size} new, ${changed.size} changed)`);

  const after = await rows();
  assert.is(after.size, picked.later.length, 'every comment once');
  for (const c of picked.later) assert.is(after.get(c.comment_no)?.likes, c.likes, `comment ${c.comment_no}: likes as the portal shows them now`);
  const firstSeen = [...after].filter(([, r]) => r.first >= started).map(([no]) => no);
  assert.equal(firstSeen.sort(byNumber), [...added].sort(byNumber), 'first seen in the refresh: exactly the new comments');
  const touched = [...after].filter(([, r]) => r.changed >= started).map(([no]) => no);
  assert.equal(touched.sort(byNumber), [...added, ...changed].sort(byNumber), 'changed in the refresh: exactly the new and the changed comments');
  for (const [no, b] of before) assert.is(after.get(no)!.first.getTime(), b.first.getTime(), `comment ${no}: first seen stays`);
  assert.ok(
    [...after.values()].every((r) => r.last >= started),
    'every comment seen again',
  );
});

test('a refresh at the same instant finds nothing new and nothing changed', async () => {
  const { uid, status } = await runJob('again');
  assert.equal([status['comments'], status['commentsNew'], status['commentsChanged']], [picked.later.length, 0, 0]);
  await waitJobLog(suite, uid, '(0 new, 0 changed)');
});

test.run();
