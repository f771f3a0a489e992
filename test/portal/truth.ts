// Ground truth as JSON for tests: what a correct collector finds, field by field.
import type { CommentStore, PortalComment } from './comments.js';
import { countComments } from './comments.js';
import type { Article, Corpus } from './corpus.js';
import { cboxTime, dataDateTime, DAY_MS, isoKst, kstDay, kstDayStart, parseDay, searchDateText } from './kst.js';
import { type KeywordDay, keywordDays } from './keyword-days.js';
import { findArticles, PAGE_SIZE, parseTerms, sortFromCode } from './search.js';
import type { Skin } from './skins.js';
import { commentStats } from './comment-stats.js';
import { outletLink, outletTruth, type OutletTruth } from './outlets.js';

export interface TruthContext {
  corpus: Corpus;
  store: CommentStore;
  now: number;
  base: string;
  /** Whose paths the links in the truth use. */
  skin: Pick<Skin, 'paths'>;
}

export interface TruthArticle {
  /** Internal identity, `${publisher oid}/${aid}`, also for publisher-only articles. */
  key: string;
  portal: boolean;
  /** Portal ids: null for articles only on the publisher's site. */
  oid: string | null;
  aid: string | null;
  title: string;
  /** Plain text of the search result's summary, equal to the Open API's description. */
  summary: string;
  description: string;
  publisher: string;
  publisher_oid: string;
  publisher_domain: string;
  originallink: string;
  portal_link: string | null;
  comment_page: string | null;
  section: string;
  sid: number;
  byline: string;
  published_at: string;
  modified_at: string | null;
  /** `data-date-time` value on the article page (KST). */
  published_data_date_time: string;
  /** What the search result shows as its date right now ("3시간 전" or "2024.12.02."). */
  search_date_text: string;
  /** Print position shown as an extra `span.info` ("A12면 1단"), or null. */
  print_position: string | null;
  topics: string[];
  /** Comments and replies written by now, deleted ones included. */
  comment_count: number;
  /** What the outlet's own page (originallink) gives a reader of the web's standards. */
  outlet: OutletTruth;
}

export function truthArticle(ctx: TruthContext, a: Article): TruthArticle {
  const commentCount = a.portal ? ctx.store.visible(a, ctx.now).length : 0;
  return {
    key: a.key,
    portal: a.portal,
    oid: a.portal ? a.oid : null,
    aid: a.portal ? a.aid : null,
    title: a.title,
    summary: a.summary,
    description: a.summary,
    publisher: a.publisher.name,
    publisher_oid: a.oid,
    publisher_domain: a.publisher.domain,
    originallink: outletLink(ctx.base, a),
    portal_link: a.portal ? ctx.base + ctx.skin.paths.article(a.oid, a.aid, a.section.sid) : null,
    comment_page: a.portal ? ctx.base + ctx.skin.paths.commentPage(a.oid, a.aid, a.section.sid) : null,
    section: a.section.name,
    sid: a.section.sid,
    byline: a.byline,
    published_at: isoKst(a.publishedAt),
    modified_at: a.modifiedAt === null ? null : isoKst(a.modifiedAt),
    published_data_date_time: dataDateTime(a.publishedAt),
    search_date_text: searchDateText(a.publishedAt, ctx.now),
    print_position: a.printPosition,
    topics: a.topics,
    comment_count: commentCount,
    outlet: outletTruth(ctx.base, a),
  };
}

export function truthArticleDetail(ctx: TruthContext, a: Article): TruthArticle & { body: string; body_paragraphs: string[] } {
  return { ...truthArticle(ctx, a), body: a.paragraphs.join('\n\n'), body_paragraphs: a.paragraphs };
}

/**
 * `GET /__truth/search?query=&date=YYYY-MM-DD` (or `from=`/`to=`, or neither for all dates),
 * `sort=0|1|2` (default 1, latest first): what the search finds, in page order.
 */
export function truthSearch(ctx: TruthContext, params: URLSearchParams): Record<string, unknown> | { error: string } {
  const query = params.get('query') ?? '';
  if (query.trim() === '') return { error: 'query is required' };
  const date = params.get('date');
  const from = parseDay(date ?? params.get('from'));
  const to = parseDay(date ?? params.get('to'));
  if ((date ?? params.get('from')) && !from) return { error: 'date/from must be YYYY-MM-DD' };
  if ((date ?? params.get('to')) && !to) return { error: 'date/to must be YYYY-MM-DD' };
  const sort = sortFromCode(params.get('sort') ?? '1');
  const terms = parseTerms(query);
  const found = findArticles(ctx.corpus, { query, terms, from, to, sort }, ctx.now);
  return {
    query,
    terms,
    from,
    to,
    sort,
    now: isoKst(ctx.now),
    total: found.length,
    pages: Math.ceil(found.length / PAGE_SIZE),
    portal_articles: found.filter((a) => a.portal).length,
    articles: found.map((a, i) => ({ rank: i + 1, ...truthArticle(ctx, a) })),
  };
}

export interface TruthComment {
  comment_no: number;
  /** null for a top-level comment (the page's data-info and the API say 0). */
  parent_comment_no: number | null;
  is_reply: boolean;
  /** Masked nickname as shown; empty when deleted. */
  author: string;
  masked_user_id: string;
  /** Text as shown, lines joined with "\n"; empty when deleted. */
  contents: string;
  written_at: string;
  modified_at: string;
  /** `data-value` of the date element and the API's regTime. */
  reg_time: string;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_deleted: boolean;
}

export function truthComment(c: PortalComment): TruthComment {
  return {
    comment_no: c.commentNo,
    parent_comment_no: c.parentCommentNo === 0 ? null : c.parentCommentNo,
    is_reply: c.parentCommentNo !== 0,
    author: c.userName,
    masked_user_id: c.maskedUserId,
    contents: c.contents,
    written_at: isoKst(c.regTime),
    modified_at: isoKst(c.modTime),
    reg_time: cboxTime(c.regTime),
    likes: c.sympathyCount,
    dislikes: c.antipathyCount,
    reply_count: c.replyCount,
    is_deleted: c.deleted,
  };
}

export function truthComments(ctx: TruthContext, a: Article): Record<string, unknown> {
  const visible = a.portal ? ctx.store.visible(a, ctx.now) : [];
  return {
    key: a.key,
    oid: a.oid,
    aid: a.aid,
    portal: a.portal,
    now: isoKst(ctx.now),
    counts: countComments(visible),
    stats: commentStats(ctx.corpus, a, visible),
    comments: visible.map(truthComment),
  };
}

/** Counts, keywords, date span and good examples of keyword-days. */
export function truthSummary(ctx: TruthContext): Record<string, unknown> {
  const { corpus, now } = ctx;
  const published = corpus.articles.filter((a) => a.publishedAt <= now);
  let comments = 0;
  let replies = 0;
  let deleted = 0;
  for (const a of published) {
    if (!a.portal) continue;
    for (const c of ctx.store.all(a)) {
      if (c.regTime > now) continue;
      if (c.parentCommentNo === 0) comments++;
      else replies++;
      if (c.deleted) deleted++;
    }
  }

  const all = keywordDays(ctx);
  const byArticles = (a: KeywordDay, b: KeywordDay): number =>
    b.articles - a.articles || b.date.localeCompare(a.date) || a.query.localeCompare(b.query);
  const recentFrom = kstDay(now - 34 * DAY_MS);
  const withComments = all.filter((d) => d.comments > 0 && d.articles <= 30).sort((a, b) => b.comments - a.comments || byArticles(a, b));
  const modest = withComments
    .filter((d) => d.articles <= 12 && d.comments >= 20 && d.comments <= 200)
    .sort((a, b) => b.comments - a.comments || byArticles(a, b));
  const last = published[published.length - 1];
  return {
    seed: corpus.seed,
    anchor_date: corpus.anchorDate,
    now: isoKst(now),
    date_span: { from: corpus.firstDate, to: corpus.anchorDate, days: corpus.days },
    latest_published_at: last ? isoKst(last.publishedAt) : null,
    counts: {
      articles: published.length,
      portal_articles: published.filter((a) => a.portal).length,
      publisher_only_articles: published.filter((a) => !a.portal).length,
      publishers: corpus.publishers.length,
      comments,
      replies,
      deleted_comments: deleted,
      comment_items: comments + replies,
    },
    keywords: corpus.keywords,
    sections: corpus.sections,
    publishers: corpus.publishers.map((p) => ({ name: p.name, oid: p.oid, domain: p.domain })),
    examples: {
      /** Keyword-days spanning several result pages. */
      paginated: all
        .filter((d) => d.articles > PAGE_SIZE)
        .sort(byArticles)
        .slice(0, 10),
      /** Keyword-days whose portal articles have the most comments. */
      with_comments: withComments.slice(0, 10),
      /** Smaller keyword-days with comments, quick to collect end to end. */
      modest_with_comments: modest.slice(0, 10),
      /** Keyword-days recent enough that results show relative dates. */
      relative_dates: all
        .filter((d) => d.date >= recentFrom && kstDayStart(d.date) <= now)
        .sort(byArticles)
        .slice(0, 10),
    },
  };
}
