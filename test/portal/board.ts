// A fourth site over the same corpus, under `/board/`: an outlet's own comment board rendered on the
// server, the way many Korean newspaper sites show their reader comments (no script, no "more"
// button): pages of 15 threads with "이전"/"다음" links, comment ids carrying a prefix
// (`id="c-3000012345"`), replies nested inside their parent's list, deleted comments kept with their
// author and counts under a class among others (`cmt is-deleted`), times only to the minute in the
// Korean 12-hour form ("2024.03.05. 오후 7:08"), and counts written abbreviated ("1.4천") with the
// exact number only in an attribute (`data-count`, `data-total`). The article and search pages are
// the `/wire/` ones (the same outlet). The `markup` fault renames the like count's class (`like` ->
// `good`); its variant `date` writes the times as "3월 5일 19시 8분", which no date setting reads.
import type { Article } from './corpus.js';
import type { PortalComment } from './comments.js';
import { countComments } from './comments.js';
import { escapeHtml, htmlDocument } from './html.js';
import { kstParts, koreanDateTime } from './kst.js';
import { wireId } from './wire.js';

export const BOARD_THREADS_PER_PAGE = 15;
export const boardCommentPath = (a: Pick<Article, 'oid' | 'aid'>): string => `/board/news/${wireId(a)}/comments`;

/** "37", "1,234" below ten thousand as "1.2천", then "1.4만", "12억": what the board shows of a count. */
export function abbreviatedCount(n: number): string {
  const one = (x: number) => (Math.floor(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
  if (n >= 1e8) return `${one(n / 1e8)}억`;
  if (n >= 1e4) return `${one(n / 1e4)}만`;
  if (n >= 1e3) return `${one(n / 1e3)}천`;
  return String(n);
}

function boardTime(ms: number, unreadable: boolean): string {
  if (!unreadable) return koreanDateTime(ms);
  const p = kstParts(ms);
  return `${p.month}월 ${p.day}일 ${p.hour}시 ${p.minute}분`;
}

/** One comment page of an article's visible comments: top-level threads oldest first, replies inside. */
export function renderBoardComments(a: Article, visible: readonly PortalComment[], page: number, change: string | null): string {
  const tops = visible.filter((c) => c.parentCommentNo === 0).sort((x, y) => x.commentNo - y.commentNo);
  const pages = Math.max(1, Math.ceil(tops.length / BOARD_THREADS_PER_PAGE));
  const p = Math.min(Math.max(1, page), pages);
  const likeClass = change === 'markup' ? 'good' : 'like';
  const item = (c: PortalComment, replies: PortalComment[]): string => {
    const cls = c.deleted ? 'cmt is-deleted' : 'cmt';
    const body = c.deleted
      ? '<p class="body gone">삭제된 댓글입니다.</p>'
      : `<div class="body">${c.contents.split('\n').map(escapeHtml).join('<br>')}</div>`;
    const nested = replies.length ? `\n<ol class="re-list">${replies.map((r) => item(r, [])).join('\n')}</ol>` : '';
    return `<li class="${cls}" id="c-${c.commentNo}">
<div class="cmt-meta"><span class="who">${escapeHtml(c.userName)}</span> <span class="when">${boardTime(c.regTime, change === 'date')}</span></div>
${body}
<div class="votes"><button class="${likeClass}" data-count="${c.sympathyCount}">공감 ${abbreviatedCount(c.sympathyCount)}</button> <button class="hate" data-count="${c.antipathyCount}">비공감 ${abbreviatedCount(c.antipathyCount)}</button></div>${nested}
</li>`;
  };
  const threads = tops.slice((p - 1) * BOARD_THREADS_PER_PAGE, p * BOARD_THREADS_PER_PAGE).map((t) =>
    item(
      t,
      visible.filter((c) => c.parentCommentNo === t.commentNo).sort((x, y) => x.commentNo - y.commentNo),
    ),
  );
  const link = (n: number, cls: string, label: string, on: boolean) =>
    on ? `<a class="${cls}" href="${boardCommentPath(a)}?page=${n}">${label}</a>` : `<span class="${cls}" aria-disabled="true">${label}</span>`;
  const total = countComments(visible).total;
  return htmlDocument({
    title: `댓글 - ${a.title}`,
    body: `<div class="wrap"><h1 class="cmt-article">${escapeHtml(a.title)}</h1>
<section id="cmt-area">
<p class="cmt-head">댓글 <em class="cmt-total" data-total="${total}">${abbreviatedCount(total)}</em>개</p>
<ol class="cmt-list">${threads.join('\n')}</ol>
<nav class="cmt-paging">${link(p - 1, 'prev', '이전', p > 1)} <strong class="now">${p}</strong> / ${pages} ${link(p + 1, 'next', '다음', p < pages)}</nav>
</section></div>`,
  });
}
