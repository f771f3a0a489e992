// The search results page (and its "no results" variant) for a skin.
import type { Article } from './corpus.js';
import { escapeHtml, highlight, htmlDocument } from './html.js';
import { searchDateText } from './kst.js';
import { PAGE_SIZE, type SearchPage, type SearchPageRequest, MAX_START } from './search.js';
import type { Skin } from './skins.js';
import { outletLink } from './outlets.js';

export interface SearchView {
  /** Absolute base URL links are built on, e.g. `http://127.0.0.1:18090`. */
  base: string;
  skin: Skin;
  request: SearchPageRequest;
  page: SearchPage;
  now: number;
  /** The request's query parameters, kept in pagination links. */
  params: URLSearchParams;
  /**
   * The `markup` fault's item variants: the second result of every page shows a date no profile reads
   * ("날짜 미상") or loses its title link's class, while the results beside it stay as they are.
   */
  unreadable?: 'date' | 'title';
}

/** The result on each page that an `unreadable` variant changes (0-based). */
export const UNREADABLE_INDEX = 1;

export function renderSearchPage(view: SearchView): string {
  const { skin, request, page } = view;
  const m = skin.search;
  const q = escapeHtml(request.query);
  const body =
    page.items.length === 0
      ? renderNotFound(view)
      : `<div class="${m.group}">
<${m.listTag} class="${m.list}">
${page.items.map((a, i) => renderItem(view, a, page.start + i, i === UNREADABLE_INDEX ? view.unreadable : undefined)).join('\n')}
</${m.listTag}>
</div>
${renderPaging(view)}`;
  return htmlDocument({
    title: `${request.query} : ${skin.siteName} 검색`,
    body: `<div id="wrap">
<div id="header"><form id="nx_search_form" action="${skin.paths.search}" method="get">
<input type="hidden" name="where" value="news"><input id="nx_query" name="${skin.name === 'alt' ? 'q' : 'query'}" type="search" value="${q}"><button type="submit">검색</button>
</form></div>
<div id="container"><div id="main_pack">
<section class="sc_new sp_nnews _prs_nws"><div class="api_subject_bx">
<div class="api_title_area"><h2 class="api_title">뉴스</h2></div>
${body}
</div></section>
</div></div>
</div>`,
  });
}

function renderItem(view: SearchView, a: Article, position: number, unreadable?: 'date' | 'title'): string {
  const m = view.skin.search;
  const terms = view.request.terms;
  const portal = a.portal
    ? `\n<a href="${escapeHtml(view.base + view.skin.paths.article(a.oid, a.aid, a.section.sid))}" class="${m.portalLink}" target="_blank">${m.portalLabel}</a>`
    : '';
  const print = a.printPosition ? `\n<span class="${m.info}">${escapeHtml(a.printPosition)}</span>` : '';
  const titleLink = (cls: string): string =>
    `<a href="${escapeHtml(outletLink(view.base, a))}"${cls ? ` class="${cls}"` : ''} target="_blank" title="${escapeHtml(a.title)}">${highlight(a.title, terms)}</a>`;
  const titleClass = unreadable === 'title' ? `${m.title}_gone` : m.title;
  const title = m.titleWrapTag ? `<${m.titleWrapTag} class="${titleClass}">${titleLink('')}</${m.titleWrapTag}>` : titleLink(titleClass);
  const date = unreadable === 'date' ? '날짜 미상' : searchDateText(a.publishedAt, view.now);
  return `<li class="${m.item}" id="sp_nws${position}">
<div class="${m.wrap}">
<div class="${m.area}">
<div class="${m.infoWrap}"><div class="${m.infoGroup}">
<a href="https://${escapeHtml(a.publisher.domain)}/" class="${m.press}" target="_blank">${escapeHtml(a.publisher.name)}</a>${print}
<span class="${m.date}">${escapeHtml(date)}</span>${portal}
</div></div>
${title}
<div class="${m.dsc}"><div class="${m.dscInner}">${highlight(a.summary, terms)}</div></div>
</div>
</div>
</li>`;
}

function renderNotFound(view: SearchView): string {
  const m = view.skin.search;
  return `<div class="api_noresult_wrap"><div class="${m.notFound}"><div class="text_box">
<p class="dsc">'<em>${escapeHtml(view.request.query)}</em>'에 대한 검색결과가 없습니다.</p>
<ul class="dsc_list"><li>단어의 철자가 정확한지 확인해 보세요.</li><li>검색 기간을 바꾸거나 다른 검색어로 검색해 보세요.</li></ul>
</div></div></div>`;
}

function renderPaging(view: SearchView): string {
  const { skin, page } = view;
  const m = skin.search;
  const lastStart = Math.min(MAX_START, page.total);
  const pages = Math.max(1, Math.ceil(lastStart / PAGE_SIZE));
  const current = Math.floor((page.start - 1) / PAGE_SIZE) + 1;
  const blockFirst = Math.floor((current - 1) / 10) * 10 + 1;
  const buttons: string[] = [];
  for (let n = blockFirst; n <= Math.min(pages, blockFirst + 9); n++) {
    buttons.push(
      `<a href="${pageHref(view, (n - 1) * PAGE_SIZE + 1)}" class="${m.pageButton}" aria-pressed="${n === current}" role="button">${n}</a>`,
    );
  }
  const arrow = (cls: string, start: number | null, label: string): string =>
    start === null
      ? `<a href="#" class="${cls}" aria-disabled="true" role="button">${label}</a>`
      : `<a href="${pageHref(view, start)}" class="${cls}" aria-disabled="false" role="button">${label}</a>`;
  return `<div class="${m.paging}">
${arrow(m.prev, page.prevStart, '이전')}
<div class="${m.pagingInner}">${buttons.join('')}</div>
${arrow(m.next, page.nextStart, '다음')}
</div>`;
}

function pageHref(view: SearchView, start: number): string {
  const params = new URLSearchParams(view.params);
  if (view.skin.paths.pageParam === 'page') {
    params.delete('start');
    params.set('page', String(Math.floor((start - 1) / PAGE_SIZE) + 1));
  } else {
    params.set('start', String(start));
  }
  return escapeHtml(`${view.skin.paths.search}?${params.toString()}`);
}
