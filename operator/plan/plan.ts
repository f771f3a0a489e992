// Planning: a CollectionJob into tasks with deterministic ids, so planning again creates nothing new.
//   Metadata (search and api): one task per (keyword x day) of the date range. The api method is
//     sharded the same way: the search API has no date filter and stops at 1,000 results per query, so
//     one query per keyword and day (results sorted by date, paging stops before the day) is what
//     reaches everything; a task message also carries exactly one day.
//   Comments: one task per article, keyed by the article's identity on its site (the stored identity,
//     or what the NewsSource's articleIdPattern reads from the URL, else the canonical URL), so the
//     same article found by two keywords, or listed twice in any URL form, is one task.
// The task id is UUIDv5(name = shard key, namespace = job uid).
import { v5 as uuidv5 } from 'uuid';
import type { CommentsShard, TaskShard } from '../../lib/amqp/messages.js';
import type { CollectionJobSpec } from '../../lib/crd/types.gen.js';
import { JOB_DEFAULTS } from '../../lib/crd/defaults.js';
import { urlIdentity, type IdentityRules } from '../../lib/sources/identity.js';

export type PlannedTask = TaskShard & {
  id: string;
  shardKey: string;
};

/** An article whose comments are wanted. */
export interface ArticleRef {
  url: string;
  articleId?: number;
  /** The identity the article is stored under (stored articles). */
  identity?: string;
}

export const taskId = (jobUid: string, shardKey: string): string => uuidv5(shardKey, jobUid);

/** The calendar days from..to inclusive (YYYY-MM-DD strings, no time zone arithmetic involved). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function planMetadata(jobUid: string, spec: CollectionJobSpec): PlannedTask[] {
  if (spec.type !== 'Metadata' || !spec.dateRange || !spec.keywords) return [];
  const method = spec.method ?? JOB_DEFAULTS.method;
  const keywords = [...new Set(spec.keywords)];
  const out: PlannedTask[] = [];
  for (const day of daysOf(spec.dateRange.from, spec.dateRange.to)) {
    for (const keyword of keywords) {
      const shardKey = `metadata/${day}/${keyword}`;
      out.push({ id: taskId(jobUid, shardKey), kind: 'metadata', shardKey, shard: { keyword, day, method } });
    }
  }
  return out;
}

/**
 * The identity of an article for task keys: the identity it is stored under when it is stored, else
 * what the source's profile reads from its URL (lib/sources/identity.ts, the worker's own rule), else
 * the canonical URL (no profile, or a URL of no article: the worker will say so).
 */
export function articleKey(a: ArticleRef, rules: IdentityRules | null): string {
  return a.identity ?? urlIdentity(a.url, rules);
}

export function planComments(jobUid: string, articles: ArticleRef[], rules: IdentityRules | null): PlannedTask[] {
  const seen = new Set<string>();
  const out: PlannedTask[] = [];
  for (const a of articles) {
    const shardKey = `comments/${articleKey(a, rules)}`;
    if (seen.has(shardKey)) continue;
    seen.add(shardKey);
    const shard: CommentsShard = a.articleId !== undefined ? { url: a.url, articleId: a.articleId } : { url: a.url };
    out.push({ id: taskId(jobUid, shardKey), kind: 'comments', shardKey, shard });
  }
  return out;
}

/** Comments jobs with `urls` are planned from the spec alone. */
export function planCommentUrls(jobUid: string, spec: CollectionJobSpec, rules: IdentityRules | null): PlannedTask[] {
  return planComments(
    jobUid,
    (spec.articles?.urls ?? []).map((url) => ({ url })),
    rules,
  );
}

/** Where a Comments job's articles come from, or why it cannot be planned. */
export type CommentsSource = { kind: 'urls' } | { kind: 'fromJob'; name: string } | { kind: 'query' } | { kind: 'none' };

export function commentsSource(spec: CollectionJobSpec): CommentsSource {
  const a = spec.articles;
  if (a?.urls?.length) return { kind: 'urls' };
  if (a?.fromJob) return { kind: 'fromJob', name: a.fromJob };
  if (a?.query) return { kind: 'query' };
  return { kind: 'none' };
}

/** Why a fromJob source cannot be used, in plain words (null: usable). */
export function sourceJobProblem(
  name: string,
  source: { spec: CollectionJobSpec; deleting: boolean } | undefined,
): { reason: string; message: string } | null {
  if (!source)
    return { reason: 'SourceJobNotFound', message: `articles.fromJob names ${name}, but there is no CollectionJob of that name in this namespace` };
  if (source.spec.type !== 'Metadata')
    return { reason: 'InvalidSourceJob', message: `articles.fromJob names ${name}, which is a ${source.spec.type} job; it must be a Metadata job` };
  if (source.deleting) return { reason: 'SourceJobNotFound', message: `articles.fromJob names ${name}, which is being deleted` };
  return null;
}
