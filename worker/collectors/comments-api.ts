// Comments through the site's in-page JSON API, with the article page as Referer (no browser): pages of
// top-level comments, then the pages of replies of every comment that has some, each page stored as it
// arrives.
import { fillTemplate } from '../../lib/sources/profile.js';
import { httpStatusError, permanent } from '../errors.js';
import { parseCommentApiPage } from '../parse/comments.js';
import type { CommentRecord } from '../parse/records.js';
import { articleIdFor, commentTarget } from './comments-common.js';
import { httpGet } from './http.js';
import type { CollectContext, Collector } from './types.js';

export class CommentsApiCollector implements Collector {
  readonly kind = 'comments';

  async run(ctx: CollectContext): Promise<void> {
    const { profile } = ctx;
    const { id, shard } = commentTarget(ctx);
    if (!profile.urlTemplates.commentApi) throw permanent(`the NewsSource "${profile.name}" has no comment API template (urlTemplates.commentApi)`);
    const referer = fillTemplate(profile, profile.urlTemplates.article, id.parts);
    const articleId = await articleIdFor(ctx, id, shard);
    const all: CommentRecord[] = [];
    const fetchThread = async (parent: number): Promise<CommentRecord[]> => {
      const out: CommentRecord[] = [];
      for (let page = 1; page > 0 && all.length + out.length < profile.comments.maxComments; ) {
        ctx.checkpoint();
        const url = fillTemplate(profile, profile.urlTemplates.commentApi, {
          ...id.parts, page, pageSize: profile.comments.pageSize, sort: parent ? 'OLD' : profile.comments.sort, parent,
        });
        const p = await ctx.withRetries(`comment API page ${page}${parent ? ` of replies to ${parent}` : ''}`, async () => {
          await ctx.polite(url);
          const res = await httpGet(url, { Referer: referer, Accept: 'application/json, text/javascript' }, profile.timeouts.pageLoadSeconds * 1000, ctx.signal);
          if (res.status !== 200 && !(res.status >= 400 && res.status < 500 && res.status !== 429 && res.body.includes('"success"'))) throw httpStatusError(res.status, 'the comment API');
          return parseCommentApiPage(res.body, profile);
        });
        ctx.pageRead();
        // Stored page by page: a cancelled task keeps what it read.
        await ctx.saveComments(articleId, p.comments);
        out.push(...p.comments);
        page = p.nextPage > page ? p.nextPage : 0;
      }
      return out;
    };
    all.push(...(await fetchThread(0)));
    for (const c of [...all]) {
      if (!c.isReply && c.replyCount > 0) all.push(...(await fetchThread(c.commentNo)));
    }
  }
}
