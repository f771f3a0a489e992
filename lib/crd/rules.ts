// The CEL rules of the CRD schemas that concern one object (not transitions), written again as plain
// checks so callers can report them before a round trip. crd-rules.test.ts checks both agree.
import { MAX_RANGE_DAYS } from './collectionjob.js';
import { TIME_ZONES } from './collectionschedule.js';
import type { KindName } from './definitions.js';
import { CAPTURING_GROUP, groupMessage, OPEN_API_PLACEHOLDERS, regexMessage, SEARCH_API_PLACEHOLDERS, SEARCH_PLACEHOLDERS } from './newssource.js';
import type { CollectionJobSpec, CollectionScheduleSpec, CollectorPoolSpec, DepartmentSpec, NewsSourceSpec } from './types.gen.js';
import { DEFAULT_MAX_PRIORITY, DEFAULT_PRIORITY } from '../priority.js';

export interface RuleError {
  field: string;
  message: string;
  /** See FIELD_CODES in validate.ts; a rule without one reads as `invalid`. */
  code?: 'not-a-day' | 'range-reversed' | 'range-too-long' | 'delay-reversed' | 'shape';
  limit?: number;
}

const DAY_MS = 86_400_000;

/** True when s is a real calendar day written YYYY-MM-DD (2024-02-30 is not). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function dateRangeErrors(field: string, r: { from: string; to: string } | undefined): RuleError[] {
  if (!r) return [];
  const errors: RuleError[] = [];
  for (const k of ['from', 'to'] as const) {
    if (!isCalendarDay(r[k]))
      errors.push({ field: `${field}.${k}`, message: `"${r[k]}" is not a calendar day (expected YYYY-MM-DD)`, code: 'not-a-day' });
  }
  if (errors.length) return errors;
  if (r.from > r.to) errors.push({ field, message: 'dateRange.from must not be after dateRange.to', code: 'range-reversed' });
  else if ((Date.parse(r.to) - Date.parse(r.from)) / DAY_MS >= MAX_RANGE_DAYS)
    errors.push({ field, message: `dateRange may span at most ${MAX_RANGE_DAYS} days`, code: 'range-too-long', limit: MAX_RANGE_DAYS });
  return errors;
}

function collectionJob(spec: CollectionJobSpec): RuleError[] {
  const errors: RuleError[] = [];
  if (spec.type === 'Metadata' && !(spec.keywords && spec.dateRange && !spec.articles)) {
    errors.push({ field: '', message: 'a Metadata job needs keywords and a dateRange, and no articles', code: 'shape' });
  }
  if (spec.type === 'Comments' && !(spec.articles && !spec.keywords && !spec.dateRange)) {
    errors.push({
      field: '',
      message: 'a Comments job needs articles (one of urls, fromJob or query), and no keywords or dateRange of its own',
      code: 'shape',
    });
  }
  if (spec.articles) {
    const n = [spec.articles.urls, spec.articles.fromJob, spec.articles.query].filter((x) => x !== undefined).length;
    if (n !== 1) errors.push({ field: 'articles', message: 'articles must name exactly one of urls, fromJob or query', code: 'shape' });
  }
  errors.push(...dateRangeErrors('dateRange', spec.dateRange));
  errors.push(...dateRangeErrors('articles.query.dateRange', spec.articles?.query?.dateRange));
  if (spec.requestDelay && (spec.requestDelay.minMs ?? 0) > (spec.requestDelay.maxMs ?? 0)) {
    errors.push({ field: 'requestDelay', message: 'requestDelay.minMs must not exceed requestDelay.maxMs', code: 'delay-reversed' });
  }
  return errors;
}

function department(spec: DepartmentSpec): RuleError[] {
  if ((spec.defaultPriority ?? DEFAULT_PRIORITY) > (spec.maxPriority ?? DEFAULT_MAX_PRIORITY))
    return [{ field: '', message: 'defaultPriority must not exceed maxPriority' }];
  return [];
}

function collectorPool(spec: CollectorPoolSpec): RuleError[] {
  const errors: RuleError[] = [];
  for (const k of ['workers', 'seleniumNodes'] as const) {
    const d = spec[k];
    if (d && (d.minReplicas ?? 0) > (d.maxReplicas ?? 10)) errors.push({ field: k, message: 'minReplicas must not exceed maxReplicas' });
  }
  return errors;
}

const capturing = new RegExp(CAPTURING_GROUP);

/** The CEL rules of a pattern: it compiles (here with JavaScript's syntax; the apiserver's RE2 refuses lookbehind and backreferences too), and an id pattern has a group. */
function patternErrors(field: string, pattern: string | undefined, idPattern: boolean): RuleError[] {
  if (pattern === undefined) return [];
  try {
    new RegExp(pattern);
  } catch {
    return [{ field, message: regexMessage(field) }];
  }
  if (/\(\?<[=!]|\\[1-9]/.test(pattern)) return [{ field, message: regexMessage(field) }];
  return idPattern && !capturing.test(pattern) ? [{ field, message: groupMessage(field) }] : [];
}

function newsSource(spec: NewsSourceSpec): RuleError[] {
  const errors: RuleError[] = [];
  errors.push(...patternErrors('articleIdPattern', spec.articleIdPattern, true));
  for (const [i, p] of (spec.articleIdPatterns ?? []).entries())
    errors.push(...patternErrors(`articleIdPatterns[${i}]`, p, true).map((e) => ({ ...e, message: groupOrRegex(e.message) })));
  errors.push(...patternErrors('dates.absolutePattern', spec.dates?.absolutePattern, false));
  const unknown = (t: string | undefined, known: string[]) => (t ?? '').match(/\{[^}]*\}/g)?.some((p) => !known.includes(p.slice(1, -1))) ?? false;
  if (unknown(spec.urlTemplates?.search, SEARCH_PLACEHOLDERS)) {
    errors.push({
      field: 'urlTemplates.search',
      message: `urlTemplates.search has a placeholder that is not known; known: ${SEARCH_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`,
    });
  }
  if (unknown(spec.urlTemplates?.openApi, OPEN_API_PLACEHOLDERS)) {
    errors.push({
      field: 'urlTemplates.openApi',
      message: `urlTemplates.openApi has a placeholder that is not known; known: ${OPEN_API_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`,
    });
  }
  if (unknown(spec.urlTemplates?.searchApi, SEARCH_API_PLACEHOLDERS)) {
    errors.push({
      field: 'urlTemplates.searchApi',
      message: `urlTemplates.searchApi has a placeholder that is not known; known: ${SEARCH_API_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`,
    });
  }
  if (spec.comments?.strategy === 'api' && !spec.urlTemplates?.commentApi)
    errors.push({ field: 'urlTemplates.commentApi', message: 'comments.strategy api needs urlTemplates.commentApi' });
  return errors;
}

// The apiserver names the list item by its index; the message is the rule's, written for "articleIdPatterns[]".
const groupOrRegex = (m: string) => m.replace(/^articleIdPatterns\[\d+\]/, 'articleIdPatterns[]');

function collectionSchedule(spec: CollectionScheduleSpec): RuleError[] {
  const errors: RuleError[] = [];
  if (spec.timeZone !== undefined && !TIME_ZONES.includes(spec.timeZone))
    errors.push({ field: 'timeZone', message: 'timeZone must be an IANA time zone name such as Asia/Seoul or UTC' });
  const t = spec.jobTemplate?.spec;
  if (!t) return errors;
  const f = 'jobTemplate.spec';
  const since = t.sinceLastRun === true;
  if (t.dateRange) errors.push({ field: f, message: 'a schedule takes a rolling window (window or sinceLastRun), not fixed dates in dateRange' });
  if (t.window && since) errors.push({ field: f, message: 'window and sinceLastRun exclude each other' });
  if (t.type === 'Metadata' && !(t.keywords && (t.window || since) && !t.articles)) {
    errors.push({ field: f, message: 'a Metadata template needs keywords and a window (window or sinceLastRun: true), and no articles' });
  }
  if (t.type === 'Comments' && !(t.articles && !t.keywords && !t.window && t.sinceLastRun === undefined)) {
    errors.push({
      field: f,
      message:
        'a Comments template needs articles (one of urls, fromJob or query, whose window is articles.query.window), and no keywords, window or sinceLastRun',
    });
  }
  if (t.articles) {
    const n = [t.articles.urls, t.articles.fromJob, t.articles.query].filter((x) => x !== undefined).length;
    if (n !== 1) errors.push({ field: `${f}.articles`, message: 'articles must name exactly one of urls, fromJob or query' });
    if (t.articles.query?.dateRange)
      errors.push({ field: `${f}.articles.query`, message: 'a schedule takes articles.query.window, not fixed dates in articles.query.dateRange' });
  }
  if (t.requestDelay && (t.requestDelay.minMs ?? 0) > (t.requestDelay.maxMs ?? 0)) {
    errors.push({ field: `${f}.requestDelay`, message: 'requestDelay.minMs must not exceed requestDelay.maxMs' });
  }
  return errors;
}

export function celRules(kind: KindName, spec: Record<string, unknown>): RuleError[] {
  if (kind === 'NewsSource') return newsSource(spec as unknown as NewsSourceSpec);
  if (kind === 'CollectionJob') return collectionJob(spec as unknown as CollectionJobSpec);
  if (kind === 'Department') return department(spec as unknown as DepartmentSpec);
  if (kind === 'CollectorPool') return collectorPool(spec);
  if (kind === 'CollectionSchedule') return collectionSchedule(spec as unknown as CollectionScheduleSpec);
  return [];
}
