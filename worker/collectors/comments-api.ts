// Comments through a comment JSON API (no browser): plain HTTP with the article page as Referer. How it
// pages (page number, offset, or a cursor read from the answer) and where each field is come from the
// profile (comments.api); replies come in the same list or are asked for per comment. Each page is
// stored as it arrives. At the end, what was stored is compared with the count the API gives.
import { fillTemplate } from '../../lib/sources/profile.js';
import { httpStatusError, permanent, retryable } from '../errors.js';
import { commentApiStats, parseCommentApiPage, type CommentApiPage } from '../parse/comments.js';
import type { CommentRecord } from '../parse/records.js';
import { articleIdFor, commentTarget } from './comments-common.js';
import { httpGet } from './http.js';
import type { CollectContext, Collector } from './types.js';

export class CommentsApiCollector implements Collector {
  readonly kind = 'comments';

  async run(ctx: CollectContext): Promise<void> {
    const { profile } = ctx;
    const { id, shard } = commentTarget(ctx);
    const api = profile.comments.api;
    if (!profile.urlTemplates.commentApi)
      throw permanent('profile', `the NewsSource "${profile.name}" has no comment API template (urlTemplates.commentApi)`);
    const referer = fillTemplate(profile, profile.urlTemplates.article, id.parts);
    const articleId = await articleIdFor(ctx, id, shard);
    const all = new Map<number, CommentRecord>();
    // Set inside fetchThread: declared wide so the checks below do not take it as always null.
    let total = null as number | null;
    let stats: Record<string, number> | null = null;
    const fetchThread = async (parent: number): Promise<void> => {
      let cursor: PageCursor | null = firstCursor();
      for (let n = 1; cursor && all.size < profile.comments.maxComments; n++) {
        ctx.checkpoint();
        const url = fillTemplate(profile, profile.urlTemplates.commentApi, {
          ...id.parts,
          page: cursor.page,
          offset: cursor.offset,
          cursor: cursor.cursor,
          pageSize: profile.comments.pageSize,
          sort: parent ? 'OLD' : profile.comments.sort,
          parent,
        });
        const p = await ctx.withRetries('comment-api', `comment API page ${n}${parent ? ` of replies to ${parent}` : ''}`, async () => {
          await ctx.polite(url);
          const res = await httpGet(
            url,
            { Referer: referer, Accept: 'application/json, text/javascript' },
            profile.timeouts.pageLoadSeconds * 1000,
            ctx.signal,
          );
          if (res.status !== 200 && !(res.status >= 400 && res.status < 500 && res.status !== 429 && res.body.includes('"success"')))
            throw httpStatusError(res.status, 'the comment API');
          return { ...parseCommentApiPage(res.body, profile), stats: !parent && n === 1 ? commentApiStats(res.body, profile) : null };
        });
        if (p.stats) stats = p.stats;
        ctx.pageRead();
        if (!parent && p.total !== null) total = p.total;
        const fresh = p.comments.filter((c) => !all.has(c.commentNo));
        // Stored page by page: a cancelled task keeps what it read.
        await ctx.saveComments(articleId, fresh);
        for (const c of fresh) all.set(c.commentNo, c);
        cursor = nextCursor(cursor, p, { pageSize: profile.comments.pageSize, paging: api.paging, nextExpression: !!api.next }, fresh.length);
      }
    };
    await fetchThread(0);
    if (api.replies === 'perParent') {
      for (const c of [...all.values()]) {
        if (!c.isReply && c.replyCount > 0) await fetchThread(c.commentNo);
      }
    }
    ctx.commentsShown?.(total);
    if (stats) await ctx.saveCommentStats?.(articleId, stats);
    if (total !== null && all.size < total && all.size < profile.comments.maxComments) {
      throw retryable('incomplete', `the comment API gave ${all.size} of the ${total} comments it counts (${api.total})`);
    }
  }
}

/** Where the next page of a thread is: a page number, an offset or a cursor; null when there is none. */
export interface PageCursor {
  page: number;
  offset: number;
  cursor: string;
}

export function firstCursor(): PageCursor {
  return { page: 1, offset: 0, cursor: '' };
}

/**
 * The next page after one answer. page: the number next reads when it is ahead, else (no next
 * expression) the following page after a full one. offset: by the items read, after a full page.
 * cursor: what next reads, unless it is empty or the same again. A page that adds no new comment ends
 * the thread (a site repeating its last page must not loop).
 */
export function nextCursor(
  c: PageCursor,
  p: Pick<CommentApiPage, 'items' | 'next'>,
  o: { pageSize: number; paging: string; nextExpression: boolean },
  fresh: number,
): PageCursor | null {
  if (p.items === 0 || fresh === 0) return null;
  const full = p.items >= o.pageSize;
  if (o.paging === 'cursor') return p.next && p.next !== c.cursor ? { ...c, cursor: p.next, page: c.page + 1 } : null;
  if (o.paging === 'offset') {
    const at = o.nextExpression ? Number(p.next ?? -1) : full ? c.offset + p.items : -1;
    return at > c.offset ? { ...c, offset: at, page: c.page + 1 } : null;
  }
  const page = o.nextExpression ? Number(p.next ?? 0) : full ? c.page + 1 : 0;
  return page > c.page ? { ...c, page } : null;
}
