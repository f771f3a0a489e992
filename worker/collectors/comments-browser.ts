// Comments through the comment page in a browser: the page renders its comments by JavaScript, so the
// collector waits for the list, clicks "more" until nothing new comes, opens every reply thread, then
// reads everything in one snapshot. A task stopped while loading (cancelled, its job suspended, the
// worker stopping, the deadline) stops at the next page but first stores what the page already shows:
// every "more" click is a page, and its comments are not read again. The upserts are idempotent, so
// the task run again later (resumed, redelivered) completes the set without duplicates.
// Sites that render their comments on the server in pages (comments.paging nextLink or template) are
// read page by page instead: each page loaded, read and stored as it comes.
import { fillTemplate } from '../../lib/sources/profile.js';
import { CLICK_MORE, COMMENTS_SNAPSHOT, COMMENTS_STATE, OPEN_REPLIES, PAGE_READY } from '../browser/scripts.js';
import { runPageFunction } from '../browser/page-function.js';
import type { BrowserSession } from '../browser/session.js';
import { retryable } from '../errors.js';
import { parseCommentsSnapshot, parseCommentStats, type CommentsSnapshot, type CommentStats } from '../parse/comments.js';
import { checkPage } from '../parse/page.js';
import { readCommentsOutput } from '../parse/page-function.js';
import type { PageStatus } from '../parse/search.js';
import { commentsNotStored } from '../shortfall.js';
import { parseSiteNumber } from '../parse/numbers.js';
import type { CommentRecord } from '../parse/records.js';
import type { UnreadItem } from '../parse/unread.js';
import { articleIdFor, commentTarget } from './comments-common.js';
import { readArticlePage } from './search.js';
import type { CollectContext, Collector } from './types.js';

interface State extends PageStatus {
  listFound: boolean;
  items: number;
  total: string | null;
}

export class CommentsBrowserCollector implements Collector {
  readonly kind = 'comments';

  async run(ctx: CollectContext): Promise<void> {
    const { profile } = ctx;
    const { id, shard } = commentTarget(ctx);
    const sel = profile.comments.selectors;
    const url = fillTemplate(profile, profile.urlTemplates.comments, { ...id.parts, page: 1 });
    const waitMs = profile.timeouts.elementWaitSeconds * 1000;
    const browser = await ctx.browser();
    // The article first: comments loaded before a stop are stored without another page.
    const articleId = await articleIdFor(ctx, id, shard, (rec) => readArticlePage(ctx, browser, rec));
    if (profile.pageFunctions.comments) return this.runPageFunction(ctx, browser, url, id.parts, articleId);
    if (profile.comments.paging !== 'more') return this.readPages(ctx, browser, id.parts, id.key, articleId);
    let stats: CommentStats | null = null;
    const records = await ctx.withRetries('comment-page', `comment page ${id.key}`, async () => {
      ctx.checkpoint();
      await ctx.polite(url);
      await browser.load(url);
      await browser.waitFor<boolean>(PAGE_READY, [[sel.list], profile.blockDetection], waitMs);
      await ctx.meterPage(url, browser);
      const state = await browser.run<State>(COMMENTS_STATE, sel, profile.blockDetection);
      checkPage(state, state.listFound, `the comment page of ${id.key}`);
      ctx.pageRead();
      try {
        await this.loadAll(ctx, browser, url, state.items);
      } catch (e) {
        if (ctx.signal.aborted) await this.keepLoaded(ctx, browser, articleId);
        throw e;
      }
      const snap = await browser.run<CommentsSnapshot>(COMMENTS_SNAPSHOT, sel);
      const { comments: recs, unread } = parseCommentsSnapshot(snap, profile, url, ctx.now());
      const total = shownTotal(ctx, snap.total);
      ctx.commentsShown?.(total);
      stats = parseCommentStats(snap.stats, profile);
      // Items shown but unreadable are reported below; fewer items than the count means loading stopped short.
      if (total !== null && recs.length + unread.length < total && recs.length + unread.length < profile.comments.maxComments) {
        throw retryable(
          'incomplete',
          `the comment page showed ${recs.length + unread.length} of its ${total} comments (${sel.totalCount}); loading more failed`,
        );
      }
      return { recs, unread, total };
    });
    await ctx.saveComments(articleId, records.recs);
    ctx.commentsNotStored(
      url,
      records.recs.length + records.unread.length,
      commentsNotStored({
        shown: records.total,
        stored: records.recs.length,
        unreadable: records.unread.length,
        maxComments: profile.comments.maxComments,
      }),
      records.unread,
    );
    if (stats) await ctx.saveCommentStats?.(articleId, stats);
  }

  /**
   * pageFunctions.comments reads the page (loading what it needs itself): its comments are stored, those
   * it could not read or did not return are the task's shortfall against what it says the page shows.
   */
  private async runPageFunction(
    ctx: CollectContext,
    browser: BrowserSession,
    url: string,
    article: Record<string, string>,
    articleId: number,
  ): Promise<void> {
    const { profile } = ctx;
    const read = await ctx.withRetries('comment-page', `comment page ${url}`, async () => {
      ctx.checkpoint();
      await ctx.polite(url);
      await browser.load(url);
      const r = await runPageFunction(browser, 'comments', profile.pageFunctions.comments, { url, article }, profile.blockDetection);
      checkPage(r.page, false, `the comment page ${url}`);
      return readCommentsOutput(r, profile);
    });
    ctx.pageRead();
    ctx.commentsShown?.(read.total);
    await ctx.saveComments(articleId, read.comments);
    ctx.commentsNotStored(
      url,
      read.comments.length + read.unread.length,
      commentsNotStored({
        shown: read.total,
        stored: read.comments.length,
        unreadable: read.unread.length,
        maxComments: profile.comments.maxComments,
      }),
      read.unread,
    );
  }

  /**
   * Server-rendered comment pages: the first from urlTemplates.comments, each further one from the
   * "next" link (paging nextLink) or the template's {page} (paging template), until there is no next
   * link, a page adds no new comment, or comments.maxPages. Each page is stored as it is read; the
   * count the first page shows is compared with what was read at the end.
   */
  private async readPages(
    ctx: CollectContext,
    browser: BrowserSession,
    parts: Record<string, string>,
    key: string,
    articleId: number,
  ): Promise<void> {
    const { profile } = ctx;
    const sel = profile.comments.selectors;
    const waitMs = profile.timeouts.elementWaitSeconds * 1000;
    const all = new Map<number, CommentRecord>();
    const visited = new Set<string>();
    const unread: UnreadItem[] = [];
    let total: number | null = null;
    let stats: CommentStats | null = null;
    let url = fillTemplate(profile, profile.urlTemplates.comments, { ...parts, page: 1 });
    for (let page = 1; page <= profile.comments.maxPages && all.size < profile.comments.maxComments; page++) {
      if (visited.has(url)) break;
      visited.add(url);
      const pageUrl = url;
      const { read, snap } = await ctx.withRetries('comment-page', `comment page ${page} of ${key}`, async () => {
        ctx.checkpoint();
        await ctx.polite(pageUrl);
        await browser.load(pageUrl);
        await browser.waitFor<boolean>(PAGE_READY, [[sel.list], profile.blockDetection], waitMs);
        const state = await browser.run<State>(COMMENTS_STATE, sel, profile.blockDetection);
        checkPage(state, state.listFound, `comment page ${page} of ${key}`);
        const snap = await browser.run<CommentsSnapshot>(COMMENTS_SNAPSHOT, sel);
        return { read: parseCommentsSnapshot(snap, profile, pageUrl, ctx.now()), snap };
      });
      ctx.pageRead();
      if (page === 1) {
        total = shownTotal(ctx, snap.total);
        stats = parseCommentStats(snap.stats, profile);
      }
      unread.push(...read.unread);
      const fresh = read.comments.filter((c) => !all.has(c.commentNo));
      await ctx.saveComments(articleId, fresh);
      for (const c of fresh) all.set(c.commentNo, c);
      if (fresh.length === 0) break;
      if (profile.comments.paging === 'nextLink') {
        if (!snap.nextHref) break;
        url = snap.nextHref;
      } else {
        url = fillTemplate(profile, profile.urlTemplates.comments, { ...parts, page: page + 1 });
      }
    }
    ctx.commentsShown?.(total);
    if (stats) await ctx.saveCommentStats?.(articleId, stats);
    if (total !== null && all.size + unread.length < total && all.size + unread.length < profile.comments.maxComments) {
      throw retryable(
        'incomplete',
        `the comment pages showed ${all.size + unread.length} of their ${total} comments (${sel.totalCount}); a page was not reached`,
      );
    }
    ctx.commentsNotStored(
      url,
      all.size + unread.length,
      commentsNotStored({ shown: total, stored: all.size, unreadable: unread.length, maxComments: profile.comments.maxComments }),
      unread,
    );
  }

  /** "More" until it disappears or a few clicks in a row add nothing, then every reply thread. */
  private async loadAll(ctx: CollectContext, browser: BrowserSession, url: string, loaded: number): Promise<void> {
    const { profile } = ctx;
    const sel = profile.comments.selectors;
    const waitMs = profile.timeouts.elementWaitSeconds * 1000;
    let idle = 0;
    let items = loaded;
    while (idle < profile.comments.maxIdleClicks && items < profile.comments.maxComments) {
      ctx.checkpoint();
      await ctx.polite(url);
      const r = await browser.runAsync<{ clicked: boolean; before: number; after: number }>(CLICK_MORE, sel, waitMs);
      if (!r.clicked) break;
      ctx.pageRead();
      idle = r.after > r.before ? 0 : idle + 1;
      items = r.after;
    }
    if (sel.replyToggle && sel.reply) {
      // Each reply thread the page opens is a request to the site: a round opens at most a burst of
      // them, metered before the clicks (the count first, with limit 0).
      for (let round = 0; round < 1000; round++) {
        ctx.checkpoint();
        const { left } = await browser.runAsync<{ left: number }>(OPEN_REPLIES, sel, waitMs, 0);
        const n = Math.min(left, profile.rateLimit.burst);
        if (n === 0) break;
        await ctx.polite(url, n);
        const r = await browser.runAsync<{ toggles: number }>(OPEN_REPLIES, sel, waitMs, n);
        if (r.toggles === 0) break;
        ctx.pageRead();
      }
    }
  }

  /**
   * The task is stopping: stores the comments the page shows now (no page is loaded for it). A
   * failure here is logged and does not hide why the task stopped.
   */
  private async keepLoaded(ctx: CollectContext, browser: BrowserSession, articleId: number): Promise<void> {
    try {
      const snap = await browser.run<CommentsSnapshot>(COMMENTS_SNAPSHOT, ctx.profile.comments.selectors);
      const recs = parseCommentsSnapshot(snap, ctx.profile, '', ctx.now()).comments;
      if (recs.length) await ctx.saveComments(articleId, recs);
      ctx.log('info', `stopping: stored the ${recs.length} comments loaded so far`);
    } catch (e) {
      ctx.log('warn', `stopping: the comments loaded so far could not be stored: ${(e as Error).message}`);
    }
  }
}

/**
 * The comment count the page shows, when it can be compared with what was read: an exact number (from
 * the text or totalCountAttribute). A count the site abbreviated ("1.4천") is logged and not compared;
 * a count element without a number means the comments have not loaded yet.
 */
function shownTotal(ctx: CollectContext, text: string | null): number | null {
  if (text === null) return null;
  const sel = ctx.profile.comments.selectors;
  const n = parseSiteNumber(text);
  if (!n) {
    const from = sel.totalCountAttribute ? `attribute ${sel.totalCountAttribute} of ${sel.totalCount}` : sel.totalCount;
    throw retryable(
      'incomplete',
      `the comment page's count (${from}) reads ${JSON.stringify(text.trim().slice(0, 40))}, not a number: its comments have not loaded`,
    );
  }
  if (!n.exact) {
    ctx.log(
      'warn',
      `the comment page's count (${sel.totalCount}) is abbreviated (${JSON.stringify(text.trim())}): it is not compared with the comments read; set totalCountAttribute to the attribute holding the exact count`,
    );
    return null;
  }
  return n.value;
}
