// Handles one delivered task message: parse, claim in PostgreSQL, run the collector under a lease,
// store, record the outcome, then ack. Decisions (what an unclaimed row means, how errors sort, what
// an attempt comes to) are pure and live in claim.ts, errors.ts and outcome.ts; this file is the
// sequence around them.
import type { Channel, ConsumeMessage } from 'amqplib';
import { MessageError, parseTaskMessage, type TaskMessage } from '../lib/amqp/messages.js';
import type { Pool } from '../lib/db/pool.js';
import { writeJobLogs, type JobLogLine } from '../lib/db/job-log.js';
import type { Logger } from '../lib/log.js';
import type { Profile } from '../lib/sources/profile.js';
import { checkProfile, describeProblems } from '../lib/sources/check.js';
import { ProfileNotFoundError } from '../lib/sources/store.js';
import { BrowserSession } from './browser/session.js';
import { decideUnclaimed, exceededAttempts } from './claim.js';
import { collectorNameFor, collectors, metadataCollectors } from './collectors/index.js';
import type { CollectContext } from './collectors/types.js';
import { CancelledError, classifyError, CollectError, InterruptedError, permanent, retryable } from './errors.js';
import type { WorkerMetrics } from './metrics.js';
import { SiteBudget } from './budget.js';
import { PAGE_REQUESTS } from './browser/scripts.js';
import { deadlineError, decideOutcome, exhaustedError, type StopReason } from './outcome.js';
import { randomDelay, sleep } from './politeness.js';
import { RobotsTxt } from './robots.js';
import { describeUnread } from './parse/unread.js';
import { addUnread, noShortfall } from './shortfall.js';
import { Storage } from './storage.js';
import { TaskStore, type ClaimedTask, type TaskCounts } from './tasks.js';

export interface RunnerDeps {
  pool: Pool;
  tasks: TaskStore;
  storage: Storage;
  profiles: { get(name: string): Promise<Profile> };
  secrets: (name: string, keys: string[]) => Promise<Record<string, string>>;
  metrics: WorkerMetrics;
  log: Logger;
  /** The clock: lease waits, deadlines and durations are read from it. */
  clock: () => Date;
  gridUrl: string;
  /** How long to wait for another worker's lease to expire before dropping a duplicate. */
  takeoverWaitMs: number;
  /** Page retries inside a task before it is reported retryable. */
  pageRetries: number;
  pageRetryBackoffMs: number;
  /** The collection time relative dates are read against (default: the clock). */
  collectionTime?: () => Date;
  /** Records a "layout changed" failure on the NewsSource's status, so `kubectl get nsrc` shows it. */
  reportLayoutError?: (source: string, reason: string) => Promise<void>;
}

/** A task being worked on, for cancel broadcasts and shutdown. */
export interface RunningTask {
  taskId: string;
  jobUid: string;
  abort(reason: 'cancel' | 'shutdown'): void;
  done: Promise<void>;
}

export class TaskRunner {
  readonly running = new Map<string, RunningTask>();
  private budget: SiteBudget;
  private robotsTxt = new RobotsTxt();

  constructor(private d: RunnerDeps) {
    this.budget = new SiteBudget(d.pool);
  }

  /** Handles one message from start to ack/nack/reject. Never throws. */
  async handle(msg: ConsumeMessage, ch: Channel, queue: string): Promise<void> {
    try {
      await this.handleInner(msg, ch, queue);
    } catch (e) {
      // Database down or similar: the message goes back to the queue after a pause (never in a tight
      // loop); a claim made before the failure expires with its lease and is taken over.
      this.d.log.error({ err: e, queue }, 'handling a task message failed; requeueing it after a pause');
      await sleep(5000);
      safe(() => ch.nack(msg, false, true));
    }
  }

  private async handleInner(msg: ConsumeMessage, ch: Channel, queue: string): Promise<void> {
    const { metrics, log, tasks } = this.d;
    let task: TaskMessage;
    try {
      task = parseTaskMessage(msg.content);
    } catch (e) {
      if (!(e instanceof MessageError)) throw e;
      const jobUid = guessJobUid(msg.content);
      log.warn({ queue, reason: e.message, messageId: msg.properties.messageId }, 'poison message: dead-lettering it');
      await this.jobLog([
        { jobUid, level: 'error', message: `a task message could not be read and was moved to the dead-letter queue: ${e.message}` },
      ]);
      ch.reject(msg, false);
      metrics.tasks.inc({ queue, outcome: 'dead_lettered' });
      return;
    }

    // Claim, waiting for a dead worker's lease to run out when needed.
    let claimed = await tasks.claim(task.taskId);
    const waitStarted = this.now();
    while (!claimed) {
      const row = await tasks.read(task.taskId);
      const now = this.d.clock();
      const decision = decideUnclaimed(row, task.attempt, now, now.getTime() - waitStarted, this.d.takeoverWaitMs);
      if (decision.action === 'dead-letter') {
        log.warn({ queue, taskId: task.taskId }, `unknown task: dead-lettering the message (${decision.why})`);
        await this.jobLog([
          {
            jobUid: task.jobUid,
            taskId: null,
            level: 'error',
            message: `a message named task ${task.taskId}, which does not exist; it was moved to the dead-letter queue`,
          },
        ]);
        ch.reject(msg, false);
        metrics.tasks.inc({ queue, outcome: 'dead_lettered' });
        return;
      }
      if (decision.action === 'requeue') {
        log.info({ taskId: task.taskId, why: decision.why }, 'giving the task message back to the queue');
        ch.nack(msg, false, true);
        metrics.tasks.inc({ queue, outcome: 'requeued' });
        return;
      }
      if (decision.action === 'drop') {
        log.info({ taskId: task.taskId, why: decision.why }, 'dropping task message');
        ch.ack(msg);
        metrics.tasks.inc({ queue, outcome: 'dropped' });
        return;
      }
      log.debug({ taskId: task.taskId, why: decision.why, ms: decision.ms }, 'waiting before claiming again');
      await sleep(decision.ms);
      claimed = await tasks.claim(task.taskId);
    }

    if (exceededAttempts(claimed.attempts, task.options.backoffLimit)) {
      const exhausted = exhaustedError(claimed.lastError);
      await tasks.failExhausted(task.taskId, exhausted);
      await this.jobLog([
        {
          jobUid: task.jobUid,
          taskId: task.taskId,
          level: 'error',
          message: `${describe(task)} failed after ${claimed.attempts - 1} attempts: ${exhausted.reason}`,
        },
      ]);
      ch.ack(msg);
      metrics.tasks.inc({ queue, outcome: 'failed' });
      return;
    }

    await this.run(task, claimed, msg, ch, queue);
  }

  private async run(task: TaskMessage, claimed: ClaimedTask, msg: ConsumeMessage, ch: Channel, queue: string): Promise<void> {
    const attempt = claimed.attempts;
    const { metrics, log, tasks } = this.d;
    const started = this.now();
    // New and changed rows an earlier attempt stored are found stored by this one: their counts carry over.
    const counts: TaskCounts = {
      articles: 0,
      comments: 0,
      pages: 0,
      commentsShown: null,
      commentsNew: claimed.commentsNew,
      commentsChanged: claimed.commentsChanged,
      shortfall: noShortfall(),
    };
    const abort = new AbortController();
    let stopReason: StopReason | null = null;
    let resolveDone!: () => void;
    const running: RunningTask = {
      taskId: task.taskId,
      jobUid: task.jobUid,
      abort: (why) => {
        stopReason ??= why;
        abort.abort();
      },
      done: new Promise<void>((r) => (resolveDone = r)),
    };
    this.running.set(task.taskId, running);
    metrics.busySlots.inc();
    let session: BrowserSession | null = null;
    let leaseTimer: NodeJS.Timeout | undefined;
    let deadlineTimer: NodeJS.Timeout | undefined;
    try {
      let profile: Profile;
      try {
        profile = await this.d.profiles.get(task.source);
      } catch (e) {
        if (e instanceof ProfileNotFoundError) throw permanent('profile', e.message, e);
        throw e;
      }
      const problems = checkProfile(profile);
      if (problems.length) throw permanent('profile', describeProblems(task.source, problems));
      const deadline = started + profile.timeouts.taskSeconds * 1000;
      deadlineTimer = setTimeout(
        () => {
          stopReason ??= 'deadline';
          abort.abort();
        },
        Math.max(0, deadline - this.now()),
      );
      deadlineTimer.unref();
      const leaseMs = tasks.leaseSeconds * 1000;
      leaseTimer = setInterval(
        () => {
          tasks.renew(task.taskId).then(
            (ok) => {
              if (!ok) {
                stopReason ??= 'lease';
                abort.abort();
              }
            },
            (e) => log.warn({ err: e, taskId: task.taskId }, 'renewing the lease failed'),
          );
        },
        Math.max(1000, leaseMs / 3),
      );
      leaseTimer.unref();

      await this.jobLog([
        {
          jobUid: task.jobUid,
          taskId: task.taskId,
          level: 'info',
          message: `${describe(task)} started (attempt ${attempt}, ${collectorNameFor(task, profile)} on ${profile.displayName})`,
        },
      ]);

      const ctx = this.context(
        task,
        profile,
        deadline,
        abort.signal,
        counts,
        () => stopReason,
        async () => {
          session ??= await BrowserSession.open({
            gridUrl: this.d.gridUrl,
            deadline,
            sessionWaitMs: profile.timeouts.sessionWaitSeconds * 1000,
            pageLoadMs: profile.timeouts.pageLoadSeconds * 1000,
            scriptMs: Math.max(30_000, profile.timeouts.elementWaitSeconds * 3000),
            metrics,
            signal: abort.signal,
          });
          return session;
        },
      );
      await collectors[collectorNameFor(task, profile)].run(ctx);
      if (stopReason) ctx.checkpoint();

      await tasks.succeed(task.taskId, counts);
      metrics.tasks.inc({ queue, outcome: 'succeeded' });
      await this.jobLog([
        { jobUid: task.jobUid, taskId: task.taskId, level: 'info', message: `${describe(task)} finished: ${summary(counts)}`, fields: { ...counts } },
      ]);
      ch.ack(msg);
    } catch (e) {
      await this.outcomeOfError(e, stopReason, task, counts, msg, ch, queue);
    } finally {
      clearInterval(leaseTimer);
      clearTimeout(deadlineTimer);
      if (session) await (session as BrowserSession).quit();
      metrics.busySlots.dec();
      metrics.taskDuration.observe({ queue }, (this.now() - started) / 1000);
      this.running.delete(task.taskId);
      resolveDone();
    }
  }

  /** Records, logs, counts and acks what decideOutcome makes of the attempt's error. */
  private async outcomeOfError(
    e: unknown,
    stopReason: StopReason | null,
    task: TaskMessage,
    counts: TaskCounts,
    msg: ConsumeMessage,
    ch: Channel,
    queue: string,
  ): Promise<void> {
    const { metrics, tasks, log } = this.d;
    const o = decideOutcome({ error: e, stopReason, what: describe(task), stored: summary(counts) });
    const line = { jobUid: task.jobUid, taskId: task.taskId, level: o.level, message: o.message };
    if (o.action === 'release') {
      await tasks.release(task.taskId, o.error, counts);
      await this.jobLog([line]);
      metrics.tasks.inc({ queue, outcome: o.metric });
      safe(() => ch.nack(msg, false, true));
      return;
    }
    if (o.action === 'cancel') {
      await tasks.cancel(task.taskId, counts);
      await this.jobLog([line]);
    } else {
      if (o.unexpected) log.warn({ err: e, taskId: task.taskId }, 'task failed with an unexpected error');
      if (o.action === 'retry') await tasks.retry(task.taskId, o.error, counts);
      else {
        await tasks.fail(task.taskId, o.error, counts);
        if (o.reportLayout && this.d.reportLayoutError) {
          await this.d
            .reportLayoutError(task.source, o.error.reason)
            .catch((e) => log.warn({ err: e, source: task.source }, 'recording the layout error on the NewsSource failed'));
        }
      }
      await this.jobLog([{ ...line, fields: { ...counts } }]);
    }
    metrics.tasks.inc({ queue, outcome: o.metric });
    ch.ack(msg);
  }

  private context(
    task: TaskMessage,
    profile: Profile,
    deadline: number,
    signal: AbortSignal,
    counts: TaskCounts,
    stopReason: () => StopReason | null,
    browser: () => Promise<BrowserSession>,
  ): CollectContext {
    const { storage, metrics } = this.d;
    const batch = task.options.batchSize;
    let lastProgress = 0;
    const progress = async () => {
      if (this.now() - lastProgress < 2000) return;
      lastProgress = this.now();
      await this.d.tasks.progress(task.taskId, counts).catch(() => undefined);
    };
    const ctx: CollectContext = {
      task,
      profile,
      now: this.d.collectionTime ?? this.d.clock,
      deadline,
      signal,
      checkpoint: () => {
        const why = stopReason();
        if (!why) return;
        if (why === 'shutdown') throw new InterruptedError('the worker is stopping');
        if (why === 'deadline') throw deadlineError();
        throw new CancelledError('the task was cancelled');
      },
      robots: (url, userAgent) => this.robotsTxt.check(url, userAgent),
      polite: async (url, requests = 1) => {
        ctx.checkpoint();
        const waited = await this.budget.acquire(url, profile.rateLimit.requestsPerMinute, profile.rateLimit.burst, requests, signal);
        metrics.budgetWait.observe(waited / 1000);
        const { minMs, maxMs } = task.options.requestDelay;
        if (maxMs > 0) await sleep(randomDelay(minMs, maxMs, Math.random()), signal);
        ctx.checkpoint();
      },
      meterPage: async (url, session) => {
        // Chrome also asks for the site's favicon on every page (not in the Resource Timing buffer).
        const made = (await session.run<number>(PAGE_REQUESTS)) + 1;
        metrics.budgetWait.observe(
          (await this.budget.acquire(url, profile.rateLimit.requestsPerMinute, profile.rateLimit.burst, made, signal)) / 1000,
        );
      },
      browser,
      withRetries: async (page, what, fn) => {
        for (let i = 0; ; i++) {
          try {
            return await fn();
          } catch (e) {
            ctx.checkpoint();
            const err = classifyError(e);
            // Where the error was met, for the probe and the console (the innermost page wins).
            err.page ??= page;
            if (err.kind !== 'retryable' || i >= this.d.pageRetries) throw err;
            const wait = this.d.pageRetryBackoffMs * 3 ** i;
            await this.jobLog([
              {
                jobUid: task.jobUid,
                taskId: task.taskId,
                level: 'warn',
                message: `retrying ${what} in ${Math.round(wait / 100) / 10} s: ${err.reason}`,
              },
            ]);
            await sleep(wait, signal);
            ctx.checkpoint();
          }
        }
      },
      saveArticles: async (recs, keyword) => {
        const ids = await stored('articles', () => storage.upsertArticles(recs, { jobUid: task.jobUid, keyword, taskId: task.taskId }, batch));
        counts.articles += ids.size;
        metrics.items.inc({ kind: 'article' }, ids.size);
        await progress();
        return ids;
      },
      saveComments: async (articleId, recs) => {
        const w = await stored('comments', () => storage.upsertComments(articleId, recs, batch));
        const n = w.written;
        await stored('comments', () =>
          this.d.pool.query(
            `INSERT INTO job_articles (job_uid, article_id, keyword, task_id) VALUES ($1, $2, '', $3) ON CONFLICT (job_uid, article_id, keyword) DO NOTHING`,
            [task.jobUid, articleId, task.taskId],
          ),
        );
        counts.comments += n;
        counts.commentsNew += w.added;
        counts.commentsChanged += w.changed;
        metrics.items.inc({ kind: 'comment' }, n);
        await progress();
      },
      saveCommentStats: async (articleId, stats) => {
        await stored('comment statistics', () =>
          this.d.pool.query(`UPDATE articles SET comment_stats = $2::jsonb, comment_stats_at = now() WHERE id = $1`, [
            articleId,
            JSON.stringify(stats),
          ]),
        );
      },
      articleFor: async (rec) => {
        const found = await storage.findArticle(rec.source, rec.identity);
        if (found) return found.id;
        const ids = await storage.upsertArticles([rec], null);
        return ids.get(rec.identity)!;
      },
      knownArticle: async (src, identity) => (await storage.findArticle(src, identity))?.id ?? null,
      secret: (name, keys) => this.d.secrets(name, keys),
      pageRead: (n = 1) => {
        const before = counts.pages;
        counts.pages += n;
        if (Math.floor(counts.pages / 10) > Math.floor(before / 10)) ctx.log('info', `read ${counts.pages} pages so far`);
      },
      commentsShown: (n) => {
        if (n !== null) counts.commentsShown = n;
      },
      resultsRead: (page, shown, unread) => {
        counts.shortfall = addUnread(counts.shortfall, 'search-result', shown, unread);
        if (unread.length) ctx.log('warn', describeUnread(`search page ${page}`, shown, unread, 'results'), { unread });
      },
      commentsNotStored: (page, itemsOnPage, notStored, unread) => {
        counts.shortfall = addUnread(counts.shortfall, 'comment', 0, unread);
        // The count is what was shown less what was stored; the detailed items are those that did not read.
        counts.shortfall.commentsUnread += Math.max(0, notStored - unread.length);
        if (unread.length) ctx.log('warn', describeUnread(`comment page ${page}`, itemsOnPage, unread, 'comments'), { unread });
        else if (notStored) ctx.log('warn', `comment page ${page}: ${notStored} comments the site counts were not stored`);
      },
      pageUnread: (item) => {
        counts.shortfall = addUnread(counts.shortfall, 'article-page', 0, [item]);
        ctx.log('warn', `article page ${item.page} could not be read; its article is stored as the search result showed it: ${item.found}`, {
          unread: [item],
        });
      },
      log: (level, message, fields) => {
        void this.jobLog([{ jobUid: task.jobUid, taskId: task.taskId, level, message, fields }]);
      },
    };
    return ctx;
  }

  private now(): number {
    return this.d.clock().getTime();
  }

  private async jobLog(lines: Omit<JobLogLine, 'component'>[]): Promise<void> {
    try {
      await writeJobLogs(
        this.d.pool,
        lines.map((l) => ({ ...l, component: 'worker' })),
      );
    } catch (e) {
      this.d.log.warn({ err: e }, 'writing job log lines failed');
    }
  }
}

/**
 * Runs a write of what was collected; a failure is a retryable `storage` error (the database may be
 * back for the next attempt), with the database's words as its cause.
 */
async function stored<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof CollectError) throw e;
    throw retryable(
      'storage',
      `storing the ${what} failed: ${String((e as Error)?.message ?? e)
        .split('\n')[0]!
        .slice(0, 200)}`,
      e,
    );
  }
}

function describe(t: TaskMessage): string {
  if (t.kind === 'metadata') return `${metadataCollectors[t.shard.method].label} "${t.shard.keyword}" on ${t.shard.day}`;
  return `comments of ${t.shard.url}`;
}

/**
 * "17 articles, 35 of 37 comments shown (12 new, 3 changed), 25 pages read": stored of what the site
 * shows when it shows a count, and of those the rows not stored before and the stored rows that changed.
 */
export function summary(c: TaskCounts): string {
  const comments = c.commentsShown === null ? `${c.comments} comments` : `${c.comments} of ${c.commentsShown} comments shown`;
  const refresh = c.comments > 0 ? ` (${c.commentsNew} new, ${c.commentsChanged} changed)` : '';
  const s = c.shortfall;
  const missing = [
    s.resultsUnread ? `${s.resultsUnread} of ${s.resultsShown} search results` : '',
    s.commentsUnread ? `${s.commentsUnread} comments` : '',
    s.pagesUnread ? `${s.pagesUnread} article pages` : '',
  ].filter(Boolean);
  return `${c.articles} articles, ${comments}${refresh}, ${c.pages} pages read${missing.length ? `; not read: ${missing.join(', ')}` : ''}`;
}

function guessJobUid(body: Buffer): string | null {
  try {
    const j = JSON.parse(body.toString()) as { jobUid?: unknown };
    return typeof j.jobUid === 'string' && /^[0-9a-f-]{36}$/i.test(j.jobUid) ? j.jobUid : null;
  } catch {
    return null;
  }
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // the channel is gone; the broker requeues unacked messages itself
  }
}
