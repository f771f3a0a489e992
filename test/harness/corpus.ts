// The pinned test corpus (test/corpus.env) and how suites pick their inputs from it: by stated criteria
// over the whole corpus (the portal's /__truth/keyword-days and /__truth/articles), failing with a
// message that names the criteria when nothing fits.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { fromRoot } from '../../lib/paths.js';
import type { KeywordDay } from '../portal/keyword-days.js';

export type { KeywordDay };

export interface TestCorpus {
  PORTAL_SEED: string;
  PORTAL_ANCHOR_DATE: string;
  PORTAL_NOW: string;
}

let pinned: TestCorpus | undefined;

/** The portal variables of the pinned test corpus. */
export function testCorpus(): TestCorpus {
  if (pinned) return pinned;
  const file = fromRoot('test', 'corpus.env');
  const env = parseEnv(readFileSync(file, 'utf8'));
  for (const name of ['PORTAL_SEED', 'PORTAL_ANCHOR_DATE', 'PORTAL_NOW'] as const) {
    if (!env[name]) throw new Error(`test/corpus.env does not set ${name}`);
  }
  pinned = env as unknown as TestCorpus;
  return pinned;
}

/** The pinned corpus's frozen clock: what the suites' workers read relative dates against. */
export const collectionTimeEnv = (): { WORKER_COLLECTION_TIME: string } => ({ WORKER_COLLECTION_TIME: testCorpus().PORTAL_NOW });

export interface DayCriteria {
  query?: string;
  from?: string;
  to?: string;
  min_articles?: number;
  max_articles?: number;
  min_portal_articles?: number;
  max_portal_articles?: number;
  min_comments?: number;
  max_comments?: number;
  min_replies?: number;
  min_deleted?: number;
  dates?: 'relative' | 'absolute' | 'mixed';
}

export interface ArticleCriteria {
  query?: string;
  from?: string;
  to?: string;
  min_comments?: number;
  max_comments?: number;
  min_top_level?: number;
  min_replies?: number;
  min_deleted?: number;
  limit?: number;
}

export interface PickedArticle {
  key: string;
  oid: string;
  aid: string;
  portal_link: string;
  title: string;
  date: string;
  published_at: string;
  keywords: string[];
  comment_count: number;
  top_level: number;
  replies: number;
  deleted: number;
}

type Truth = <T>(path: string) => Promise<T>;

const describe = (criteria: object): string =>
  Object.entries(criteria)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ') || 'no criteria';

const query = (criteria: object, extra: Record<string, string> = {}): string =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(criteria).map(([k, v]) => [k, String(v)])), ...extra }).toString();

/** The keyword-days meeting every criterion (latest first); throws naming the criteria when fewer than `atLeast` do. */
export async function pickDays(truth: Truth, criteria: DayCriteria, atLeast = 1): Promise<KeywordDay[]> {
  const r = await truth<{ count: number; days: KeywordDay[] }>(`keyword-days?${query(criteria)}`);
  if (r.days.length < atLeast) {
    throw new Error(
      `the test corpus has ${r.days.length} keyword-day(s) with ${describe(criteria)}; the suite needs ${atLeast} (test/corpus.env pins the corpus)`,
    );
  }
  return r.days;
}

/** Portal articles meeting every criterion (latest first); throws naming the criteria when fewer than `atLeast` do. */
export async function pickArticles(truth: Truth, criteria: ArticleCriteria, atLeast = 1, skin?: string): Promise<PickedArticle[]> {
  const r = await truth<{ count: number; articles: PickedArticle[] }>(`articles?${query(criteria, skin ? { skin } : {})}`);
  if (r.articles.length < atLeast) {
    throw new Error(
      `the test corpus has ${r.count} article(s) with ${describe(criteria)}; the suite needs ${atLeast} (test/corpus.env pins the corpus)`,
    );
  }
  return r.articles;
}

/** The day `days` before a KST instant such as the portal's `now`, as YYYY-MM-DD. */
export function daysBefore(instant: string, days: number): string {
  return new Date(Date.parse(instant) + 9 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
}
