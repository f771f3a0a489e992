// The NewsSource probe: checks each profile (ProfileValid) and, for a NewsSource with spec.probe, runs a
// small collection when the profile changes and every periodMinutes, as CollectionJobs that the
// operator and the workers handle like any other (decision 0029). When the run's jobs have finished
// it reads what they stored and writes the conditions SearchReady, ArticleReady and CommentsReady, an
// Event and the metrics the NewsSourceProbeFailing alert reads. Observe -> pure decision
// (lib/sources/probe.ts) -> apply.
import { Counter, Gauge, type Registry } from 'prom-client';
import { API_VERSION } from '../../lib/crd/definitions.js';
import type { CollectionJobSpec, NewsSource, NewsSourceStatus } from '../../lib/crd/types.gen.js';
import type { Pool } from '../../lib/db/pool.js';
import { resourceOf } from '../../lib/kube/client.js';
import type { EventRecorder } from '../../lib/kube/events.js';
import { Informer } from '../../lib/kube/informer.js';
import type { Manager } from '../core/manager.js';
import { isConflict, isNotFound, MERGE_PATCH, resourcePath, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import type { Logger } from '../../lib/log.js';
import { isTaskErrorCode, isTaskErrorPage } from '../../lib/task-errors.js';
import { checkProfile } from '../../lib/sources/check.js';
import {
  decideProbe,
  PROBE_CONDITIONS,
  probeConditions,
  probeFailed,
  probeSummary,
  profileValidCondition,
  type CommentFacts,
  type ProbeCondition,
  type ProbeRun,
  type ProbeTask,
  type SearchFacts,
} from '../../lib/sources/probe.js';
import { resolveProfile, type Profile } from '../../lib/sources/profile.js';
import { Controller } from '../core/controller.js';
import type { InformerSet } from '../core/informers.js';
import { isFinished, setCondition } from '../status/status.js';
import type { CollectionJob } from '../../lib/crd/types.gen.js';

/** The probe's CollectionJobs carry the NewsSource's name and the run number. */
export const LABEL_PROBE_OF = 'collection.newsroom.dev/probe-of';
export const LABEL_PROBE_RUN = 'collection.newsroom.dev/probe-run';

type Source = NewsSource;
type Condition = NonNullable<NewsSourceStatus['conditions']>[number];

export interface ProbeDeps {
  rest: KubeRest;
  pool: Pool;
  jobs: InformerSet<CollectionJob>;
  events: EventRecorder;
  registry: Registry;
  log: Logger;
  isLeader: () => boolean;
  now: () => Date;
  resyncMs: number;
  /** The namespaces this operator handles (unset: all): it probes only the NewsSources whose probe.namespace is one of them. */
  namespaces?: string[];
  runTimeoutMs?: number;
}

/**
 * The probe controller and its wiring: its NewsSource watch, the probe jobs' events, and a look at
 * every NewsSource again when leadership is won (keys are dropped while standing by). Its watch does
 * not hold up the operator's start: the controller starts once the NewsSources are listed.
 */
export function setupProbe(mgr: Manager): void {
  const d: ProbeDeps = {
    rest: mgr.rest,
    pool: mgr.pool,
    jobs: mgr.jobs,
    events: mgr.events,
    registry: mgr.registry,
    log: mgr.log,
    isLeader: mgr.leader.isLeader,
    now: mgr.clock,
    resyncMs: mgr.cfg.resyncMs,
    namespaces: mgr.cfg.namespaces,
  };
  const informer = new Informer<Source>(d.rest, { path: resourcePath(resourceOf('NewsSource')), resyncMs: d.resyncMs, log: d.log });
  const reconciler = new ProbeReconciler(d, informer);
  const controller = new Controller({
    name: 'newssource-probe',
    concurrency: 2,
    registry: d.registry,
    log: d.log,
    isLeader: d.isLeader,
    reconcile: (k) => reconciler.reconcile(k),
  });
  const enqueueAll = () => {
    for (const s of informer.list()) controller.enqueue(s.metadata.name!);
  };
  informer.on((event, obj, old) => {
    // Our own status writes come back as updates; a change of spec (generation) or a resync is what matters.
    if (event === 'update' && old && old.metadata.generation === obj.metadata.generation && old.status?.probe?.run === obj.status?.probe?.run) return;
    controller.enqueue(obj.metadata.name!);
  });
  d.jobs.on((_event, job) => {
    const of = job.metadata.labels?.[LABEL_PROBE_OF];
    if (of && isFinished(job.status)) controller.enqueue(of);
  });
  mgr.leader.onLeading(enqueueAll);
  mgr.add({
    start() {
      informer.start();
      void informer.waitForSync().then(() => {
        controller.start();
        enqueueAll();
      });
    },
  });
  mgr.shutdown.add('newssource probe', async () => {
    await controller.stop();
    await informer.stop();
  });
}

class ProbeReconciler {
  private failing: Gauge<'source' | 'condition'>;
  private runs: Counter<'source' | 'result'>;
  private completed: Gauge<'source'>;

  constructor(
    private d: ProbeDeps,
    private informer: Informer<Source>,
  ) {
    const registers = [d.registry];
    this.failing = new Gauge({
      name: 'newsroom_newssource_probe_failing',
      help: 'A NewsSource condition (ProfileValid or a probe result) that is False: 1, else 0.',
      labelNames: ['source', 'condition'],
      registers,
    });
    this.runs = new Counter({
      name: 'newsroom_newssource_probe_runs_total',
      help: 'Finished probe runs by NewsSource and result (passed, failed, timed_out).',
      labelNames: ['source', 'result'],
      registers,
    });
    this.completed = new Gauge({
      name: 'newsroom_newssource_probe_completion_timestamp_seconds',
      help: 'When the probe of a NewsSource last finished.',
      labelNames: ['source'],
      registers,
    });
  }

  async reconcile(name: string): Promise<ProcessResult | void> {
    const src = this.informer.get(name);
    if (!src) {
      for (const condition of PROBE_CONDITIONS) this.failing.remove({ source: name, condition });
      this.completed.remove({ source: name });
      return;
    }
    const now = this.d.now();
    const generation = src.metadata.generation ?? 0;
    const profile = resolveProfile(name, src.spec, String(generation));
    const valid = profileValidCondition(checkProfile(profile));
    const status: NewsSourceStatus = structuredClone(src.status ?? {});
    const conditions = status.conditions ?? [];
    let changed = this.set(conditions, valid, generation, now, name);
    if (valid.status === 'False' && changed) this.d.events.record(src, 'Warning', 'InvalidProfile', valid.message, now);

    const last = status.probe;
    const mine = !!src.spec.probe && (!this.d.namespaces || this.d.namespaces.includes(profile.probe.namespace));
    const decision = decideProbe({
      spec: mine ? profile.probe : undefined,
      generation,
      last,
      valid: valid.status === 'True',
      jobsFinished: !!last?.jobs?.length && last.jobs.every((k) => isFinished(this.d.jobs.get(k)?.status)),
      now,
      runTimeoutMs: this.d.runTimeoutMs,
    });
    switch (decision.action) {
      case 'none':
        // No probe any more: its results would be stale. (A probe of another operator's namespace is its.)
        if (!src.spec.probe && conditions.some((c) => c.type !== 'ProfileValid' && (PROBE_CONDITIONS as readonly string[]).includes(c.type ?? ''))) {
          for (const t of PROBE_CONDITIONS.slice(1)) this.failing.remove({ source: name, condition: t });
          await this.writeStatus(name, {
            conditions: conditions.filter((c) => !(PROBE_CONDITIONS.slice(1) as readonly string[]).includes(c.type ?? '')),
          });
        } else if (changed) await this.writeStatus(name, { conditions });
        return;
      case 'hold':
        if (changed) await this.writeStatus(name, { conditions });
        return;
      case 'start': {
        const run: ProbeRun = {
          run: decision.run,
          generation,
          reason: decision.reason,
          startTime: now.toISOString(),
          jobs: this.jobsOf(src, profile, decision.run).map((j) => `${j.metadata.namespace}/${j.metadata.name}`),
        };
        // The run is recorded before its jobs exist, so a restart carries on with the same run number
        // and names (creating them is idempotent) instead of starting another.
        await this.writeStatus(name, { conditions, probe: { ...run, completionTime: null } });
        this.d.events.record(src, 'Normal', 'ProbeStarted', `probe run ${decision.run}: ${decision.reason}`, now);
        await this.ensureJobs(src, profile, decision.run);
        await this.deleteOlderRuns(src, decision.run);
        return { requeueAfterMs: 15_000 };
      }
      case 'observe':
        if (changed) await this.writeStatus(name, { conditions });
        await this.ensureJobs(src, profile, last!.run!);
        return { requeueAfterMs: decision.recheckMs };
      case 'conclude': {
        const results = await this.results(profile, last!, decision.timedOut);
        for (const c of results) changed = this.set(conditions, c, generation, now, name) || changed;
        const failed = probeFailed(results);
        const summary = probeSummary(results);
        await this.writeStatus(name, { conditions, probe: { ...last, completionTime: now.toISOString() } });
        this.d.events.record(
          src,
          failed ? 'Warning' : 'Normal',
          failed ? 'ProbeFailed' : 'ProbeSucceeded',
          `probe run ${last!.run}${decision.timedOut ? ' (timed out)' : ''}: ${summary}`,
          now,
        );
        this.runs.inc({ source: name, result: decision.timedOut ? 'timed_out' : failed ? 'failed' : 'passed' });
        this.completed.set({ source: name }, now.getTime() / 1000);
        this.d.log.info({ source: name, run: last!.run, failed, summary }, 'probe finished');
        return { requeueAfterMs: profile.probe.periodMinutes * 60_000 };
      }
      case 'wait':
        if (changed) await this.writeStatus(name, { conditions });
        return { requeueAfterMs: decision.ms };
    }
  }

  /** Sets a condition and the failing gauges of all of them (also after a restart); true when it changed. */
  private set(conditions: Condition[], c: ProbeCondition, generation: number, now: Date, source: string): boolean {
    const changed = setCondition(conditions, { ...c, observedGeneration: generation }, now);
    for (const x of conditions)
      if ((PROBE_CONDITIONS as readonly string[]).includes(x.type ?? ''))
        this.failing.set({ source, condition: x.type ?? '' }, x.status === 'False' ? 1 : 0);
    return changed;
  }

  private async writeStatus(name: string, status: Record<string, unknown>): Promise<void> {
    await this.d.rest.request('PATCH', resourcePath(resourceOf('NewsSource'), undefined, name, 'status'), {
      body: { status },
      contentType: MERGE_PATCH,
    });
  }

  /** The run's CollectionJobs: the search of keyword on day (one page), and the comments of articleUrl. */
  private jobsOf(src: Source, profile: Profile, run: number): CollectionJob[] {
    const p = profile.probe;
    const name = src.metadata.name!;
    const base = `${name.slice(0, 40)}-probe-${run}`;
    const common: Partial<CollectionJobSpec> = {
      source: name,
      isTest: true,
      priority: 9,
      backoffLimit: 1,
      parallelism: 1,
      activeDeadlineSeconds: Math.ceil((this.d.runTimeoutMs ?? 30 * 60_000) / 1000),
    };
    const job = (suffix: string, spec: CollectionJobSpec): CollectionJob => ({
      apiVersion: API_VERSION,
      kind: 'CollectionJob',
      metadata: {
        name: `${base}-${suffix}`,
        namespace: p.namespace,
        labels: { [LABEL_PROBE_OF]: name, [LABEL_PROBE_RUN]: String(run) },
        ownerReferences: [{ apiVersion: API_VERSION, kind: 'NewsSource', name, uid: src.metadata.uid!, controller: true, blockOwnerDeletion: false }],
      },
      spec,
    });
    const out = [
      job('search', {
        ...common,
        type: 'Metadata',
        keywords: [p.keyword],
        dateRange: { from: p.day, to: p.day },
        maxArticles: profile.search.resultsPerPage,
        includeComments: false,
      }),
    ];
    if (p.articleUrl) out.push(job('comments', { ...common, type: 'Comments', articles: { urls: [p.articleUrl] } }));
    return out;
  }

  private async ensureJobs(src: Source, profile: Profile, run: number): Promise<void> {
    for (const j of this.jobsOf(src, profile, run)) {
      if (this.d.jobs.get(`${j.metadata.namespace}/${j.metadata.name}`)) continue;
      try {
        await this.d.rest.request('POST', resourcePath(resourceOf('CollectionJob'), j.metadata.namespace), { body: j });
      } catch (e) {
        if (isConflict(e)) continue;
        throw new Error(`creating the probe job ${j.metadata.namespace}/${j.metadata.name} failed`, { cause: e });
      }
    }
  }

  /** Only the latest run's jobs are kept (their data stays, marked as test data). */
  private async deleteOlderRuns(src: Source, run: number): Promise<void> {
    const name = src.metadata.name!;
    for (const j of this.d.jobs.list()) {
      if (j.metadata.labels?.[LABEL_PROBE_OF] !== name || Number(j.metadata.labels[LABEL_PROBE_RUN]) >= run) continue;
      await this.d.rest.request('DELETE', resourcePath(resourceOf('CollectionJob'), j.metadata.namespace, j.metadata.name)).catch((e: unknown) => {
        if (!isNotFound(e)) this.d.log.warn({ err: (e as Error).message, job: j.metadata.name }, 'deleting an old probe job failed');
      });
    }
  }

  /** Reads what the run's jobs stored and turns it into conditions. */
  private async results(profile: Profile, last: ProbeRun, timedOut: boolean): Promise<ProbeCondition[]> {
    const jobs = (last.jobs ?? []).map((k) => this.d.jobs.get(k));
    const search = jobs.find((j) => j?.spec.type === 'Metadata');
    const comments = jobs.find((j) => j?.spec.type === 'Comments');
    return probeConditions(
      profile,
      profile.probe,
      search ? await this.searchFacts(search.metadata.uid!) : null,
      comments ? await this.commentFacts(comments.metadata.uid!) : null,
      timedOut,
    );
  }

  private async tasks(jobUid: string): Promise<ProbeTask[]> {
    const r = await this.d.pool.query<{
      state: string;
      last_error: string | null;
      error_code: string | null;
      error_page: string | null;
      articles: number;
      comments: number;
      comments_shown: number | null;
    }>('SELECT state, last_error, error_code, error_page, articles, comments, comments_shown FROM tasks WHERE job_uid = $1 ORDER BY id', [jobUid]);
    // A code this version does not know (written by a newer worker) reads as no code: the words remain.
    return r.rows.map((t) => ({
      state: t.state,
      lastError: t.last_error,
      errorCode: isTaskErrorCode(t.error_code) ? t.error_code : null,
      errorPage: isTaskErrorPage(t.error_page) ? t.error_page : null,
      articles: t.articles,
      comments: t.comments,
      commentsShown: t.comments_shown,
    }));
  }

  private async searchFacts(jobUid: string): Promise<SearchFacts> {
    const r = await this.d.pool.query<Record<'results' | 'with_date' | 'portal' | 'with_body' | 'with_section' | 'with_byline', string>>(
      `SELECT count(*) AS results, count(a.published_at) AS with_date, count(a.portal_url) AS portal,
              count(nullif(a.body, '')) FILTER (WHERE a.portal_url IS NOT NULL) AS with_body,
              count(nullif(a.section, '')) FILTER (WHERE a.portal_url IS NOT NULL) AS with_section,
              count(nullif(a.byline, '')) FILTER (WHERE a.portal_url IS NOT NULL) AS with_byline
         FROM job_articles ja JOIN articles a ON a.id = ja.article_id WHERE ja.job_uid = $1 AND ja.keyword <> ''`,
      [jobUid],
    );
    const n = r.rows[0]!;
    return {
      tasks: await this.tasks(jobUid),
      results: Number(n.results),
      withDate: Number(n.with_date),
      portal: Number(n.portal),
      withBody: Number(n.with_body),
      withSection: Number(n.with_section),
      withByline: Number(n.with_byline),
    };
  }

  private async commentFacts(jobUid: string): Promise<CommentFacts> {
    return { tasks: await this.tasks(jobUid) };
  }
}
