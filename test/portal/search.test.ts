import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Article } from './corpus.js';
import { corpus, NOW } from './fixtures.js';
import { highlight } from './html.js';
import { kstDay } from './kst.js';
import { renderSearchPage } from './render-search.js';
import { findArticles, matches, pageOf, parseNso, parsePortalSearch, type SearchPageRequest } from './search.js';
import { ALT, CHANGED, NAVER } from './skins.js';

const params = (q: string): URLSearchParams => new URLSearchParams(q);

/** A keyword-day with more than 20 results, and its articles. */
function busyKeywordDay(): { keyword: string; day: string; found: Article[] } {
  const c = corpus();
  for (const day of [...c.byDay.keys()].reverse()) {
    for (const keyword of c.keywords) {
      const found = findArticles(c, { query: keyword, terms: [keyword], from: day, to: day, sort: 'latest' }, NOW);
      if (found.length > 20) return { keyword, day, found };
    }
  }
  throw new Error('no busy keyword-day');
}

test('parsePortalSearch: the real parameters', () => {
  const r = parsePortalSearch(params('where=news&query=%EB%B0%98%EB%8F%84%EC%B2%B4&sort=1&pd=3&ds=2024.11.01&de=2024.11.03&start=21'));
  assert.equal(r, { query: '반도체', terms: ['반도체'], from: '2024-11-01', to: '2024-11-03', sort: 'latest', start: 21 });
});

test('parsePortalSearch: nso range and order, sort defaults to relevance, bad start is 1', () => {
  const r = parsePortalSearch(params('query=a&nso=so:da,p:from20241101to20241102,a:all&start=x'));
  assert.equal([r.from, r.to, r.sort, r.start], ['2024-11-01', '2024-11-02', 'oldest', 1]);
  assert.is(parsePortalSearch(params('query=a')).sort, 'relevance');
  assert.equal(parseNso('so:r,p:all,a:all'), { sort: 'relevance', from: null, to: null });
  assert.equal([parsePortalSearch(params('query=a')).from, parsePortalSearch(params('query=a')).to], [null, null]);
});

test('matching: every term in the title or summary', () => {
  const a = corpus().articles[0]!;
  const kw = a.topics[0]!;
  assert.ok(matches(a, [kw]));
  assert.not.ok(matches(a, [kw, '존재하지않는말']));
  assert.not.ok(matches(a, []));
});

test('date filtering is by KST day and excludes what is not published yet', () => {
  const c = corpus();
  const { keyword, day, found } = busyKeywordDay();
  for (const a of found) assert.is(kstDay(a.publishedAt), day);
  const all = c.articles.filter((a) => kstDay(a.publishedAt) === day && matches(a, [keyword]) && a.publishedAt <= NOW);
  assert.is(found.length, all.length);
  const today = findArticles(c, { query: '', terms: [c.keywords[0]!], from: '2024-12-02', to: '2024-12-02', sort: 'latest' }, NOW);
  assert.ok(today.every((a) => a.publishedAt <= NOW));
  assert.equal(findArticles(c, { query: 'x', terms: ['x'], from: '2024-12-02', to: '2024-12-01', sort: 'latest' }, NOW), []);
});

test('sort orders: latest, oldest, relevance', () => {
  const c = corpus();
  const { keyword, day } = busyKeywordDay();
  const criteria = { query: keyword, terms: [keyword], from: day, to: day };
  const latest = findArticles(c, { ...criteria, sort: 'latest' }, NOW);
  const oldest = findArticles(c, { ...criteria, sort: 'oldest' }, NOW);
  const relevant = findArticles(c, { ...criteria, sort: 'relevance' }, NOW);
  for (let i = 1; i < latest.length; i++) assert.ok(latest[i - 1]!.publishedAt >= latest[i]!.publishedAt);
  assert.equal(
    oldest.map((a) => a.key),
    latest.map((a) => a.key).reverse(),
  );
  assert.equal(new Set(relevant.map((a) => a.key)), new Set(latest.map((a) => a.key)));
  assert.ok(relevant[0]!.title.includes(keyword));
});

test('paging: 10 per page, next start until the last page', () => {
  const { found } = busyKeywordDay();
  const first = pageOf(found, 1);
  assert.is(first.items.length, 10);
  assert.is(first.nextStart, 11);
  assert.is(first.prevStart, null);
  const lastStart = Math.floor((found.length - 1) / 10) * 10 + 1;
  const last = pageOf(found, lastStart);
  assert.is(last.items.length, found.length - lastStart + 1);
  assert.is(last.nextStart, null);
  assert.is(pageOf(found, lastStart + 10).items.length, 0);
  const seen = [];
  for (let s: number | null = 1; s !== null; s = pageOf(found, s).nextStart) seen.push(...pageOf(found, s).items);
  assert.equal(seen, found);
});

test('highlight: marks every occurrence and escapes around and inside', () => {
  assert.is(highlight('R&D 반도체 "반도체"', ['반도체']), 'R&amp;D <mark>반도체</mark> &quot;<mark>반도체</mark>&quot;');
  assert.is(highlight('<기획> AI', ['ai']), '&lt;기획&gt; <mark>AI</mark>');
  assert.is(highlight('a', []), 'a');
});

function render(req: SearchPageRequest, skin = NAVER, now = NOW, unreadable?: 'date' | 'title'): string {
  const found = findArticles(corpus(), req, now);
  const query = `query=${encodeURIComponent(req.query)}`;
  return renderSearchPage({ base: 'http://portal.test', skin, request: req, page: pageOf(found, req.start), now, params: params(query), unreadable });
}

test('render: real structure, relative dates for recent days, portal links only for portal articles', () => {
  const { keyword, day, found } = busyKeywordDay();
  const html = render({ query: keyword, terms: [keyword], from: day, to: day, sort: 'latest', start: 1 });
  assert.is((html.match(/<li class="bx"/g) ?? []).length, 10);
  assert.ok(html.includes('<ul class="list_news">'));
  assert.ok(html.includes('class="news_tit"'));
  assert.ok(html.includes('<div class="news_dsc">'));
  assert.ok(html.includes(`<mark>${keyword}</mark>`));
  assert.ok(/<span class="info">\d+(분|시간|일|주) 전<\/span>/.test(html), 'relative dates');
  const portalLinks =
    html.match(/<a href="http:\/\/portal\.test\/mnews\/article\/\d{3}\/\d{10}\?sid=10\d" class="info" target="_blank">네이버뉴스<\/a>/g) ?? [];
  assert.is(portalLinks.length, found.slice(0, 10).filter((a) => a.portal).length);
  assert.ok(html.includes('class="btn_next" aria-disabled="false"'));
  assert.ok(html.includes('start=11'));
});

test('render: the last page disables the next button, old days show absolute dates', () => {
  const c = corpus();
  const kw = c.keywords[0]!;
  const day = c.firstDate;
  const found = findArticles(c, { query: kw, terms: [kw], from: day, to: day, sort: 'latest' }, NOW);
  assert.ok(found.length > 0 && found.length <= 10);
  const html = render({ query: kw, terms: [kw], from: day, to: day, sort: 'latest', start: 1 });
  assert.ok(html.includes('class="btn_next" aria-disabled="true"'));
  assert.ok(html.includes(`<span class="info">${day.replace(/-/g, '.')}.</span>`));
});

test('render: no results page', () => {
  const html = render({ query: '없는검색어<>', terms: ['없는검색어<>'], from: null, to: null, sort: 'relevance', start: 1 });
  assert.ok(html.includes('class="not_found02"'));
  assert.ok(html.includes('없는검색어&lt;&gt;'));
  assert.not.ok(html.includes('list_news'));
});

test('render: the changed and alternate markups do not carry the real class names', () => {
  const { keyword, day } = busyKeywordDay();
  const req = { query: keyword, terms: [keyword], from: day, to: day, sort: 'latest' as const, start: 1 };
  for (const skin of [CHANGED, ALT]) {
    const html = render(req, skin);
    for (const real of ['list_news', '"bx"', 'news_tit', 'news_dsc', 'info_group', 'btn_next'])
      assert.not.ok(html.includes(real), `${skin.name}: ${real}`);
  }
  const alt = render(req, ALT);
  assert.ok(alt.includes('<ol class="results">') && alt.includes('<h3 class="result-title"><a href='));
  assert.ok(alt.includes('/alt/story/'));
});

test('render: the unreadable variants change only the second result of the page', () => {
  const { keyword, day } = busyKeywordDay();
  const req = { query: keyword, terms: [keyword], from: day, to: day, sort: 'latest' as const, start: 1 };
  const items = (html: string) => html.split('<li class="bx"').slice(1);
  const plain = items(render(req));
  const dated = items(render(req, NAVER, NOW, 'date'));
  const untitled = items(render(req, NAVER, NOW, 'title'));
  assert.ok(plain.length >= 3);
  assert.equal(
    dated.map((h, i) => h === plain[i]),
    plain.map((_, i) => i !== 1),
  );
  assert.ok(dated[1]!.includes('<span class="info">날짜 미상</span>'));
  assert.ok(untitled[1]!.includes('class="news_tit_gone"') && !untitled[1]!.includes('class="news_tit"'));
  assert.equal(
    untitled.map((h, i) => h === plain[i]),
    plain.map((_, i) => i !== 1),
  );
});

test.run();
