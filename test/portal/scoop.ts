// A fifth site over the same corpus, under `/scoop/`: an outlet whose search page is an empty shell
// that its script fills from a JSON endpoint, page after page on a "더보기" (more) control, as many
// Korean outlets' search pages do. The endpoint `/scoop/api/search?q=&date=YYYY-MM-DD&offset=&limit=`
// answers `{code, message, data: {totalCount, hasMore, list: [{newsId, title, summary, source, link,
// viewUrl, regDate}]}}` with regDate as YYYYMMDDHHmmss in KST and viewUrl the outlet's own page for the
// articles it hosts. Its article pages (`/scoop/news/{id}`) carry schema.org NewsArticle JSON-LD beside
// the visible markup. The `markup` fault renames the items' `title` to `headline`; its variant `date`
// writes regDate as "12월 2일 15:15", which no date setting reads.
import type { Article, Corpus } from './corpus.js';
import { escapeHtml, htmlDocument, scriptJson } from './html.js';
import { isoKst, kstParts, parseDay } from './kst.js';
import { outletLink } from './outlets.js';
import { JSON_TYPE, type Reply } from './reply.js';
import { findArticles, parseTerms } from './search.js';
import { renderWireArticle, wireId } from './wire.js';

export const scoopArticlePath = (a: Pick<Article, 'oid' | 'aid'>): string => `/scoop/news/${wireId(a)}`;

function regDate(ms: number, unreadable: boolean): string {
  const p = kstParts(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (unreadable) return `${p.month}월 ${p.day}일 ${pad(p.hour)}:${pad(p.minute)}`;
  return `${p.year}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** `GET /scoop/api/search`: one day's results for the query, newest first, `limit` from `offset`. */
export function handleScoopSearch(corpus: Corpus, now: number, base: string, params: URLSearchParams, change: string | null): Reply {
  const answer = (status: number, v: unknown): Reply => ({ status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(v) });
  const query = params.get('q') ?? '';
  const day = parseDay(params.get('date'));
  const offset = Number(params.get('offset') ?? '0');
  const limit = Number(params.get('limit') ?? '10');
  if (!day || !Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 50)
    return answer(400, { code: '4000', message: 'q, date (YYYY-MM-DD), offset (0 or more) and limit (1 to 50) are expected' });
  const all = findArticles(corpus, { query, terms: parseTerms(query), from: day, to: day, sort: 'latest' }, now);
  const list = all.slice(offset, offset + limit).map((a) => {
    const item: Record<string, unknown> = {
      newsId: wireId(a),
      summary: a.summary,
      source: a.publisher.name,
      link: outletLink(base, a),
      viewUrl: a.portal ? base + scoopArticlePath(a) : null,
      regDate: regDate(a.publishedAt, change === 'date'),
    };
    item[change === 'markup' ? 'headline' : 'title'] = a.title;
    return item;
  });
  return answer(200, { code: '0000', message: 'success', data: { totalCount: all.length, hasMore: offset + limit < all.length, list } });
}

/** The search page: a shell whose script reads the JSON endpoint and appends results on "더보기". */
export function renderScoopSearch(params: URLSearchParams): string {
  const cfg = { q: params.get('q') ?? '', date: params.get('date') ?? '', limit: 10 };
  return htmlDocument({
    title: `${cfg.q} - 스쿱 검색`,
    body: `<div class="wrap"><h1>스쿱 뉴스</h1><ul id="search-list"></ul>
<button type="button" class="btn-more" style="display:none">더보기</button></div>
<script>(function(){var cfg=${scriptJson(cfg)};var offset=0;var list=document.getElementById('search-list');var more=document.querySelector('.btn-more');
function load(){fetch('/scoop/api/search?q='+encodeURIComponent(cfg.q)+'&date='+cfg.date+'&offset='+offset+'&limit='+cfg.limit).then(function(r){return r.json();}).then(function(j){
j.data.list.forEach(function(it){var li=document.createElement('li');var a=document.createElement('a');a.href=it.viewUrl||it.link;a.textContent=it.title;li.appendChild(a);list.appendChild(li);});
offset+=j.data.list.length;more.style.display=j.data.hasMore?'':'none';});}
more.addEventListener('click',load);load();})();</script>`,
  });
}

/** The outlet's article page: the /wire/ markup with schema.org NewsArticle JSON-LD in its head. */
export function renderScoopArticle(a: Article, commentTotal: number, base: string): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    datePublished: isoKst(a.publishedAt),
    ...(a.modifiedAt === null ? {} : { dateModified: isoKst(a.modifiedAt) }),
    author: [{ '@type': 'Person', name: a.byline }],
    publisher: { '@type': 'Organization', name: a.publisher.name },
    mainEntityOfPage: base + scoopArticlePath(a),
  };
  const head = `<script type="application/ld+json">${scriptJson(ld)}</script>\n<link rel="canonical" href="${escapeHtml(base + scoopArticlePath(a))}">\n`;
  return renderWireArticle(a, commentTotal).replace('</head>', `${head}</head>`);
}
