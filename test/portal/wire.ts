// A third site over the same corpus, under `/wire/`, that differs from the portal in structure, not
// only in names: one-part article ids (`A` + oid + aid, e.g. A8020553808350), server-rendered search
// with only a "next" link, an exact `datetime` on every result, and comments loaded by a "more" button
// from a cursor-paged JSON endpoint whose pages carry the replies inline; on the page, ids are in
// `data-cid`, replies sit inside their parent (no parent attribute), deleted comments keep their box.
// The `markup` fault changes one thing per page: the results' `datetime` becomes `data-ts`, the
// article's title class changes, the comment items' `data-cid` becomes `data-comment-id`, and the
// comment API renames `body` to `text` (variant `count`: leaves deleted comments out but counts them).
// Beside the comments the page shows the article's comment statistics (comment-stats.ts), as the
// portal does: current, deleted by the author, removed by moderators, writers by gender and age.
import type { Article, Corpus } from './corpus.js';
import type { CommentStore, PortalComment } from './comments.js';
import { countComments } from './comments.js';
import { AGE_GROUPS, commentStats } from './comment-stats.js';
import { escapeHtml, highlight, htmlDocument, scriptJson } from './html.js';
import { isoKst, parseDay } from './kst.js';
import { JSON_TYPE, type Reply } from './reply.js';
import { findArticles, pageOf, parseTerms, PAGE_SIZE, type SearchPageRequest } from './search.js';
import type { SkinPaths } from './skins.js';
import { outletLink } from './outlets.js';

export const wireId = (a: Pick<Article, 'oid' | 'aid'>): string => `A${a.oid}${a.aid}`;
/** oid/aid of a wire id, or null. */
export function fromWireId(id: string): { oid: string; aid: string } | null {
  const m = /^A(\d{3})(\d{10})$/.exec(id);
  return m ? { oid: m[1]!, aid: m[2]! } : null;
}

export const WIRE_PATHS: SkinPaths = {
  search: '/wire/search',
  pageParam: 'page',
  article: (oid, aid) => `/wire/news/${wireId({ oid, aid })}`,
  commentPage: (oid, aid) => `/wire/news/${wireId({ oid, aid })}/comments`,
  commentApi: '/wire/api/comments',
  refererPath: /^\/wire\/news\//,
};

/** `keyword`, `date` (YYYY-MM-DD, one day), `page` (1-based); newest first. */
export function parseWireSearch(params: URLSearchParams): SearchPageRequest {
  const query = params.get('keyword') ?? '';
  const day = parseDay(params.get('date'));
  const page = Number(params.get('page') ?? '1');
  return {
    query,
    terms: parseTerms(query),
    from: day,
    to: day,
    sort: 'latest',
    start: (Number.isInteger(page) && page >= 1 ? page - 1 : 0) * PAGE_SIZE + 1,
  };
}

export function renderWireSearch(
  corpus: Corpus,
  request: SearchPageRequest,
  now: number,
  params: URLSearchParams,
  changed = false,
  base = '',
): string {
  const page = pageOf(findArticles(corpus, request, now), request.start);
  const items = page.items.map(
    (a) => `<div class="story">
<h2 class="headline"><a href="${escapeHtml(outletLink(base, a))}">${escapeHtml(a.title)}</a></h2>
<p class="lede">${highlight(a.summary, request.terms)}</p>
<div class="meta"><span class="source">${escapeHtml(a.publisher.name)}</span> · <time class="stamp" ${changed ? 'data-ts' : 'datetime'}="${isoKst(a.publishedAt)}">${isoKst(a.publishedAt).slice(0, 16).replace('T', ' ')}</time>${
      a.portal ? ` · <a class="permalink" href="${escapeHtml(WIRE_PATHS.article(a.oid, a.aid))}">와이어에서 보기</a>` : ''
    }</div>
</div>`,
  );
  const pageNo = Math.floor((request.start - 1) / PAGE_SIZE) + 1;
  const next = new URLSearchParams(params);
  next.set('page', String(pageNo + 1));
  const more =
    page.nextStart !== null ? `<nav class="paging"><a rel="next" href="${WIRE_PATHS.search}?${escapeHtml(next.toString())}">다음 &gt;</a></nav>` : '';
  const body =
    page.items.length === 0 ? '<p class="no-match">찾는 기사가 없습니다.</p>' : `<section id="results">${items.join('\n')}</section>\n${more}`;
  return htmlDocument({ title: `${request.query} - 와이어 검색`, body: `<div class="wrap"><h1>와이어 뉴스</h1>${body}</div>` });
}

export function renderWireArticle(a: Article, commentTotal: number, changed = false): string {
  const modified =
    a.modifiedAt === null
      ? ''
      : ` · 수정 <time class="modified" datetime="${isoKst(a.modifiedAt)}">${isoKst(a.modifiedAt).slice(0, 16).replace('T', ' ')}</time>`;
  return htmlDocument({
    title: `${a.title} | 와이어 뉴스`,
    body: `<div class="wrap"><article>
<a class="section" href="/wire/section/${a.section.sid}">${escapeHtml(a.section.name)}</a>
<h1 class="${changed ? 'headline-title' : 'title'}">${escapeHtml(a.title)}</h1>
<div class="dateline"><span class="press">${escapeHtml(a.publisher.name)}</span> · <time class="published" datetime="${isoKst(a.publishedAt)}">${isoKst(a.publishedAt).slice(0, 16).replace('T', ' ')}</time>${modified}</div>
<div class="body">${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</div>
<p class="byline">${escapeHtml(a.byline)}</p>
<a class="to-comments" href="${escapeHtml(WIRE_PATHS.commentPage(a.oid, a.aid))}">댓글 ${commentTotal}</a>
</article></div>`,
  });
}

/** The comment page: a shell whose script builds the list from the first JSON page, loads more on "more" and nests replies. */
export function renderWireComments(a: Article, pageSize: number, initialDelayMs: number, changed = false): string {
  const cfg = {
    api: WIRE_PATHS.commentApi,
    article: wireId(a),
    limit: pageSize,
    delay: initialDelayMs,
    idAttr: changed ? 'data-comment-id' : 'data-cid',
    ages: AGE_GROUPS,
  };
  return htmlDocument({
    title: `댓글 - ${a.title}`,
    body: `<div class="wrap"><h1 class="c-title">${escapeHtml(a.title)}</h1>
<div id="comments"></div>
<button type="button" class="c-more" style="display:none">댓글 더 보기</button>
</div>
<script>(function(){
var cfg=${scriptJson(cfg)};var next='';var thread=null;var more=document.querySelector('.c-more');
function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!==undefined)e.textContent=x;return e;}
function item(c){var li=el('li','c'+(c.parent?' c-reply':'')+(c.deleted?' c--deleted':''));li.setAttribute(cfg.idAttr,String(c.cid));
if(c.deleted){li.appendChild(el('p','c-gone','삭제된 댓글입니다.'));}else{li.appendChild(el('b','c-nick',c.nick));var p=el('p','c-body');c.body.split('\\n').forEach(function(l,i){if(i)p.appendChild(document.createElement('br'));p.appendChild(document.createTextNode(l));});li.appendChild(p);}
var t=el('time','c-time',c.created.slice(0,16).replace('T',' '));t.setAttribute('datetime',c.created);li.appendChild(t);
li.appendChild(el('span','c-up',String(c.up)));li.appendChild(el('span','c-down',String(c.down)));
if(!c.parent)li.appendChild(el('ul','c-replies'));return li;}
function load(){more.disabled=true;fetch(cfg.api+'?article='+cfg.article+'&limit='+cfg.limit+'&cursor='+encodeURIComponent(next)).then(function(r){return r.json();}).then(function(j){
var d=j.data;if(!thread){var box=document.getElementById('comments');var head=el('p','c-head','댓글 ');var n=el('strong','c-count');head.appendChild(n);head.appendChild(document.createTextNode('개'));box.appendChild(head);var st=d.stats,stats=el('ul','c-stats');
[['current','현재 댓글',st.current],['author','작성자 삭제',st.deleted_by_author],['moderator','규정 미준수',st.deleted_by_moderator]].forEach(function(x){var li=el('li','c-stat c-stat-'+x[0],x[1]+' ');li.appendChild(el('b','c-stat-n',String(x[2])));stats.appendChild(li);});
box.appendChild(stats);var chart=el('div','c-chart');
var g=el('p','c-gender');var m=el('span','c-male','남 '+st.male+'%');var f=el('span','c-female','여 '+st.female+'%');g.appendChild(m);g.appendChild(f);chart.appendChild(g);
cfg.ages.forEach(function(a){var s=el('span','c-age',a+'대 '+st.ages[a]+'%');s.setAttribute('data-age',a);s.setAttribute('data-percent',String(st.ages[a]));chart.appendChild(s);});box.appendChild(chart);
thread=el('ul','c-thread');box.appendChild(thread);}
document.querySelector('.c-count').textContent=String(d.total);var byId={};
Array.prototype.forEach.call(document.querySelectorAll('.c['+cfg.idAttr+']'),function(e){byId[e.getAttribute(cfg.idAttr)]=e;});
d.items.forEach(function(c){var li=item(c);byId[String(c.cid)]=li;if(c.parent){var up=byId[String(c.parent)];(up?up.querySelector('.c-replies'):thread).appendChild(li);}else thread.appendChild(li);});
next=d.next||'';more.style.display=next?'':'none';more.disabled=false;});}
more.addEventListener('click',load);setTimeout(load,cfg.delay);})();</script>`,
  });
}

/** The cursor: the number of top-level comments already given, opaque to clients. */
const encodeCursor = (n: number): string => Buffer.from(`o:${n}`).toString('base64url');
function decodeCursor(c: string): number | null {
  if (!c) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

const item = (c: PortalComment) => ({
  cid: c.commentNo,
  parent: c.parentCommentNo || null,
  nick: c.userName,
  body: c.contents,
  created: isoKst(c.regTime),
  updated: isoKst(c.modTime),
  up: c.sympathyCount,
  down: c.antipathyCount,
  replies: c.replyCount,
  deleted: c.deleted,
});

/**
 * `GET /wire/api/comments?article=A...&limit=n&cursor=c`: `limit` top-level comments oldest first,
 * each followed by its replies, `{ data: { items, next, total } }`; `next` is null on the last page.
 */
export function handleWireComments(corpus: Corpus, store: CommentStore, now: number, params: URLSearchParams, change: string | null = null): Reply {
  const answer = (status: number, v: unknown): Reply => ({ status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(v) });
  const ids = fromWireId(params.get('article') ?? '');
  const a = ids && corpus.byKey.get(`${ids.oid}/${ids.aid}`);
  if (!a || !a.portal || a.publishedAt > now) return answer(404, { error: 'no such article' });
  const at = decodeCursor(params.get('cursor') ?? '');
  if (at === null) return answer(400, { error: 'bad cursor' });
  const limit = Math.min(100, Math.max(1, Number(params.get('limit') ?? '20') || 20));
  const visible = store.visible(a, now);
  const tops = visible.filter((c) => c.parentCommentNo === 0).sort((x, y) => x.commentNo - y.commentNo);
  const page = tops.slice(at, at + limit);
  let rows = page.flatMap((t) => [t, ...visible.filter((c) => c.parentCommentNo === t.commentNo).sort((x, y) => x.commentNo - y.commentNo)]);
  if (change === 'count') rows = rows.filter((c) => !c.deleted);
  const items = rows.map(item).map((x) => {
    if (change !== 'field') return x;
    const { body, ...rest } = x;
    return { ...rest, text: body };
  });
  return answer(200, {
    data: {
      items,
      next: at + limit < tops.length ? encodeCursor(at + limit) : null,
      total: countComments(visible).total,
      stats: commentStats(corpus, a, visible),
    },
  });
}
