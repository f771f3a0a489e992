// What both comment collectors share: which article a comments task is about.
import { commentsShard, type CommentsShard } from '../../lib/amqp/messages.js';
import { articleIdOf, type ArticleId } from '../../lib/sources/profile.js';
import { permanent } from '../errors.js';
import type { ArticleRecord } from '../parse/records.js';
import type { CollectContext } from './types.js';

export function commentTarget(ctx: CollectContext): { id: ArticleId; shard: CommentsShard } {
  const shard = commentsShard(ctx.task);
  const id = articleIdOf(shard.url, ctx.profile);
  if (!id)
    throw permanent(
      'not-an-article',
      `the URL ${shard.url} is not an article of ${ctx.profile.displayName} (it does not match the profile's articleIdPattern)`,
    );
  return { id, shard };
}

/**
 * The stored article's id (shard.articleId when the operator knows it). An article not stored yet gets a
 * row: from its article page when `readPage` is given (title, section, byline, time), else a minimal one
 * that a later metadata task completes.
 */
export async function articleIdFor(
  ctx: CollectContext,
  id: ArticleId,
  shard: CommentsShard,
  readPage?: (rec: ArticleRecord) => Promise<ArticleRecord>,
): Promise<number> {
  if (shard.articleId) return shard.articleId;
  let rec: ArticleRecord = {
    source: ctx.profile.name,
    identity: id.key,
    oid: id.oid,
    aid: id.aid,
    portalUrl: shard.url,
    originalUrl: null,
    title: '',
    description: null,
    publisher: null,
    publisherDomain: null,
    section: null,
    byline: null,
    publishedAt: null,
    publishedPrecision: null,
    isTest: ctx.task.options.isTest,
    raw: { via: 'comments' },
  };
  if (readPage && ctx.profile.article.visit && (ctx.profile.article.selectors.title || ctx.profile.pageFunctions.article)) {
    const known = await ctx.knownArticle(rec.source, rec.identity);
    if (known) return known;
    rec = await readPage(rec);
  }
  return ctx.articleFor(rec);
}
