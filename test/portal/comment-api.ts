// The in-page comment API: `/commentBox/cbox/web_naver_list_jsonp.json` (and its alt twin).
// JSONP when `_callback` (or `callback`) is given, JSON otherwise; answers only requests whose
// Referer is an article or comment page of the same site, like the real one.
import type { Article, Corpus } from './corpus.js';
import type { CommentStore, PortalComment } from './comments.js';
import { countComments } from './comments.js';
import { AGE_GROUPS, commentStats } from './comment-stats.js';
import { cboxTime } from './kst.js';
import { JS, JSON_TYPE, type Reply } from './reply.js';
import type { Skin } from './skins.js';

export type CommentSort = 'FAVORITE' | 'NEW' | 'OLD';

export interface CommentApiContext {
  corpus: Corpus;
  store: CommentStore;
  skin: Skin;
  now: number;
}

export const DEFAULT_COMMENT_PAGE_SIZE = 20;
export const MAX_COMMENT_PAGE_SIZE = 100;

export function handleCommentApi(ctx: CommentApiContext, params: URLSearchParams, referer: string | undefined): Reply {
  const callback = params.get('_callback') ?? params.get('callback');
  if (callback !== null && !/^[A-Za-z_$][\w$.]{0,99}$/.test(callback)) {
    return { status: 400, headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: 'invalid callback name\n' };
  }
  const answer = (status: number, payload: object): Reply => {
    const json = JSON.stringify({ lang: 'ko', country: 'KR', ...payload, date: cboxTime(ctx.now) });
    return callback === null
      ? { status, headers: { 'content-type': JSON_TYPE }, body: json }
      : { status, headers: { 'content-type': JS }, body: `${callback}(${json});` };
  };
  const fail = (status: number, code: string, message: string): Reply => answer(status, { success: false, code, message, result: {} });

  if (!refererAllowed(ctx.skin, referer)) return fail(403, '3999', '잘못된 접근입니다. (허용되지 않은 Referer)');
  if (params.get('ticket') !== 'news') return fail(400, '1001', '잘못된 요청입니다. (ticket)');
  const object = /^news(\d{3}),(\d{10})$/.exec(params.get('objectId') ?? '');
  if (!object) return fail(400, '1001', '잘못된 요청입니다. (objectId)');
  const article = ctx.corpus.byKey.get(`${object[1]}/${object[2]}`);
  if (!article || !article.portal || article.publishedAt > ctx.now) return fail(404, '4001', '존재하지 않는 기사입니다.');

  const pageSize = clampInt(params.get('pageSize'), DEFAULT_COMMENT_PAGE_SIZE, 1, MAX_COMMENT_PAGE_SIZE);
  const page = clampInt(params.get('page'), 1, 1, Number.MAX_SAFE_INTEGER);
  const sort = parseSort(params.get('sort'));
  const visible = ctx.store.visible(article, ctx.now);
  const parentNo = Number(params.get('parentCommentNo') ?? '0');

  let rows: PortalComment[];
  if (Number.isInteger(parentNo) && parentNo > 0) {
    if (!visible.some((c) => c.commentNo === parentNo && c.parentCommentNo === 0)) return fail(404, '4002', '존재하지 않는 댓글입니다.');
    rows = visible.filter((c) => c.parentCommentNo === parentNo).sort((a, b) => a.commentNo - b.commentNo);
  } else {
    rows = sortComments(
      visible.filter((c) => c.parentCommentNo === 0),
      sort,
    );
  }

  const totalPages = Math.ceil(rows.length / pageSize);
  const items = rows.slice((page - 1) * pageSize, page * pageSize);
  const nextPage = page < totalPages ? page + 1 : 0;
  const counts = countComments(visible);
  // The statistics box the page shows above the list comes with the top-level answers, as on the real site.
  const stats = parentNo > 0 ? null : commentStats(ctx.corpus, article, visible);
  const objectId = `news${article.oid},${article.aid}`;
  const startRow = items.length > 0 ? (page - 1) * pageSize + 1 : 0;
  const first = items[0];
  const last = items[items.length - 1];
  return answer(200, {
    success: true,
    code: '1000',
    message: '요청을 성공적으로 처리하였습니다.',
    result: {
      objectId,
      sort,
      ...(parentNo > 0 ? { parentCommentNo: parentNo } : {}),
      count: {
        comment: counts.comments,
        reply: counts.replies,
        total: counts.total,
        exposeCount: counts.total - counts.deleted,
        ...(stats ? { delCommentByUser: stats.deleted_by_author, delCommentByMon: stats.deleted_by_moderator } : {}),
      },
      ...(stats
        ? {
            graph: {
              gender: { male: stats.male, female: stats.female },
              old: AGE_GROUPS.map((age) => ({ age, value: stats.ages[age] })),
            },
          }
        : {}),
      pageModel: {
        page,
        pageSize,
        indexSize: 10,
        startRow,
        endRow: startRow === 0 ? 0 : startRow + items.length - 1,
        totalRows: rows.length,
        totalPages,
        firstPage: totalPages > 0 ? 1 : 0,
        prevPage: page > 1 ? page - 1 : 0,
        nextPage,
        lastPage: totalPages,
      },
      morePage: {
        startRow,
        endRow: startRow === 0 ? 0 : startRow + items.length - 1,
        start: first ? String(first.commentNo) : null,
        end: last ? String(last.commentNo) : null,
        prev: page > 1 && first ? String(first.commentNo) : null,
        next: nextPage > 0 && last ? String(last.commentNo) : null,
      },
      commentList: items.map((c) => commentJson(article, c)),
    },
  });
}

export function refererAllowed(skin: Skin, referer: string | undefined): boolean {
  if (!referer) return false;
  try {
    return skin.paths.refererPath.test(new URL(referer).pathname);
  } catch {
    return false;
  }
}

export function parseSort(text: string | null): CommentSort {
  const s = (text ?? '').toUpperCase();
  return s === 'NEW' || s === 'OLD' ? s : 'FAVORITE';
}

export function sortComments(list: PortalComment[], sort: CommentSort): PortalComment[] {
  if (sort === 'NEW') return list.sort((a, b) => b.commentNo - a.commentNo);
  if (sort === 'OLD') return list.sort((a, b) => a.commentNo - b.commentNo);
  return list.sort((a, b) => b.sympathyCount - b.antipathyCount - (a.sympathyCount - a.antipathyCount) || b.commentNo - a.commentNo);
}

const jsonCache = new WeakMap<PortalComment, Record<string, unknown>>();

/** The API's view of a comment (cached per comment object: histories are immutable). */
export function commentJson(article: Article, c: PortalComment): Record<string, unknown> {
  let json = jsonCache.get(c);
  if (!json) {
    json = buildCommentJson(article, c);
    jsonCache.set(c, json);
  }
  return json;
}

function buildCommentJson(article: Article, c: PortalComment): Record<string, unknown> {
  return {
    ticket: 'news',
    objectId: `news${article.oid},${article.aid}`,
    commentNo: c.commentNo,
    parentCommentNo: c.parentCommentNo,
    replyLevel: c.replyLevel,
    replyCount: c.replyCount,
    replyAllCount: c.replyCount,
    contents: c.contents,
    userName: c.userName,
    maskedUserId: c.maskedUserId,
    regTime: cboxTime(c.regTime),
    regTimeGmt: gmt(c.regTime),
    modTime: cboxTime(c.modTime),
    modTimeGmt: gmt(c.modTime),
    sympathyCount: c.sympathyCount,
    antipathyCount: c.antipathyCount,
    deleted: c.deleted,
    blind: false,
    visible: true,
  };
}

function gmt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function clampInt(text: string | null, fallback: number, min: number, max: number): number {
  const n = Number(text);
  if (text === null || text === '' || !Number.isInteger(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}
