import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../../lib/crd/types.gen.js';
import { fromRoot } from '../../lib/paths.js';
import { resolveProfile } from '../../lib/sources/profile.js';
import { CollectError } from '../errors.js';
import { mergeArticlePage, type ArticleSnapshot } from './article.js';
import { checkPage } from './page.js';
import { parseSearchSnapshot, type SearchItemSnapshot, type SearchSnapshot } from './search.js';
import { describeUnreadItem } from './unread.js';

const profile = resolveProfile(
  'naver',
  (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec,
);
const ctx = { day: '2024-12-02', now: new Date('2024-12-02T06:00:00Z'), isTest: false, keyword: '반도체' };
const page = (items: SearchItemSnapshot[], extra: Partial<SearchSnapshot> = {}): SearchSnapshot => ({
  url: 'https://search.naver.com/x',
  status: 200,
  blocked: false,
  documentTitle: 't',
  items,
  noResults: false,
  hasNext: true,
  ...extra,
});
const item = (o: Partial<SearchItemSnapshot> = {}): SearchItemSnapshot => ({
  titleText: '반도체 수출 회복',
  titleAttr: '반도체 수출 "회복" 전망',
  titleHref: 'https://www.pub.co.kr/news/1?utm_source=naver',
  summary: '  반도체 수출이\n 회복세 ',
  publisher: '한국경제',
  publisherHref: 'https://www.pub.co.kr/',
  dates: ['A12면 1단', '3시간 전'],
  portalHref: 'https://n.news.naver.com/mnews/article/015/0000000123?sid=101',
  ...o,
});

test('a portal result becomes an article keyed by oid/aid with the date read among the info spans', () => {
  const r = parseSearchSnapshot(page([item()]), profile, ctx);
  assert.is(r.articles.length, 1);
  const a = r.articles[0]!;
  assert.is(a.identity, '015/0000000123');
  assert.is(a.title, '반도체 수출 "회복" 전망');
  assert.is(a.description, '반도체 수출이 회복세');
  assert.is(a.publisher, '한국경제');
  assert.is(a.publisherDomain, 'pub.co.kr');
  assert.is(a.originalUrl, 'https://www.pub.co.kr/news/1');
  // "3시간 전" at 15:00 KST: 11:00-12:00 KST, stored from its start, to the hour.
  assert.is(a.publishedAt?.toISOString(), '2024-12-02T02:00:00.000Z');
  assert.is(a.publishedPrecision, 'hour');
  assert.is(a.raw.datePrecision, 'hour');
});

test('a result only on the publisher site is keyed by its canonical URL', () => {
  const r = parseSearchSnapshot(page([item({ portalHref: null, dates: ['2024.12.02.'] })]), profile, ctx);
  assert.is(r.articles[0]!.identity, 'https://www.pub.co.kr/news/1');
  assert.is(r.articles[0]!.oid, null);
  assert.is(r.articles[0]!.publishedAt?.toISOString(), '2024-12-01T15:00:00.000Z');
});

test('an empty page with the "no results" marker is the normal end', () => {
  assert.equal(parseSearchSnapshot(page([], { noResults: true }), profile, ctx), {
    articles: [],
    shown: 0,
    unread: [],
    hasNext: false,
    nextHref: null,
  });
});

test('an empty page without the marker means the layout changed, naming the selector', () => {
  assert.throws(
    () => parseSearchSnapshot(page([]), profile, ctx),
    (e: CollectError) => e.kind === 'permanent' && e.reason.includes('layout changed') && e.reason.includes('ul.list_news > li.bx'),
  );
});

test('items without any title mean the title selector no longer matches', () => {
  assert.throws(
    () => parseSearchSnapshot(page([item({ titleText: null, titleAttr: null })]), profile, ctx),
    (e: CollectError) => e.kind === 'permanent' && e.reason.includes('a.news_tit'),
  );
});

const withSel = (o: Partial<typeof profile.search.selectors>, dates: Partial<typeof profile.dates> = {}) => ({
  ...profile,
  search: { ...profile.search, selectors: { ...profile.search.selectors, ...o } },
  dates: { ...profile.dates, ...dates },
});

const dropCases: [string, typeof profile, SearchItemSnapshot[], RegExp][] = [
  [
    'no result of three has a title',
    profile,
    [item({ titleText: null, titleAttr: null }), item({ titleText: null, titleAttr: null }), item({ titleText: '', titleAttr: '' })],
    /3 of 3 results matched by ul\.list_news > li\.bx have no title \(read from attribute title or the text of a\.news_tit\)/,
  ],
  [
    'a title attribute renamed, with the text read instead',
    withSel({ titleAttribute: '' }),
    [item({ titleText: null })],
    /no title \(read from the text of a\.news_tit\)/,
  ],
  [
    'a result with neither a publisher link nor a portal link',
    profile,
    [item({ titleHref: null, portalHref: null })],
    /1 of 1 results .* have no link to the article \(href of a\.news_tit, or div\.info_group a\.info\[href\*="\/article\/"\] matching articleIdPattern\)/,
  ],
  [
    'no date in a form the profile reads',
    profile,
    [item({ dates: ['A12면 1단', '지난주'] }), item({ dates: ['지난달'] })],
    /2 of 2 results .* have no date that reads \(the text of div\.info_group span\.info: found "A12면 1단", "지난주", "지난달"; expected a relative date such as "3시간 전" or a text matching dates\.absolutePattern/,
  ],
  [
    'an exact-time attribute that vanished',
    withSel({ dateAttribute: 'datetime' }),
    [item({ dateValues: [null] })],
    /have no date that reads \(attribute datetime of div\.info_group span\.info: found nothing; expected an ISO-like time/,
  ],
];
for (const [name, p, items, re] of dropCases) {
  test(`no result of the page reads, the layout changed: ${name}`, () => {
    assert.throws(
      () => parseSearchSnapshot(page(items), p, ctx),
      (e: CollectError) => e.kind === 'permanent' && re.test(e.reason),
    );
  });
}

const partialCases: [string, typeof profile, SearchItemSnapshot[], number, string[]][] = [
  [
    'one result of three without a title',
    profile,
    [item(), item({ titleText: null, titleAttr: null }), item({ portalHref: null })],
    2,
    ['#2 title (attribute title or the text of a.news_tit): found nothing; expected a non-empty title'],
  ],
  [
    'a result said "지난주", which the profile does not read: the results beside it are kept',
    profile,
    [item(), item({ dates: ['A12면 1단', '지난주'] }), item({ portalHref: null })],
    2,
    [
      '#2 date (the text of div.info_group span.info): found "A12면 1단", "지난주"; expected a relative date such as "3시간 전" or a text matching dates.absolutePattern ' +
        `${profile.dates.absolutePattern} as a whole`,
    ],
  ],
  [
    'a result without any link, and one with an exact time gone',
    withSel({ dateAttribute: 'datetime' }),
    [item({ dateValues: ['2024-12-02T09:15:00+09:00'] }), item({ titleHref: null, portalHref: null }), item({ dateValues: [null] })],
    1,
    [
      '#2 link (href of a.news_tit, or div.info_group a.info[href*="/article/"] matching articleIdPattern): found nothing; expected a link to the article',
      '#3 date (attribute datetime of div.info_group span.info): found nothing; expected an ISO-like time such as 2024-12-02T09:15:00+09:00',
    ],
  ],
];
for (const [name, p, items, stored, unread] of partialCases) {
  test(`a partly unreadable search page keeps the rest and reports what did not read: ${name}`, () => {
    const r = parseSearchSnapshot(page(items), p, ctx);
    assert.is(r.articles.length, stored);
    assert.is(r.shown, items.length);
    assert.equal(r.unread.map(describeUnreadItem), unread);
    assert.ok(r.unread.every((u) => u.kind === 'search-result' && u.page === 'https://search.naver.com/x'));
  });
}

test('the "next" link is kept for nextLink paging, only while there is a next page', () => {
  assert.is(parseSearchSnapshot(page([item()], { nextHref: 'https://s.example/p?c=abc' }), profile, ctx).nextHref, 'https://s.example/p?c=abc');
  assert.is(parseSearchSnapshot(page([item()], { hasNext: false, nextHref: 'https://s.example/p?c=abc' }), profile, ctx).nextHref, null);
});

test('an exact time from the date attribute', () => {
  const r = parseSearchSnapshot(
    page([item({ dates: ['1시간 전'], dateValues: ['2024-12-02T09:15:07+09:00'] })]),
    withSel({ dateAttribute: 'datetime' }),
    ctx,
  );
  assert.equal([r.articles[0]!.publishedAt?.toISOString(), r.articles[0]!.raw.datePrecision], ['2024-12-02T00:15:07.000Z', 'exact']);
});

test('a one-part article id from the portal link', () => {
  const oneGroup = { ...profile, articleIdPattern: '/news/(A\\d+)', articleIdPatterns: [], articleIdTemplate: '' };
  const a = parseSearchSnapshot(page([item({ portalHref: 'https://s.example/news/A12000' })]), oneGroup, ctx).articles[0]!;
  assert.equal([a.identity, a.oid, a.aid, a.portalUrl], ['A12000', null, null, 'https://s.example/news/A12000']);
});

const pageCases: [string, Partial<SearchSnapshot>, boolean, string | null][] = [
  ['expected content present: fine whatever else', { blocked: true, status: 500 }, true, null],
  ['a block page is permanent', { blocked: true, status: 403 }, false, 'permanent:blocked'],
  ['HTTP 500 is retryable', { status: 500 }, false, 'retryable:HTTP 500'],
  ['HTTP 429 is retryable', { status: 429 }, false, 'retryable:429'],
  ['HTTP 404 is permanent', { status: 404 }, false, 'permanent:404'],
  ['an unreachable site is retryable', { status: 0 }, false, 'retryable:could not be reached'],
  ['a 200 page without content is left to the parser', {}, false, null],
];
for (const [name, p, found, want] of pageCases) {
  test(`page check: ${name}`, () => {
    let got: string | null = null;
    try {
      checkPage(page([], p), found, 'search page 1');
    } catch (e) {
      const c = e as CollectError;
      got = `${c.kind}:${c.reason}`;
    }
    if (want === null) assert.is(got, null);
    else {
      const [kind, text] = want.split(':') as [string, string];
      assert.ok(got?.startsWith(kind + ':') && got.includes(text), got ?? 'no error');
    }
  });
}

const articlePage = (o: Partial<ArticleSnapshot>) => ({
  url: 'http://site/a/1',
  status: 200,
  blocked: false,
  documentTitle: '',
  title: 't',
  byline: null,
  publisher: null,
  publishedAt: '2024-12-02 09:15:00',
  section: null,
  bodyLength: 0,
  ...o,
});

test('the article page adds section, byline and the exact time', () => {
  const rec = parseSearchSnapshot(page([item()]), profile, ctx).articles[0]!;
  const merged = mergeArticlePage(
    rec,
    articlePage({ title: ' 반도체 ', byline: ' 김기자 기자 ', publisher: '한국경제', section: '경제', bodyLength: 100 }),
    profile,
  );
  assert.is(merged.section, '경제');
  assert.is(merged.byline, '김기자 기자');
  assert.is(merged.publishedAt?.toISOString(), '2024-12-02T00:15:00.000Z');
  assert.is(merged.raw.datePrecision, 'exact');
  assert.is(merged.body, null);
});

test('the article page adds the body text and the modified time', () => {
  const rec = parseSearchSnapshot(page([item()]), profile, ctx).articles[0]!;
  const merged = mergeArticlePage(rec, articlePage({ modifiedAt: '2024-12-02 10:01:02', bodyLength: 20, body: '첫 문단.\n\n둘째 문단.' }), profile);
  assert.equal([merged.body, merged.modifiedAt?.toISOString()], ['첫 문단.\n\n둘째 문단.', '2024-12-02T01:01:02.000Z']);
});

const timeCases: [string, Partial<ArticleSnapshot>, RegExp | null][] = [
  ["no time element: the search page's date stays", { publishedAt: null }, null],
  ['the time attribute renamed', { publishedAt: '' }, /no readable time in attribute data-date-time of .*found ""/],
  ['a published time that is not one', { publishedAt: '어제' }, /found "어제"; expected "YYYY-MM-DD HH:MM:SS"/],
  ['a modified time that is not one', { modifiedAt: 'x' }, /no readable time in attribute data-modify-date-time/],
];
for (const [name, o, re] of timeCases) {
  test(`the article page's times, nothing replaced in silence: ${name}`, () => {
    const rec = parseSearchSnapshot(page([item()]), profile, ctx).articles[0]!;
    if (!re) {
      assert.equal(mergeArticlePage(rec, articlePage(o), profile).publishedAt, rec.publishedAt);
      return;
    }
    assert.throws(
      () => mergeArticlePage(rec, articlePage(o), profile),
      (e: CollectError) => e.code === 'layout-changed' && re.test(e.reason),
    );
  });
}

test.run();
