// The probe of a NewsSource (spec.probe): when it runs, and what its results say. Pure: the operator's
// probe controller (operator/controllers/newssource-probe.ts) observes the NewsSource, the probe's
// CollectionJobs and what they stored, calls these, and writes what they return (decision 0029).
import type { NewsSourceStatus } from '../crd/types.gen.js';
import type { TaskErrorCode, TaskErrorPage } from '../task-errors.js';
import type { ProfileProblem } from './check.js';
import type { Profile } from './profile.js';

/** spec.probe with its defaults (from the resolved profile; articleUrl '' when not set). */
export type ProbeSpec = Profile['probe'];
export type ProbeRun = NonNullable<NewsSourceStatus['probe']>;

/** The condition types the probe writes, in the order `kubectl get nsrc` shows them. */
export const PROBE_CONDITIONS = ['ProfileValid', 'SearchReady', 'ArticleReady', 'CommentsReady'] as const;
export type ProbeConditionType = (typeof PROBE_CONDITIONS)[number];

export interface ProbeCondition {
  type: ProbeConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** A run that has not finished after this long is concluded as timed out (its jobs are left to finish). */
export const DEFAULT_RUN_TIMEOUT_MS = 30 * 60_000;
/** While a run is under way its jobs are looked at again after this long even without a watch event. */
const RECHECK_MS = 15_000;

export type ProbeDecision =
  | { action: 'none' }
  | { action: 'hold'; why: string }
  | { action: 'start'; run: number; reason: string }
  | { action: 'observe'; recheckMs: number }
  | { action: 'conclude'; timedOut: boolean }
  | { action: 'wait'; ms: number };

export interface ProbeInput {
  spec: ProbeSpec | undefined;
  /** metadata.generation of the NewsSource. */
  generation: number;
  /** status.probe: the last run. */
  last: ProbeRun | undefined;
  /** The profile passes the structural checks (lib/sources/check.ts). */
  valid: boolean;
  /** Every CollectionJob of the last run has finished (Complete or Failed); false while any runs or is missing. */
  jobsFinished: boolean;
  now: Date;
  runTimeoutMs?: number;
}

/**
 * When to probe: a first run, a new run when the profile changed (also during a run: its results would
 * describe the old profile), one when the period since the last results passed; while a run is under way,
 * look at its jobs until they finish or the run times out. A profile that fails the structural checks is
 * not probed: ProfileValid says what is wrong, and the jobs would only fail with the same words.
 */
export function decideProbe(i: ProbeInput): ProbeDecision {
  if (!i.spec) return { action: 'none' };
  if (!i.valid) return { action: 'hold', why: 'the profile fails its structural checks (see ProfileValid)' };
  const last = i.last;
  const run = (last?.run ?? 0) + 1;
  if (!last?.run || !last.startTime) return { action: 'start', run, reason: `first probe of generation ${i.generation}` };
  if (last.generation !== i.generation)
    return { action: 'start', run, reason: `the profile changed (generation ${last.generation ?? '?'} -> ${i.generation})` };
  const now = i.now.getTime();
  if (!last.completionTime) {
    if (i.jobsFinished) return { action: 'conclude', timedOut: false };
    const left = Date.parse(last.startTime) + (i.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS) - now;
    if (left <= 0) return { action: 'conclude', timedOut: true };
    return { action: 'observe', recheckMs: Math.min(RECHECK_MS, left) };
  }
  const due = Date.parse(last.completionTime) + i.spec.periodMinutes * 60_000 - now;
  if (due <= 0) return { action: 'start', run, reason: `${i.spec.periodMinutes} minutes passed since the last probe` };
  return { action: 'wait', ms: due };
}

/** One task of a probe job, as the tasks table has it. */
export interface ProbeTask {
  state: string;
  lastError: string | null;
  /** What went wrong and where (tasks.error_code, tasks.error_page; lib/task-errors.ts). */
  errorCode: TaskErrorCode | null;
  errorPage: TaskErrorPage | null;
  articles: number;
  comments: number;
  commentsShown: number | null;
}

/** What a probe's Metadata job stored: its results and what the article pages gave. */
export interface SearchFacts {
  tasks: ProbeTask[];
  results: number;
  withDate: number;
  /** Results that link to the site's own article page (visited when article.visit). */
  portal: number;
  withBody: number;
  withSection: number;
  withByline: number;
}

export interface CommentFacts {
  tasks: ProbeTask[];
}

const failedTask = (tasks: ProbeTask[]) => tasks.find((t) => t.state === 'failed' || t.state === 'cancelled');
const allSucceeded = (tasks: ProbeTask[]) => tasks.length > 0 && tasks.every((t) => t.state === 'succeeded');
const q = (s: string) => JSON.stringify(s);
/** The search task stopped at one of the article pages it visits, not at the search page. */
const atArticle = (t: ProbeTask) => t.errorPage === 'article-page';

export function profileValidCondition(problems: ProfileProblem[]): ProbeCondition {
  if (!problems.length) return { type: 'ProfileValid', status: 'True', reason: 'ChecksPassed', message: 'the profile passes the structural checks' };
  return { type: 'ProfileValid', status: 'False', reason: 'InvalidProfile', message: problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
}

/**
 * The conditions of a finished (or timed-out) run. Each says what was read, and a False one what was
 * missing with the field and selector to look at; Unknown when this run could not tell.
 */
export function probeConditions(
  p: Profile,
  spec: ProbeSpec,
  search: SearchFacts | null,
  comments: CommentFacts | null,
  timedOut: boolean,
): ProbeCondition[] {
  return [searchCondition(p, spec, search, timedOut), articleCondition(p, search, timedOut), commentsCondition(p, spec, comments, timedOut)];
}

function searchCondition(p: Profile, spec: ProbeSpec, f: SearchFacts | null, timedOut: boolean): ProbeCondition {
  const c = (status: ProbeCondition['status'], reason: string, message: string): ProbeCondition => ({ type: 'SearchReady', status, reason, message });
  if (!f) return c('Unknown', 'NoJob', "the probe's search job was not found");
  const failed = failedTask(f.tasks);
  if (failed) {
    const why = failed.lastError ?? `the task was ${failed.state}`;
    if (atArticle(failed)) return c('Unknown', 'StoppedAtArticle', `the search task stopped at an article page (see ArticleReady): ${why}`);
    return c('False', 'SearchFailed', `search "${spec.keyword}" on ${spec.day} failed: ${why}`);
  }
  if (!allSucceeded(f.tasks))
    return c('Unknown', timedOut ? 'TimedOut' : 'NotFinished', `the search task did not finish${timedOut ? ' in time' : ''}`);
  const s = p.search.selectors;
  if (f.results === 0)
    return c(
      'False',
      'NoResults',
      `0 results for "${spec.keyword}" on ${spec.day} (search.selectors.item ${q(s.item)}): choose a keyword and day with results, or check the selector`,
    );
  const dates = `${f.results} results, ${f.withDate} with dates`;
  if (f.withDate < f.results)
    return c('False', 'MissingDates', `${dates} (search.selectors.date ${q(s.date)}${s.dateAttribute ? `, attribute ${s.dateAttribute}` : ''})`);
  return c('True', 'ResultsRead', dates);
}

function articleCondition(p: Profile, f: SearchFacts | null, timedOut: boolean): ProbeCondition {
  const c = (status: ProbeCondition['status'], reason: string, message: string): ProbeCondition => ({
    type: 'ArticleReady',
    status,
    reason,
    message,
  });
  if (!f) return c('Unknown', 'NoJob', "the probe's search job was not found");
  if (!p.article.visit) return c('Unknown', 'NotVisited', 'article.visit is false: article pages are not read');
  const failed = failedTask(f.tasks);
  if (failed) {
    const why = failed.lastError ?? `the task was ${failed.state}`;
    if (atArticle(failed)) return c('False', 'ArticleFailed', why);
    return c('Unknown', 'SearchFailed', 'the search failed before any article page was read (see SearchReady)');
  }
  if (!allSucceeded(f.tasks))
    return c('Unknown', timedOut ? 'TimedOut' : 'NotFinished', `the search task did not finish${timedOut ? ' in time' : ''}`);
  if (f.portal === 0) {
    return c(
      'Unknown',
      'NoArticlePages',
      `none of the ${f.results} results links to the site's own article page (search.selectors.portalLink ${q(p.search.selectors.portalLink)})`,
    );
  }
  const sel = p.article.selectors;
  const fields: [string, string, number][] = [
    ['body', sel.body, f.withBody],
    ['section', sel.section, f.withSection],
    ['byline', sel.byline, f.withByline],
  ];
  const read = fields.filter(([, selector]) => selector);
  const message = [`${f.portal} article pages`, ...read.map(([name, , n]) => `${n} with ${name}`)].join(', ');
  const short = read.filter(([, , n]) => n < f.portal);
  if (short.length)
    return c('False', 'MissingFields', `${message} (${short.map(([name, selector]) => `article.selectors.${name} ${q(selector)}`).join(', ')})`);
  return c('True', 'ArticlesRead', message);
}

function commentsCondition(p: Profile, spec: ProbeSpec, f: CommentFacts | null, timedOut: boolean): ProbeCondition {
  const c = (status: ProbeCondition['status'], reason: string, message: string): ProbeCondition => ({
    type: 'CommentsReady',
    status,
    reason,
    message,
  });
  if (!spec.articleUrl) return c('Unknown', 'NotProbed', 'spec.probe.articleUrl is not set');
  if (!f) return c('Unknown', 'NoJob', "the probe's comments job was not found");
  const failed = failedTask(f.tasks);
  if (failed) return c('False', 'CommentsFailed', `comments of ${spec.articleUrl}: ${failed.lastError ?? `the task was ${failed.state}`}`);
  if (!allSucceeded(f.tasks))
    return c('Unknown', timedOut ? 'TimedOut' : 'NotFinished', `the comments task did not finish${timedOut ? ' in time' : ''}`);
  const stored = f.tasks.reduce((n, t) => n + t.comments, 0);
  const shownTasks = f.tasks.filter((t) => t.commentsShown !== null);
  const shown = shownTasks.length ? shownTasks.reduce((n, t) => n + t.commentsShown!, 0) : null;
  const where =
    p.comments.strategy === 'api' ? `comments.api.items ${q(p.comments.api.items)}` : `comments.selectors.item ${q(p.comments.selectors.item)}`;
  if (stored === 0)
    return c(
      'False',
      'NoComments',
      `0 comments${shown !== null ? ` of ${shown} shown` : ''} (${where}): choose an article with comments, or check the profile`,
    );
  if (shown === null) return c('True', 'CommentsRead', `${stored} comments (the site shows no count)`);
  if (stored < shown) return c('False', 'CommentsShort', `${stored} comments of ${shown} shown (${where})`);
  return c('True', 'CommentsRead', `${stored} comments of ${shown} shown`);
}

/** One line for the Event: every condition's type and message. */
export function probeSummary(conditions: ProbeCondition[]): string {
  return conditions.map((c) => `${c.type} ${c.status}: ${c.message}`).join('; ');
}

/** A run failed when any condition is False (Unknown alone is not a failure, it is said in the message). */
export const probeFailed = (conditions: ProbeCondition[]): boolean => conditions.some((c) => c.status === 'False');
