// Per-article comment statistics as a portal shows them beside the comments: current comments,
// deleted by their author, removed by moderators, and the share of writers by gender and age group.
// Pure and deterministic: which deleted comments a moderator removed follows from the comment number,
// the shares from the corpus seed and the article.
import type { Corpus, Article } from './corpus.js';
import type { PortalComment } from './comments.js';
import { createRng, hashSeed } from './rng.js';

export const AGE_GROUPS = ['10', '20', '30', '40', '50', '60'] as const;

export interface CommentStats {
  current: number;
  deleted_by_author: number;
  deleted_by_moderator: number;
  /** Percent of writers, summing to 100 (0 and 0 when there is no comment). */
  male: number;
  female: number;
  /** Percent of writers per age group (10 = teens ... 60 = sixty and over), summing to 100. */
  ages: Record<(typeof AGE_GROUPS)[number], number>;
}

/** A deleted comment was removed by a moderator (rather than its author) for one in seven numbers. */
export const removedByModerator = (c: Pick<PortalComment, 'commentNo' | 'deleted'>): boolean => c.deleted && c.commentNo % 7 === 0;

export function commentStats(corpus: Corpus, article: Article, visible: readonly PortalComment[]): CommentStats {
  const byModerator = visible.filter(removedByModerator).length;
  const deleted = visible.filter((c) => c.deleted).length;
  const zeroAges = Object.fromEntries(AGE_GROUPS.map((g) => [g, 0])) as CommentStats['ages'];
  const base = { current: visible.length - deleted, deleted_by_author: deleted - byModerator, deleted_by_moderator: byModerator };
  if (visible.length === 0) return { ...base, male: 0, female: 0, ages: zeroAges };
  const rng = createRng(hashSeed('comment-stats', corpus.seed, article.key));
  const male = rng.int(45, 80);
  const weights = AGE_GROUPS.map((_g, i) => 1 + rng.int(0, 10) * (i === 0 || i === 5 ? 1 : 3));
  return { ...base, male, female: 100 - male, ages: toPercents(weights) };
}

/** Whole percentages summing to 100 (largest remainder). */
function toPercents(weights: number[]): CommentStats['ages'] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w * 100) / sum);
  const out = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = 100 - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) out[order[k]![1]]! += 1;
  return Object.fromEntries(AGE_GROUPS.map((g, i) => [g, out[i]!])) as CommentStats['ages'];
}
