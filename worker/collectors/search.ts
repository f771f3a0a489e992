// Metadata through the search result pages in a browser: pages through one keyword-day (by the URL
// template, or by following the "next" link; or, for pages that fill their results by script, by
// the JSON endpoint that script calls, over plain HTTP), then opens the article pages for section, byline, exact
// and modified time and the body when the profile asks for them.
import { metadataShard, type MetadataShard } from '../../lib/amqp/messages.js';
import { fillTemplate, type Profile } from '../../lib/sources/profile.js';
import { CollectError, httpStatusError, layoutChanged, retryable } from '../errors.js';
import { ARTICLE_SNAPSHOT, OUTLET_SNAPSHOT, PAGE_READY, SEARCH_SNAPSHOT } from '../browser/scripts.js';
import { runPageFunction } from '../browser/page-function.js';
import type { BrowserSession } from '../browser/session.js';
import { mergeArticlePage, mergeOutletPage, type ArticleSnapshot, type OutletSnapshot } from '../parse/article.js';
import { compactDay, dottedDay } from '../parse/dates.js';
import { checkPage } from '../parse/page.js';
import { readArticleOutput, readSearchOutput } from '../parse/page-function.js';
import type { ArticleRecord } from '../parse/records.js';
import { parseSearchSnapshot, type SearchSnapshot } from '../parse/search.js';
import { parseSearchApiPage } from '../parse/search-api.js';
import { firstCursor, nextCursor, type PageCursor } from './comments-api.js';
import { httpGet } from './http.js';
import type { CollectContext, Collector } from './types.js';

export class SearchCollector implements Collector {
  readonly kind = 'metadata';
  readonly label = 'search';

  async run(ctx: CollectContext): Promise<void> {
    const { profile, task } = ctx;
    const shard = metadataShard(task);
    const max = task.options.maxArticles ?? Number.POSITIVE_INFINITY;
    if (profile.search.paging === 'api') return this.runApi(ctx);
    const browser = await ctx.browser();
    const seen = new Set<string>();
    const visited = new Set<string>();
    let stored = 0;
    let next: string | null = null;
    for (let page = 0; page < profile.search.maxPages && stored < max; page++) {
      ctx.checkpoint();
      const start = page * profile.search.resultsPerPage + 1;
      // nextLink paging: pages after the first are where the "next" link points.
      const url: string = page > 0 && profile.search.paging === 'nextLink' && next ? next : searchUrl(profile, shard, start, page + 1);
      if (visited.has(url)) break;
      visited.add(url);
      const result = await ctx.withRetries('search-page', `search page ${page + 1}`, async () => {
        await ctx.polite(url);
        await browser.load(url);
        const s = profile.search.selectors;
        await browser.waitFor(PAGE_READY, [[s.item, s.noResults], profile.blockDetection], profile.timeouts.elementWaitSeconds * 1000);
        await ctx.meterPage(url, browser);
        const fn = profile.pageFunctions.search;
        if (fn) {
          const r = await runPageFunction(
            browser,
            'search',
            fn,
            { keyword: shard.keyword, day: shard.day, page: page + 1, url },
            profile.blockDetection,
          );
          checkPage(r.page, false, `search page ${page + 1}`);
          return readSearchOutput(r, profile, { day: shard.day, now: ctx.now(), isTest: task.options.isTest, keyword: shard.keyword });
        }
        const snap = await browser.run<SearchSnapshot>(SEARCH_SNAPSHOT, s, profile.blockDetection);
        checkPage(snap, snap.items.length > 0 || snap.noResults, `search page ${page + 1}`);
        return parseSearchSnapshot(snap, profile, { day: shard.day, now: ctx.now(), isTest: task.options.isTest, keyword: shard.keyword });
      });
      ctx.pageRead();
      ctx.resultsRead(url, result.shown, result.unread);
      const fresh = result.articles.filter((a) => !seen.has(a.identity)).slice(0, Math.max(0, max - stored));
      for (const a of fresh) seen.add(a.identity);
      let complete = fresh;
      try {
        if (profile.article.visit) complete = await this.visitArticles(ctx, browser, fresh);
      } catch (e) {
        // No article page of the batch reads: the results are kept as the search page showed them.
        if (e instanceof CollectError && e.code === 'layout-changed') await ctx.saveArticles(fresh, shard.keyword);
        throw e;
      }
      await ctx.saveArticles(complete, shard.keyword);
      stored += complete.length;
      next = result.nextHref;
      if (!result.hasNext || result.articles.length === 0) break;
      if (profile.search.paging === 'nextLink' && !next)
        throw layoutChanged(
          `the site's layout changed: the "next" control ${profile.search.selectors.nextPage} on search page ${page + 1} has no link to follow`,
        );
    }
  }

  /**
   * Results from the JSON endpoint the search page's script calls (search.paging api), with the search
   * page as Referer: page after page (by page number, offset or cursor) until the endpoint has no
   * more, a page adds nothing new, or search.maxPages. The count the endpoint gives, when the profile
   * says where, is compared with what was read.
   */
  private async runApi(ctx: CollectContext): Promise<void> {
    const { profile, task } = ctx;
    const shard = metadataShard(task);
    const max = task.options.maxArticles ?? Number.POSITIVE_INFINITY;
    const referer = searchUrl(profile, shard, 1, 1);
    const seen = new Set<string>();
    let total: number | null = null;
    let stored = 0;
    let cursor: PageCursor | null = firstCursor();
    for (let n = 1; cursor && n <= profile.search.maxPages && stored < max; n++) {
      ctx.checkpoint();
      const url = fillTemplate(profile, profile.urlTemplates.searchApi, {
        ...dayValues(shard.day),
        query: shard.keyword,
        page: cursor.page,
        offset: cursor.offset,
        cursor: cursor.cursor,
        pageSize: profile.search.resultsPerPage,
      });
      const page = await ctx.withRetries('search-api', `search JSON page ${n}`, async () => {
        await ctx.polite(url);
        const res = await httpGet(url, { Referer: referer, Accept: 'application/json' }, profile.timeouts.pageLoadSeconds * 1000, ctx.signal);
        if (res.status !== 200) throw httpStatusError(res.status, 'the search JSON endpoint');
        return parseSearchApiPage(res.body, profile, { day: shard.day, now: ctx.now(), isTest: task.options.isTest, keyword: shard.keyword });
      });
      ctx.pageRead();
      if (n === 1) total = page.total;
      const fresh = page.articles.filter((a) => !seen.has(a.identity)).slice(0, Math.max(0, max - stored));
      for (const a of fresh) seen.add(a.identity);
      const complete = profile.article.visit && fresh.some((a) => a.portalUrl) ? await this.visitArticles(ctx, await ctx.browser(), fresh) : fresh;
      await ctx.saveArticles(complete, shard.keyword);
      stored += complete.length;
      const api = profile.search.api;
      cursor = nextCursor(cursor, page, { pageSize: profile.search.resultsPerPage, paging: api.paging, nextExpression: !!api.next }, fresh.length);
    }
    if (total !== null && seen.size < total && stored < max && seen.size < profile.search.maxPages * profile.search.resultsPerPage) {
      throw retryable('incomplete', `the search JSON endpoint gave ${seen.size} of the ${total} results it counts (${profile.search.api.total})`);
    }
  }

  /**
   * Opens each portal article page, and each outlet page a result links out to, for the fields the
   * result list does not show. A portal page that does not read (the profile's article selectors miss
   * on it) keeps its article as the search result showed it and is reported; when no portal page of
   * the batch reads, the layout changed and the task fails.
   */
  private async visitArticles(ctx: CollectContext, browser: BrowserSession, recs: ArticleRecord[]): Promise<ArticleRecord[]> {
    const out: ArticleRecord[] = [];
    const unread: [CollectError, ArticleRecord, number][] = [];
    const outlets = ctx.profile.article.outlets;
    for (const [i, rec] of recs.entries()) {
      if (!rec.portalUrl) {
        out.push(outlets.visit && rec.originalUrl ? await readOutletPage(ctx, browser, rec) : rec);
        continue;
      }
      try {
        out.push(await readArticlePage(ctx, browser, rec));
      } catch (e) {
        if (!(e instanceof CollectError && e.code === 'layout-changed')) throw e;
        unread.push([e, rec, i + 1]);
        out.push(rec);
      }
    }
    if (unread.length && unread.length === recs.filter((r) => r.portalUrl).length) throw unread[0]![0];
    for (const [e, rec, position] of unread) {
      ctx.pageUnread({
        kind: 'article-page',
        page: rec.portalUrl!,
        position,
        field: 'article page',
        selector: 'article.selectors',
        found: e.reason,
        expected: 'an article page the profile reads (its article is stored as the search result showed it)',
        ref: rec.portalUrl,
      });
    }
    return out;
  }
}

/**
 * Reads the outlet's own page of a result that links out of the portal, by the standards alone. An
 * outlet is another site: a page robots.txt forbids, one that does not load, or one that lacks a body or
 * an exact time keeps the search result's fields and is reported in the job's log and raw.outlet,
 * without failing the keyword-day.
 */
export async function readOutletPage(ctx: CollectContext, browser: BrowserSession, rec: ArticleRecord): Promise<ArticleRecord> {
  const { profile } = ctx;
  const url = rec.originalUrl!;
  ctx.checkpoint();
  if (profile.article.outlets.robotsTxt === 'honour') {
    const verdict = await ctx.robots(url, profile.article.outlets.userAgent);
    if (!verdict.allowed) {
      ctx.log('warn', `outlet page not read: ${verdict.reason}; ${rec.identity} keeps the search result's fields`, { url });
      return { ...rec, raw: { ...rec.raw, outlet: { url, skipped: verdict.reason } } };
    }
  }
  try {
    const merged = await ctx.withRetries('article-page', `outlet page ${url}`, async () => {
      await ctx.polite(url);
      await browser.load(url);
      await browser.waitFor(PAGE_READY, [['body'], profile.blockDetection], profile.timeouts.elementWaitSeconds * 1000);
      await ctx.meterPage(url, browser);
      const snap = await browser.run<OutletSnapshot>(OUTLET_SNAPSHOT, profile.blockDetection);
      checkPage(snap, snap.status > 0 && snap.status < 400 && !snap.blocked, `outlet page ${url}`);
      return mergeOutletPage(rec, snap, profile);
    });
    ctx.pageRead();
    if (merged.missing.length) ctx.log('warn', `outlet page ${url} read without ${merged.missing.join(' and ')}`, { url, missing: merged.missing });
    return merged.rec;
  } catch (err) {
    if (err instanceof CollectError) {
      ctx.log('warn', `outlet page not read: ${err.reason}; ${rec.identity} keeps the search result's fields`, { url });
      return { ...rec, raw: { ...rec.raw, outlet: { url, error: err.reason } } };
    }
    throw err;
  }
}

/** Reads a portal article page into the record (section, byline, publisher, exact time). */
export async function readArticlePage(ctx: CollectContext, browser: BrowserSession, rec: ArticleRecord): Promise<ArticleRecord> {
  const { profile } = ctx;
  ctx.checkpoint();
  const url = rec.portalUrl ?? fillTemplate(profile, profile.urlTemplates.article, { oid: rec.oid ?? '', aid: rec.aid ?? '' });
  const merged = await ctx.withRetries('article-page', `article ${rec.identity}`, async () => {
    await ctx.polite(url);
    await browser.load(url);
    const fn = profile.pageFunctions.article;
    if (fn) {
      const r = await runPageFunction(browser, 'article', fn, { url }, profile.blockDetection);
      checkPage(r.page, false, `article page ${rec.identity}`);
      return mergeArticlePage(rec, readArticleOutput(r, profile), profile);
    }
    const sel = profile.article.selectors;
    await browser.waitFor(PAGE_READY, [[sel.title], profile.blockDetection], profile.timeouts.elementWaitSeconds * 1000);
    await ctx.meterPage(url, browser);
    const snap = await browser.run<ArticleSnapshot>(ARTICLE_SNAPSHOT, sel, profile.blockDetection);
    checkPage(snap, snap.title !== null, `article page ${rec.identity}`);
    return mergeArticlePage(rec, snap, profile);
  });
  ctx.pageRead();
  return merged;
}

export function searchUrl(profile: Profile, shard: MetadataShard, start: number, page: number): string {
  return fillTemplate(profile, profile.urlTemplates.search, { query: shard.keyword, ...dayValues(shard.day), start, page });
}

/** The placeholders of one day: {day}, {ds}/{de} (YYYY.MM.DD), {from}/{to} (YYYYMMDD). */
const dayValues = (day: string) => ({ day, ds: dottedDay(day), de: dottedDay(day), from: compactDay(day), to: compactDay(day) });
