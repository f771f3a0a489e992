// Comments of portal articles, generated per article on demand from the corpus seed.
// The full history is fixed by the seed; what a reader sees at a given moment is the part
// written before that moment (visibleComments), so recent articles keep gaining comments.
import type { Article, Corpus } from './corpus.js';
import { HOUR_MS, MINUTE_MS } from './kst.js';
import { createRng, hashSeed, type Rng } from './rng.js';
import { COMMENT_OPENERS, COMMENT_OPINIONS, REPLY_TEXTS } from './vocabulary.js';
import { josa } from './writer.js';

export interface PortalComment {
  commentNo: number;
  /** 0 for a top-level comment, else the commentNo of the comment it replies to. */
  parentCommentNo: number;
  replyLevel: 1 | 2;
  /** Empty when deleted. */
  contents: string;
  /** Masked nickname as shown (`abcd****`); empty when deleted. */
  userName: string;
  maskedUserId: string;
  regTime: number;
  modTime: number;
  sympathyCount: number;
  antipathyCount: number;
  deleted: boolean;
  /** Replies to this comment (deleted ones included); 0 for replies. */
  replyCount: number;
}

const MAX_ITEMS = 1999;
const NICK_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every comment and reply the article will ever have, in commentNo (= writing) order. */
export function generateComments(corpus: Corpus, article: Article): PortalComment[] {
  if (!article.portal || article.topLevelComments === 0) return [];
  const rng = createRng(hashSeed('comments', corpus.seed, article.key));
  const topics = article.topics;

  interface Draft {
    parent: Draft | null;
    regTime: number;
    modTime: number;
    deleted: boolean;
    contents: string;
    nick: string;
    up: number;
    down: number;
  }
  const drafts: Draft[] = [];
  const tops: Draft[] = [];
  for (let i = 0; i < article.topLevelComments; i++) {
    const regTime = article.publishedAt + MINUTE_MS + Math.floor(expDelay(rng, 6 * HOUR_MS, 7 * 24 * HOUR_MS));
    const d = makeDraft(rng, null, regTime, commentText(rng, topics));
    tops.push(d);
    drafts.push(d);
  }
  for (const top of tops) {
    if (drafts.length >= MAX_ITEMS) break;
    if (!rng.chance(0.13)) continue;
    const n = Math.min(rng.chance(0.12) ? rng.int(5, 20) : rng.int(1, 4), MAX_ITEMS - drafts.length);
    for (let i = 0; i < n; i++) {
      const regTime = top.regTime + 30_000 + Math.floor(expDelay(rng, 2 * HOUR_MS, 3 * 24 * HOUR_MS));
      const text = rng.chance(0.3) ? `@${top.nick.slice(0, 4)} ${rng.pick(REPLY_TEXTS)}` : rng.pick(REPLY_TEXTS);
      drafts.push(makeDraft(rng, top, regTime, text));
    }
  }

  const ordered = drafts.slice().sort((a, b) => a.regTime - b.regTime);
  const numbers = new Map<Draft, number>();
  const base = 3_000_000_000 + article.index * 2000;
  ordered.forEach((d, i) => numbers.set(d, base + i));
  const replyCounts = new Map<Draft, number>();
  for (const d of drafts) if (d.parent) replyCounts.set(d.parent, (replyCounts.get(d.parent) ?? 0) + 1);

  return ordered.map((d): PortalComment => ({
    commentNo: numbers.get(d) as number,
    parentCommentNo: d.parent ? (numbers.get(d.parent) as number) : 0,
    replyLevel: d.parent ? 2 : 1,
    contents: d.deleted ? '' : d.contents,
    userName: d.deleted ? '' : d.nick,
    maskedUserId: d.deleted ? '' : d.nick,
    regTime: d.regTime,
    modTime: d.modTime,
    sympathyCount: d.deleted ? 0 : d.up,
    antipathyCount: d.deleted ? 0 : d.down,
    deleted: d.deleted,
    replyCount: d.parent ? 0 : (replyCounts.get(d) ?? 0),
  }));

  function makeDraft(r: Rng, parent: Draft | null, regTime: number, contents: string): Draft {
    const modified = r.chance(0.05);
    return {
      parent,
      regTime,
      modTime: modified ? regTime + r.int(1, 120) * MINUTE_MS : regTime,
      deleted: r.chance(0.04),
      contents,
      nick: maskedNick(r),
      up: Math.floor(Math.exp(1 + 1.6 * r.normal()) * (parent ? 0.3 : 1)),
      down: Math.floor(Math.exp(0.2 + 1.3 * r.normal()) * (parent ? 0.3 : 1)),
    };
  }
}

/**
 * The comments written up to `now`, with reply counts as of `now`. With likesGrowthHours > 0 the likes
 * grow too (growingLikes), so a refresh of the same article finds new comments and changed counts.
 */
export function visibleComments(all: readonly PortalComment[], now: number, likesGrowthHours = 0): PortalComment[] {
  const visible = all.filter((c) => c.regTime <= now);
  const grown = likesGrowthHours > 0 ? visible.map((c) => growingLikes(c, now, likesGrowthHours)) : visible;
  if (visible.length === all.length) return grown.slice();
  const replies = new Map<number, number>();
  for (const c of grown) if (c.parentCommentNo !== 0) replies.set(c.parentCommentNo, (replies.get(c.parentCommentNo) ?? 0) + 1);
  return grown.map((c) => (c.parentCommentNo === 0 ? { ...c, replyCount: replies.get(c.commentNo) ?? 0 } : c));
}

/**
 * A deterministic growth of likes with the clock, for refresh tests: every third comment (commentNo
 * divisible by 3, not deleted) gains one like per `hours` since it was written. Which comments change
 * between two instants is a function of those instants alone, and the truth shows the same counts.
 */
export function growingLikes(c: PortalComment, now: number, hours: number): PortalComment {
  if (c.deleted || c.commentNo % 3 !== 0) return c;
  return { ...c, sympathyCount: c.sympathyCount + Math.floor((now - c.regTime) / (hours * HOUR_MS)) };
}

/** Caches generated comment histories per article. */
export class CommentStore {
  private readonly cache = new Map<string, PortalComment[]>();
  constructor(
    private readonly corpus: Corpus,
    private readonly likesGrowthHours = 0,
  ) {}

  all(article: Article): PortalComment[] {
    let list = this.cache.get(article.key);
    if (!list) {
      list = generateComments(this.corpus, article);
      this.cache.set(article.key, list);
    }
    return list;
  }

  visible(article: Article, now: number): PortalComment[] {
    return visibleComments(this.all(article), now, this.likesGrowthHours);
  }
}

export interface CommentCounts {
  /** Top-level comments and replies, deleted included: every item a collector sees. */
  total: number;
  comments: number;
  replies: number;
  deleted: number;
}

export function countComments(list: readonly PortalComment[]): CommentCounts {
  let comments = 0;
  let deleted = 0;
  for (const c of list) {
    if (c.parentCommentNo === 0) comments++;
    if (c.deleted) deleted++;
  }
  return { total: list.length, comments, replies: list.length - comments, deleted };
}

function maskedNick(rng: Rng): string {
  let head = NICK_CHARS.charAt(rng.int(0, 25));
  for (let i = 0; i < 3; i++) head += NICK_CHARS.charAt(rng.int(0, NICK_CHARS.length - 1));
  return `${head}****`;
}

function commentText(rng: Rng, topics: readonly string[]): string {
  const opinion = fill(rng.pick(COMMENT_OPINIONS), rng.pick(topics));
  const text = rng.chance(0.5) ? `${rng.pick(COMMENT_OPENERS)} ${opinion}` : opinion;
  return rng.chance(0.04) ? `${text}\n${fill(rng.pick(COMMENT_OPINIONS), rng.pick(topics))}` : text;
}

function fill(template: string, topic: string): string {
  return template.replace('{t}는', josa(topic, '은', '는')).replace('{t}', topic);
}

/** An exponential delay with the given mean, capped. */
function expDelay(rng: Rng, mean: number, cap: number): number {
  return Math.min(cap, -Math.log(1 - rng.next()) * mean);
}
