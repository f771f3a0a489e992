// The predecessor's REST contract, translated: its request bodies become CollectionJob specs, and
// rows of the `jobs` mirror become its status entries. Pure functions; the routes do the I/O.
import type { CollectionMethod } from '../../lib/crd/collectionjob.js';
import type { CollectionJobSpec } from '../../lib/crd/types.gen.js';
import { HIGHEST_PRIORITY, LOWEST_PRIORITY, effectivePriority as jobPriority } from '../../lib/priority.js';
import type { CommentsStartBody, MetadataStartBody } from '../schemas/collectors.js';
import type { COMPAT_STATUSES } from '../schemas/common.js';
import type { FieldProblem } from './problem.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';

/** The words the predecessor used for priorities, on the 1-9 scale of the queues. */
export const PRIORITY_WORDS = { high: 8, medium: 5, low: 2 } as const;

export type CompatStatus = (typeof COMPAT_STATUSES)[number];

export interface DepartmentInfo {
  name: string;
  /** Where its jobs are created: the first of its namespaces. */
  namespace: string;
  defaultPriority: number;
  maxPriority: number;
  paused: boolean;
}

/** A row of the jobs table, as the gateway selects it. */
export interface JobRow {
  uid: string;
  namespace: string;
  name: string;
  request_id: string | null;
  department: string | null;
  type: 'Metadata' | 'Comments';
  method: string | null;
  source: string;
  keywords: string[];
  priority: number | null;
  phase: string;
  suspended: boolean;
  tasks_total: number;
  tasks_pending: number;
  tasks_queued: number;
  tasks_running: number;
  tasks_succeeded: number;
  tasks_failed: number;
  tasks_cancelled: number;
  articles: number;
  comments: number;
  progress: number;
  message: string | null;
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
  is_test: boolean;
  created_at: Date;
  admitted_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  deleted_at: Date | null;
  /** The CollectionSchedule that created the job, if any. */
  schedule: string | null;
  /** The token name that submitted it (its annotation), null for a job applied with kubectl or mirrored before the column. */
  requested_by?: string | null;
}

/** A 1-9 priority from a number, a digit string or one of the words; null when it is none of them. */
export function parsePriority(v: unknown): number | null {
  const level = (n: number) => (Number.isInteger(n) && n >= LOWEST_PRIORITY && n <= HIGHEST_PRIORITY ? n : null);
  if (typeof v === 'number') return level(v);
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (/^\d$/.test(s)) return level(Number(s));
  return (PRIORITY_WORDS as Record<string, number>)[s] ?? null;
}

/** The priority a job will run at (lib/priority.ts), and the note to show when the request asked for more than allowed. */
export function effectivePriority(requested: number | null, dept: DepartmentInfo): { priority: number; capped: boolean; note?: string } {
  const { priority, wanted, capped } = jobPriority(requested, dept);
  if (!capped) return { priority, capped };
  return { priority, capped, note: `priority ${wanted} is above the ${dept.name} department's maximum; the job runs at ${priority}` };
}

/** The deterministic job name of a request: the type's prefix and the first 12 hex digits of its id. */
export function jobNameFor(type: 'Metadata' | 'Comments', requestId: string): string {
  return `${type === 'Metadata' ? 'meta' : 'cmts'}-${requestId.replace(/-/g, '').slice(0, 12).toLowerCase()}`;
}

/** Where each spec field came from in the predecessor's body, so errors name the field the caller sent. */
const FIELD_NAMES: [RegExp, string][] = [
  [/^spec\.keywords(\.\d+)?$/, 'keyword'],
  [/^spec\.dateRange\.from$/, 'start_date'],
  [/^spec\.dateRange\.to$/, 'end_date'],
  [/^spec\.dateRange$/, 'end_date'],
  [/^spec\.articles\.query\.dateRange\.from$/, 'start_date'],
  [/^spec\.articles\.query\.dateRange\.to$/, 'end_date'],
  [/^spec\.articles\.query\.dateRange$/, 'end_date'],
  [/^spec\.articles\.query\.keywords(\.\d+)?$/, 'keyword'],
  [/^spec\.articles\.urls(\.\d+)?$/, 'article_urls'],
  [/^spec\.maxArticles$/, 'max_articles'],
  [/^spec\.articles\.query\.limit$/, 'max_articles'],
  [/^spec\.requestDelay(\.\w+)?$/, 'min_delay'],
  [/^spec\.batchSize$/, 'batch_size'],
  [/^spec\.priority$/, 'priority'],
];

export function compatField(specField: string): string {
  for (const [re, name] of FIELD_NAMES) if (re.test(specField)) return name;
  return specField;
}

function keywordList(body: { keyword?: string; keywords?: string[] }, errors: FieldProblem[], required: boolean): string[] | undefined {
  if (body.keyword !== undefined && body.keywords !== undefined) {
    errors.push({ field: 'keyword', message: 'give keyword or keywords, not both', code: 'exclusive' });
    return undefined;
  }
  const raw = body.keywords ?? (body.keyword !== undefined ? [body.keyword] : undefined);
  if (raw === undefined) {
    if (required) errors.push({ field: 'keyword', message: 'is required (keyword or keywords)', code: 'required' });
    return undefined;
  }
  const list = raw.map((k) => k.trim());
  list.forEach((k, i) => {
    if (!k) errors.push({ field: body.keywords ? `keywords.${i}` : 'keyword', message: 'must not be empty', code: 'empty' });
  });
  if (new Set(list).size !== list.length) errors.push({ field: 'keywords', message: 'must not repeat a keyword', code: 'repeated' });
  return list;
}

/** The predecessor's delays are seconds (fractions allowed); the spec's requestDelay is milliseconds. */
function requestDelay(body: { min_delay?: number; max_delay?: number }): CollectionJobSpec['requestDelay'] | undefined {
  if (body.min_delay === undefined && body.max_delay === undefined) return undefined;
  const minMs = Math.round((body.min_delay ?? 0) * 1000);
  const maxMs = Math.round((body.max_delay ?? body.min_delay ?? 0) * 1000);
  return { minMs, maxMs };
}

function common(
  body: { batch_size?: number; is_test?: boolean; parallelism?: number; min_delay?: number; max_delay?: number; title?: string; note?: string },
  spec: CollectionJobSpec,
): void {
  if (body.title?.trim()) spec.title = body.title.trim();
  if (body.note?.trim()) spec.note = body.note.trim();
  const delay = requestDelay(body);
  if (delay) spec.requestDelay = delay;
  if (body.batch_size !== undefined) spec.batchSize = body.batch_size;
  if (body.is_test !== undefined) spec.isTest = body.is_test;
  if (body.parallelism !== undefined) spec.parallelism = body.parallelism;
}

/** The spec of a metadata request (priority is set by the caller after capping), or the field errors. */
export function metadataSpec(body: MetadataStartBody): { spec: CollectionJobSpec; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const spec: CollectionJobSpec = { type: 'Metadata', method: (body.method ?? JOB_DEFAULTS.method).toLowerCase() as CollectionMethod };
  const keywords = keywordList(body, errors, true);
  if (keywords) spec.keywords = keywords;
  spec.dateRange = { from: body.start_date, to: body.end_date };
  if (body.max_articles !== undefined) spec.maxArticles = body.max_articles;
  if (body.include_comments !== undefined) spec.includeComments = body.include_comments;
  common(body, spec);
  return { spec, errors };
}

/** The spec of a comments request; `fromJobName` resolves a metadata request id to its job's name. */
export function commentsSpec(
  body: CommentsStartBody,
  fromJobName: (requestId: string) => string,
): { spec: CollectionJobSpec; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const spec: CollectionJobSpec = { type: 'Comments' };
  const byQuery =
    body.keyword !== undefined ||
    body.keywords !== undefined ||
    body.start_date !== undefined ||
    body.end_date !== undefined ||
    body.publishers !== undefined;
  const ways = [body.article_urls !== undefined, body.request_id !== undefined, byQuery].filter(Boolean).length;
  if (ways !== 1) {
    errors.push({
      field: 'article_urls',
      message: 'give exactly one of article_urls, request_id (of a metadata request), or keyword with start_date and end_date',
      code: 'exclusive',
    });
    return { spec, errors };
  }
  if (body.shared !== undefined && !byQuery) errors.push({ field: 'shared', message: 'applies only to a keyword query' });
  if (body.article_urls) {
    const urls = body.article_urls.map((u) => u.trim());
    urls.forEach((u, i) => {
      let ok = false;
      try {
        const parsed = new URL(u);
        ok = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
      } catch {
        ok = false;
      }
      if (!ok) errors.push({ field: `article_urls.${i}`, message: 'must be an http or https URL', code: 'not-a-url' });
    });
    spec.articles = { urls };
    if (body.max_articles !== undefined) errors.push({ field: 'max_articles', message: 'applies only to a keyword query', code: 'not-applicable' });
  } else if (body.request_id) {
    spec.articles = { fromJob: fromJobName(body.request_id) };
  } else {
    const keywords = keywordList(body, errors, false);
    if (body.start_date === undefined) errors.push({ field: 'start_date', message: 'is required with a keyword query', code: 'required' });
    if (body.end_date === undefined) errors.push({ field: 'end_date', message: 'is required with a keyword query', code: 'required' });
    const query: NonNullable<NonNullable<CollectionJobSpec['articles']>['query']> = {};
    if (keywords) query.keywords = keywords;
    if (body.start_date !== undefined && body.end_date !== undefined) query.dateRange = { from: body.start_date, to: body.end_date };
    if (body.publishers) query.publishers = body.publishers;
    if (body.max_articles !== undefined) query.limit = body.max_articles;
    if (body.shared) query.shared = true;
    spec.articles = { query };
  }
  common(body, spec);
  return { spec, errors };
}

/**
 * The predecessor's status of a job, from the mirror's phase and counts:
 * deleted -> CANCELLED; Complete -> COMPLETED; Failed -> FAILED; suspended -> SUSPENDED;
 * Running, or Admitted with a task running -> IN_PROGRESS; Admitted -> QUEUED; otherwise PENDING.
 */
export function compatStatus(row: Pick<JobRow, 'phase' | 'suspended' | 'deleted_at' | 'tasks_running'>): CompatStatus {
  if (row.deleted_at) return 'CANCELLED';
  if (row.phase === 'Complete') return 'COMPLETED';
  if (row.phase === 'Failed') return 'FAILED';
  if (row.phase === 'Suspended' || row.suspended) return 'SUSPENDED';
  if (row.phase === 'Running' || (row.phase === 'Admitted' && row.tasks_running > 0)) return 'IN_PROGRESS';
  if (row.phase === 'Admitted') return 'QUEUED';
  return 'PENDING';
}

/** A status entry as the predecessor answered it, plus the job's name for the resource-style API. */
/** What tells jobs apart in a list: the name and note given at submission, who asked, the days, what is collected. */
export function descriptionOf(row: Pick<JobRow, 'spec' | 'requested_by'>) {
  const spec = row.spec as unknown as Partial<CollectionJobSpec>;
  const range = spec.dateRange ?? spec.articles?.query?.dateRange ?? null;
  return {
    title: spec.title ?? null,
    note: spec.note ?? null,
    requested_by: row.requested_by ?? null,
    date_range: range ? { from: range.from, to: range.to } : null,
    include_comments: spec.includeComments === true,
  };
}

export function statusEntry(row: JobRow) {
  const status = compatStatus(row);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.request_id ?? row.name,
    request_id: row.request_id,
    name: row.name,
    namespace: row.namespace,
    type: row.type === 'Metadata' ? 'metadata' : 'comments',
    status,
    phase: row.phase,
    keyword: row.keywords.join(', '),
    keywords: row.keywords,
    method: row.method,
    department: row.department,
    priority: row.priority,
    progress: `${row.progress}%`,
    progress_percent: row.progress,
    total_collected: row.type === 'Metadata' ? row.articles : row.comments,
    articles: row.articles,
    comments: row.comments,
    comments_new: typeof row.status['commentsNew'] === 'number' ? row.status['commentsNew'] : null,
    comments_changed: typeof row.status['commentsChanged'] === 'number' ? row.status['commentsChanged'] : null,
    schedule: row.schedule,
    tasks: {
      total: row.tasks_total,
      pending: row.tasks_pending,
      queued: row.tasks_queued,
      running: row.tasks_running,
      succeeded: row.tasks_succeeded,
      failed: row.tasks_failed,
      cancelled: row.tasks_cancelled,
    },
    is_test: row.is_test,
    queued_at: iso(row.created_at),
    created_at: iso(row.created_at),
    admitted_at: iso(row.admitted_at),
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
    message: row.message,
    error_message: status === 'FAILED' ? row.message : null,
    ...dataCompleteOf(row.status),
    ...descriptionOf(row),
  };
}

/**
 * Whether a finished job stored everything the sites showed (its DataComplete condition): null while
 * it runs; false with what is missing ("6 of 93 search results could not be read"), so a COMPLETED job
 * with a shortfall never reads as a plain success.
 */
export function dataCompleteOf(status: Record<string, unknown>): { data_complete: boolean | null; data_shortfall: string | null } {
  const list = Array.isArray(status['conditions']) ? (status['conditions'] as { type?: unknown; status?: unknown; message?: unknown }[]) : [];
  const c = list.find((x) => x.type === 'DataComplete');
  if (!c) return { data_complete: null, data_shortfall: null };
  const complete = c.status === 'True';
  return { data_complete: complete, data_shortfall: complete ? null : typeof c.message === 'string' ? c.message : 'not everything shown was stored' };
}

export type StatusEntry = ReturnType<typeof statusEntry>;
