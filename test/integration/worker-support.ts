// Shared setup of the worker suites: a portal process of their own (fault rules are per process), a
// NewsSource pointed at it, jobs and tasks rows, task messages on the suite's topology, and the worker
// as a real child process.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import amqp from 'amqplib';
import { parse, stringify } from 'yaml';
import { encodeTaskMessage, type TaskMessage, type TaskShard } from '../../lib/amqp/messages.js';
import { declareTopology, topologyNames } from '../../lib/amqp/topology.js';
import { fromRoot } from '../../lib/paths.js';
import { collectionTimeEnv, testCorpus } from '../harness/corpus.js';
import { spawnProgram, type ProgramProcess } from '../harness/process.js';
import { kubectl, type Suite } from '../harness/stack.js';
import type { CommentStats as TruthStats } from '../portal/comment-stats.js';
import { wireId } from '../portal/wire.js';
import type { TruthComment } from '../portal/truth.js';

export type Proc = ProgramProcess;

function spawnNode(script: string, env: NodeJS.ProcessEnv): Proc {
  return spawnProgram(script, env, { defaultKillAfterMs: 60_000 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PortalProc extends Proc {
  url: string;
  truth: <T = Record<string, unknown>>(path: string) => Promise<T>;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
}

/** Starts the local news portal on a free port with the pinned test corpus and its frozen clock (test/corpus.env). */
export async function startPortal(extra: Record<string, string> = {}): Promise<PortalProc> {
  const port = await freePort();
  const p = spawnNode(fromRoot('dist', 'test', 'portal', 'main.js'), {
    ...process.env,
    ...testCorpus(),
    PORTAL_PORT: String(port),
    PORTAL_COMMENT_DELAY_MS: '50',
    ...extra,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/healthz`, 30_000, p);
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const r = await fetch(url + path, init);
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return {
    ...p,
    url,
    truth: (path) => json(`/__truth/${path}`),
    fault: async (rule) =>
      void (await json('/__admin/faults', { method: 'POST', body: JSON.stringify(rule), headers: { 'content-type': 'application/json' } })),
    clearFaults: async () => void (await json('/__admin/faults', { method: 'DELETE' })),
  };
}

export async function waitHttp(url: string, timeoutMs: number, proc?: Proc): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not yet
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`the process exited: ${proc.output()}`);
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms${proc ? `: ${proc.output().slice(-2000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// A manifest's spec, edited freely by tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SpecDoc = Record<string, any>;

/** Applies a NewsSource profile (a manifest file) under a suite-unique name with its base URLs at the portal. */
export async function applyProfile(
  suite: Suite,
  file: string,
  baseUrl: string,
  variant: string,
  patch: (spec: SpecDoc) => void = () => undefined,
): Promise<string> {
  const doc = parse(readFileSync(fromRoot(file), 'utf8')) as { metadata: { name: string }; spec: SpecDoc };
  const name = `${doc.metadata.name}-${variant}-${suite.id}`.slice(0, 63).replace(/-+$/, '');
  doc.metadata = { name };
  for (const k of Object.keys(doc.spec.baseUrls)) doc.spec.baseUrls[k] = baseUrl;
  patch(doc.spec);
  await kubectl(['apply', '-f', '-'], stringify(doc));
  return name;
}

export async function deleteProfile(name: string): Promise<void> {
  await kubectl(['delete', 'newssource', name, '--ignore-not-found']).catch(() => undefined);
}

export interface JobOptions {
  type?: 'Metadata' | 'Comments';
  method?: 'search' | 'api';
  source: string;
  suspended?: boolean;
}

export async function insertJob(suite: Suite, o: JobOptions): Promise<string> {
  const uid = randomUUID();
  await suite.pool.query(
    `INSERT INTO jobs (uid, namespace, name, type, method, source, spec, suspended, created_at) VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, now())`,
    [uid, suite.namespace, `job-${uid.slice(0, 8)}`, o.type ?? 'Metadata', o.method ?? 'search', o.source, o.suspended ?? false],
  );
  return uid;
}

export type Shard = TaskMessage['shard'];

export async function insertTask(
  suite: Suite,
  jobUid: string,
  kind: 'metadata' | 'comments',
  shard: Shard,
  state = 'queued',
  attempts = 0,
): Promise<string> {
  const id = randomUUID();
  await suite.pool.query(
    `INSERT INTO tasks (id, job_uid, kind, shard_key, shard, state, attempts, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
    [id, jobUid, kind, JSON.stringify(shard), JSON.stringify(shard), state, attempts],
  );
  return id;
}

export function taskMessage(o: {
  taskId: string;
  jobUid: string;
  kind: 'metadata' | 'comments';
  source: string;
  shard: Shard;
  attempt?: number;
  backoffLimit?: number;
  requestDelay?: { minMs: number; maxMs: number };
  batchSize?: number;
}): TaskMessage {
  const ks: TaskShard = 'url' in o.shard ? { kind: 'comments', shard: o.shard } : { kind: 'metadata', shard: o.shard };
  if (ks.kind !== o.kind) throw new Error(`a ${o.kind} task needs a ${o.kind} shard, not ${JSON.stringify(o.shard)}`);
  return {
    v: 1,
    taskId: o.taskId,
    jobUid: o.jobUid,
    namespace: 'ns',
    jobName: 'job',
    ...ks,
    source: o.source,
    attempt: o.attempt ?? 1,
    options: {
      includeComments: false,
      backoffLimit: o.backoffLimit ?? 3,
      requestDelay: o.requestDelay ?? { minMs: 0, maxMs: 0 },
      batchSize: o.batchSize ?? 500,
      isTest: true,
    },
  };
}

/** A publisher on the suite's topology (declares it, like the operator would). */
export async function publisher(suite: Suite) {
  const conn = await amqp.connect(suite.env.AMQP_URL);
  const ch = await conn.createConfirmChannel();
  const names = topologyNames(suite.prefix);
  await declareTopology(ch, names);
  const publish = async (kind: 'metadata' | 'comments', body: Buffer, priority = 5, messageId?: string) => {
    ch.publish(names.tasksExchange, kind, body, { persistent: true, priority, messageId, contentType: 'application/json' });
    await ch.waitForConfirms();
  };
  return {
    names,
    ch,
    task: (m: TaskMessage, priority = 5) => publish(m.kind, encodeTaskMessage(m), priority, m.taskId),
    raw: publish,
    control: async (m: Record<string, unknown>) => {
      ch.publish(names.controlExchange, '', Buffer.from(JSON.stringify(m)));
      await ch.waitForConfirms();
    },
    close: async () => {
      await ch.close().catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}

export interface WorkerProc extends Proc {
  port: number;
  metrics(): Promise<string>;
}

export async function startWorker(suite: Suite, extra: Record<string, string> = {}): Promise<WorkerProc> {
  const port = await freePort();
  const p = spawnNode(
    fromRoot('dist', 'worker', 'main.js'),
    suite.programEnv({
      WORKER_PORT: String(port),
      WORKER_NAMESPACE: suite.namespace,
      WORKER_PAGE_RETRY_BACKOFF_MS: '300',
      LOG_LEVEL: 'info',
      ...collectionTimeEnv(),
      ...extra,
    }),
  );
  await waitHttp(`http://127.0.0.1:${port}/readyz`, 60_000, p);
  return { ...p, port, metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text() };
}

export interface TaskRowView {
  state: string;
  attempts: number;
  error_kind: string | null;
  last_error: string | null;
  articles: number;
  comments: number;
  pages: number;
  lease_owner: string | null;
}

export async function taskRow(suite: Suite, id: string): Promise<TaskRowView> {
  const r = await suite.pool.query<TaskRowView>(
    'SELECT state, attempts, error_kind, last_error, articles, comments, pages, lease_owner FROM tasks WHERE id = $1',
    [id],
  );
  return r.rows[0]!;
}

/** Waits until the task is in one of the states (or the condition holds). */
export async function waitTask(suite: Suite, id: string, done: (t: TaskRowView) => boolean, timeoutMs = 120_000, proc?: Proc): Promise<TaskRowView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const t = await taskRow(suite, id);
    if (done(t)) return t;
    if (Date.now() > until)
      throw new Error(`task ${id} is still ${JSON.stringify(t)} after ${timeoutMs} ms${proc ? `\n${proc.output().slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const finished = (t: TaskRowView): boolean =>
  ['succeeded', 'failed', 'cancelled'].includes(t.state) || (t.state === 'pending' && t.error_kind === 'retryable');

/** What runTask needs of a worker suite: its stack, a publisher and the worker that takes the task. */
export interface TaskRun {
  suite: Suite;
  pub: Awaited<ReturnType<typeof publisher>>;
  worker: Proc;
}

/** Inserts a job (or uses `jobUid`) and one task, publishes the task and waits until it is finished. */
export async function runTask(
  r: TaskRun,
  kind: 'metadata' | 'comments',
  source: string,
  shard: Shard,
  o: { jobUid?: string; type?: JobOptions['type']; backoffLimit?: number; timeoutMs?: number } = {},
): Promise<{ job: string; id: string; t: TaskRowView }> {
  const job = o.jobUid ?? (await insertJob(r.suite, { source, ...(o.type ? { type: o.type } : {}) }));
  const id = await insertTask(r.suite, job, kind, shard);
  await r.pub.task(taskMessage({ taskId: id, jobUid: job, kind, source, shard, backoffLimit: o.backoffLimit }));
  return { job, id, t: await waitTask(r.suite, id, finished, o.timeoutMs ?? 180_000, r.worker) };
}

export async function jobLogs(suite: Suite, jobUid: string): Promise<string[]> {
  const r = await suite.pool.query<{ message: string }>('SELECT message FROM job_logs WHERE job_uid = $1 ORDER BY id', [jobUid]);
  return r.rows.map((x) => x.message);
}

/**
 * Waits until a job log line matches: the worker writes the line just after the task's outcome,
 * so a test that saw the outcome may read the log a moment before the line lands.
 */
export async function waitJobLog(suite: Suite, jobUid: string, line: RegExp | string, timeoutMs = 15_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  const matches = (l: string): boolean => (typeof line === 'string' ? l.includes(line) : line.test(l));
  for (;;) {
    const logs = await jobLogs(suite, jobUid);
    if (logs.some(matches)) return logs;
    if (Date.now() > until)
      throw new Error(`no log line of job ${jobUid} matches ${String(line)} after ${timeoutMs} ms; the lines are:\n${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A stored comment, by the columns the suites compare with the truth. */
export interface StoredComment {
  comment_no: number;
  parent_comment_no: number | null;
  author: string | null;
  text: string | null;
  written_at: Date;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_deleted: boolean;
}

/** A stored comment and a comment of the truth as the same tuple, to compare whole lists at once. */
export const storedCommentRow = (c: StoredComment): unknown[] => [
  c.comment_no,
  c.parent_comment_no,
  c.author ?? '',
  c.text ?? '',
  c.written_at.toISOString(),
  c.likes,
  c.dislikes,
  c.reply_count,
  c.is_deleted,
];
export const truthCommentRow = (c: TruthComment): unknown[] => [
  c.comment_no,
  c.parent_comment_no,
  c.author,
  c.contents,
  new Date(c.written_at).toISOString(),
  c.likes,
  c.dislikes,
  c.reply_count,
  c.is_deleted,
];

/** The comments stored for a job's articles, in comment number order, as storedCommentRow tuples. */
export async function storedCommentRows(suite: Suite, jobUid: string): Promise<unknown[][]> {
  const r = await suite.pool.query<StoredComment>(
    `SELECT c.* FROM comments c JOIN job_articles ja ON ja.article_id = c.article_id AND ja.job_uid = $1 ORDER BY comment_no`,
    [jobUid],
  );
  return r.rows.map(storedCommentRow);
}

/** The wire site's one-part id of a portal article of the truth (the portal's own rule). */
export const wireIdOf = (a: { oid: string | null; aid: string | null }): string => wireId({ oid: a.oid ?? '', aid: a.aid ?? '' });

/** The comment statistics of `/__truth/comments/{oid}/{aid}`. */
export type { TruthStats };

/** The statistics stored with the article (articles.comment_stats) and what the truth says they are. */
export async function storedStats(suite: Suite, jobUid: string, t: TruthStats): Promise<[unknown, unknown]> {
  const r = await suite.pool.query<{ comment_stats: unknown }>(
    'SELECT a.comment_stats FROM articles a JOIN job_articles ja ON ja.article_id = a.id AND ja.job_uid = $1',
    [jobUid],
  );
  return [r.rows[0]?.comment_stats, statsByName(t)];
}

/** The truth's statistics under the names the built-in profiles give them (current, ..., age10 to age60). */
export const statsByName = (t: TruthStats): Record<string, number> => ({
  current: t.current,
  deletedByAuthor: t.deleted_by_author,
  deletedByModerator: t.deleted_by_moderator,
  male: t.male,
  female: t.female,
  ...Object.fromEntries(Object.entries(t.ages).map(([k, v]) => [`age${k}`, v])),
});

export const kstDayOf = (iso: string): string => new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 10);

/**
 * The worker suites' teardown, in order: workers (SIGTERM unless `signal` says otherwise), the
 * publisher, the portal, the profiles, then `also` (e.g. a private broker) and the suite itself.
 * Anything not started yet is skipped, so a failed setup still cleans up what it made.
 */
export async function tearDown(p: {
  workers?: (WorkerProc | undefined)[];
  signal?: NodeJS.Signals;
  pub?: { close(): Promise<void> };
  portal?: PortalProc;
  profiles?: (string | undefined)[];
  also?: () => Promise<void>;
  suite?: Suite;
}): Promise<void> {
  for (const w of p.workers ?? []) await w?.stop(p.signal);
  await p.pub?.close();
  await p.portal?.stop();
  for (const name of p.profiles ?? []) if (name) await deleteProfile(name);
  await p.also?.();
  await p.suite?.cleanup();
}
