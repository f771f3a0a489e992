import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../../lib/crd/types.gen.js';
import { fromRoot } from '../../lib/paths.js';
import { resolveProfile } from '../../lib/sources/profile.js';
import { CollectError } from '../errors.js';
import { readArticleOutput, readCommentsOutput, readSearchOutput, type PageFunctionResult } from './page-function.js';
import { describeUnreadItem } from './unread.js';

const profile = resolveProfile(
  'naver',
  (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec,
);
const ctx = { day: '2024-12-02', now: new Date('2024-12-02T06:00:00Z'), isTest: false, keyword: '반도체' };
const PAGE = 'https://site.example/search?page=1';
const ok = (value: unknown, url = PAGE): PageFunctionResult => ({ page: { url, status: 200, blocked: false, documentTitle: 't' }, ok: true, value });
const art = (o: Record<string, unknown> = {}) => ({
  url: 'https://www.pub.co.kr/news/1?utm_source=x',
  title: '반도체 수출 회복',
  publishedAt: '2024-12-02T09:15:00+09:00',
  ...o,
});
const layout = (re: RegExp) => (e: unknown) => e instanceof CollectError && e.code === 'layout-changed' && re.test(e.reason);

const searchCases: [string, unknown, { stored: number; unread: string[]; hasNext?: boolean }][] = [
  [
    'every result read, an exact time and a relative date the profile reads',
    {
      shown: 2,
      articles: [art(), art({ url: 'https://b.example/2', publishedAt: undefined, date: '3시간 전' })],
      hasNext: true,
      nextUrl: 'https://site.example/search?page=2',
    },
    { stored: 2, unread: [], hasNext: true },
  ],
  [
    'a result dated "지난주", which the profile does not read: the other kept, the path and the expectation named',
    { shown: 2, articles: [art(), art({ url: 'https://b.example/2', publishedAt: undefined, date: '지난주' })] },
    {
      stored: 1,
      unread: [
        '#2 /articles/1/date (pageFunctions.search): found "지난주"; expected publishedAt (an exact time such as 2024-12-02T09:15:00+09:00 or 2024-12-02 09:15:00) or date as the page shows it: a relative date such as "3시간 전" or a text matching dates.absolutePattern',
      ],
    },
  ],
  [
    'a result without a title and one with a relative link: items that do not fit the shape',
    { shown: 3, articles: [art(), art({ url: 'https://c.example/3', title: '' }), art({ url: '/news/4' })] },
    {
      stored: 1,
      unread: [
        '#2 /articles/1/title (pageFunctions.search): found ""; expected must NOT have fewer than 1 characters',
        '#3 /articles/2/url (pageFunctions.search): found "/news/4"; expected must match pattern "^https?://"',
      ],
    },
  ],
  [
    'the page shows more than the function returned: the rest are not read, never dropped in silence',
    { shown: 4, articles: [art(), art({ url: 'https://b.example/2' })], notRead: [{ position: 3, field: 'date', found: '방금' }] },
    {
      stored: 2,
      unread: [
        '#3 date (pageFunctions.search): found "방금"; expected what pageFunctions.search reads',
        '#4 result (pageFunctions.search): found not returned (the page shows 4, the function returned 3); expected every result the page shows, returned or listed in notRead',
      ],
    },
  ],
  ['no results', { shown: 0, articles: [], noResults: true }, { stored: 0, unread: [] }],
];
for (const [name, value, want] of searchCases) {
  test(`search page function: ${name}`, () => {
    const r = readSearchOutput(ok(value), profile, ctx);
    assert.is(r.articles.length, want.stored);
    assert.equal(r.unread.map(describeUnreadItem), want.unread);
    assert.is(r.hasNext, want.hasNext ?? false);
    if (want.hasNext) assert.is(r.nextHref, 'https://site.example/search?page=2');
  });
}

test('search page function: a result becomes the same record a selector profile makes', () => {
  const r = readSearchOutput(
    ok({
      shown: 1,
      articles: [art({ portalUrl: 'https://n.news.naver.com/mnews/article/015/0000000123', publisher: ' 한국경제 ', summary: ' 요약\n ' })],
    }),
    profile,
    ctx,
  );
  const a = r.articles[0]!;
  assert.equal(
    [a.identity, a.portalUrl, a.originalUrl, a.publisher, a.description, a.publisherDomain, a.publishedAt?.toISOString(), a.raw['datePrecision']],
    [
      '015/0000000123',
      'https://n.news.naver.com/mnews/article/015/0000000123',
      'https://www.pub.co.kr/news/1',
      '한국경제',
      '요약',
      'pub.co.kr',
      '2024-12-02T00:15:00.000Z',
      'exact',
    ],
  );
});

const searchFailures: [string, PageFunctionResult, RegExp][] = [
  [
    'the script threw',
    { page: ok(null).page, ok: false, error: "TypeError: Cannot read properties of null (reading 'textContent')\n    at x" },
    /pageFunctions\.search on https:\/\/site\.example\/search\?page=1 threw: TypeError: Cannot read properties of null \(reading 'textContent'\)$/,
  ],
  ['it returned nothing', ok(null), /returned what its shape does not allow: \/ must be object \(expected \{ shown, articles/],
  ['articles is not a list, shown is missing', ok({ articles: {} }), /\/ must have required property 'shown'; \/articles must be array/],
  [
    'more articles than it says the page shows',
    ok({ shown: 1, articles: [art(), art({ url: 'https://b.example/2' })] }),
    /returned 2 articles but says the page shows 1/,
  ],
  [
    'not one result reads',
    ok({ shown: 2, articles: [art({ publishedAt: 'yesterday' }), art({ title: 5 })] }),
    /read none of the 2 results .*\/articles\/0\/publishedAt: found "yesterday"; expected an exact time/,
  ],
];
for (const [name, r, re] of searchFailures)
  test(`search page function fails the page: ${name}`, () => assert.throws(() => readSearchOutput(r, profile, ctx), layout(re)));

const comment = (o: Record<string, unknown> = {}) => ({
  id: 101,
  parent: 0,
  author: 'ab****',
  text: '첫 줄\n둘째 줄',
  writtenAt: '2024-12-02T09:15:00+0900',
  likes: 3,
  dislikes: 1,
  ...o,
});
const commentCases: [string, unknown, { stored: [number, number | null, boolean, number][]; unread: string[]; total: number | null }][] = [
  [
    'comments and a reply, the parent counted',
    { shown: 2, comments: [comment(), comment({ id: '102', parent: 101 })] },
    {
      stored: [
        [101, null, false, 1],
        [102, 101, true, 0],
      ],
      unread: [],
      total: 2,
    },
  ],
  [
    'a prefixed id the function did not strip, and a time that is not one: the rest kept',
    { shown: 3, comments: [comment({ id: 'c-7309123' }), comment({ id: 7309124 }), comment({ id: 7309125, writtenAt: '1시간 전' })] },
    {
      stored: [[7309124, null, false, 0]],
      unread: [
        '#1 /comments/0/id (pageFunctions.comments): found "c-7309123"; expected a positive whole number',
        '#3 /comments/2/writtenAt (pageFunctions.comments): found "1시간 전"; expected an exact time such as 2024-12-02T09:15:00+09:00 or 2024-12-02 09:15:00',
      ],
      total: 3,
    },
  ],
  [
    'a like count that is not a number, and a deleted comment kept with what the site shows',
    { shown: null, comments: [comment({ likes: '1.4천' }), comment({ id: 5, deleted: true, text: '삭제된 댓글입니다.' })] },
    {
      stored: [[5, null, false, 0]],
      unread: ['#1 /comments/0/likes (pageFunctions.comments): found "1.4천"; expected must be integer'],
      total: null,
    },
  ],
];
for (const [name, value, want] of commentCases) {
  test(`comments page function: ${name}`, () => {
    const r = readCommentsOutput(ok(value), profile);
    assert.equal(
      r.comments.map((c) => [c.commentNo, c.parentCommentNo, c.isReply, c.replyCount]),
      want.stored,
    );
    assert.equal(r.unread.map(describeUnreadItem), want.unread);
    assert.is(r.total, want.total);
  });
}

test('comments page function: a deleted comment has no text but keeps its author and counts', () => {
  const [c] = readCommentsOutput(ok({ shown: 1, comments: [comment({ deleted: true, text: '삭제' })] }), profile).comments;
  assert.equal([c!.isDeleted, c!.text, c!.author, c!.likes, c!.writtenAt?.toISOString()], [true, null, 'ab****', 3, '2024-12-02T00:15:00.000Z']);
});

test('comments page function: none of the comments reads, the page fails', () =>
  assert.throws(
    () => readCommentsOutput(ok({ shown: 1, comments: [comment({ id: 'x' })] }), profile),
    layout(/read none of the 1 comments .*\/comments\/0\/id: found "x"/),
  ));

test('article page function: the fields, as the article merge reads them', () => {
  const s = readArticleOutput(
    ok({ title: '제목', publishedAt: '2024-12-02 09:15:00', modifiedAt: null, byline: '기자', body: '첫 문단\n둘째 문단' }),
    profile,
  );
  assert.equal(
    [s.title, s.publishedAt, s.modifiedAt, s.byline, s.section, s.body, s.bodyLength],
    ['제목', '2024-12-02 09:15:00', null, '기자', null, '첫 문단\n둘째 문단', 10],
  );
});

const articleFailures: [string, unknown, RegExp][] = [
  ['no title', { publishedAt: null }, /\/ must have required property 'title'/],
  ['a time that does not read', { title: '제목', publishedAt: '오후 7:08' }, /returned \/publishedAt "오후 7:08"; expected an exact time/],
  ['a body that is not text', { title: '제목', body: ['a'] }, /\/body must be string,null/],
];
for (const [name, value, re] of articleFailures)
  test(`article page function fails the page: ${name}`, () => assert.throws(() => readArticleOutput(ok(value), profile), layout(re)));

test.run();
