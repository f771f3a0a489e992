import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveProfile } from '../../lib/sources/profile.js';
import { CollectError } from '../errors.js';
import { parseSearchApiPage } from './search-api.js';

// An outlet invented to differ from the local ones: a cursor in the answer, times in epoch
// milliseconds or as relative words, the outlet's own page beside the publisher's link.
const site = resolveProfile('outlet', {
  baseUrls: { search: 'https://www.outlet.example', article: 'https://www.outlet.example' },
  urlTemplates: {
    search: '{search}/search?kw={query}',
    searchApi: '{search}/api/v2/search?kw={query}&from={from}&to={to}&after={cursor}',
    article: '{article}/article/{no}',
    comments: '{article}/article/{no}#comments',
  },
  articleIdPattern: '/article/(?<no>\\d+)',
  search: {
    paging: 'api',
    api: {
      paging: 'cursor',
      error: 'error.reason',
      items: 'result.docs',
      next: 'result.after',
      total: 'result.hits',
      fields: { title: 'headline', url: 'links.original', portalUrl: 'links.self', summary: 'lead', publisher: 'press.name', publishedAt: 'ts' },
    },
  },
});
const ctx = { day: '2024-12-02', now: new Date('2024-12-02T06:00:00Z'), isTest: false, keyword: '반도체' };
const doc = (o: Record<string, unknown> = {}) => ({
  headline: '반도체 수출 <속보> 늘어',
  links: { original: 'https://press.example/n/1?utm_source=x', self: 'https://www.outlet.example/article/77' },
  lead: '요약',
  press: { name: '한결뉴스' },
  ts: 1733101200000,
  ...o,
});
const body = (docs: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ result: { docs, after: 'q1w2', hits: 40, ...extra } });

test('results of a JSON endpoint by the profile mapping: the outlet page is the identity, times exact, text kept as text', () => {
  const p = parseSearchApiPage(body([doc(), doc({ links: { original: 'https://press.example/n/2' }, ts: '3시간 전' })]), site, ctx);
  assert.equal([p.items, p.next, p.total], [2, 'q1w2', 40]);
  assert.equal(
    p.articles.map((a) => [a.identity, a.portalUrl, a.originalUrl, a.title, a.publisher, a.publishedAt?.toISOString(), a.raw.datePrecision]),
    [
      [
        '77',
        'https://www.outlet.example/article/77',
        'https://press.example/n/1',
        '반도체 수출 <속보> 늘어',
        '한결뉴스',
        '2024-12-02T01:00:00.000Z',
        'exact',
      ],
      ['https://press.example/n/2', null, 'https://press.example/n/2', '반도체 수출 <속보> 늘어', '한결뉴스', '2024-12-02T02:00:00.000Z', 'hour'],
    ],
  );
});

test('the last page: no cursor', () => {
  assert.is(parseSearchApiPage(body([doc()], { after: null }), site, ctx).next, null);
});

const faults: [string, string, RegExp][] = [
  ['the list moved', JSON.stringify({ result: { items: [] } }), /no list at result\.docs \(search\.api\.items\)/],
  [
    'a title renamed',
    body([doc({ headline: undefined, title: 'x' })]),
    /1 of 1 results have no readable title at headline \(search\.api\.fields\.title; found ""/,
  ],
  ['a link that is not one', body([doc({ links: {} })]), /1 of 1 results have no readable url at links\.original/],
  [
    'a time no setting reads',
    body([doc(), doc({ ts: '12월 2일' })]),
    /1 of 2 results have no readable publishedAt at ts \(search\.api\.fields\.publishedAt; found "12월 2일"; expected a time/,
  ],
  ['a refusal', JSON.stringify({ error: { reason: 'quota exceeded' } }), /refused the request: quota exceeded/],
  ['not JSON', '<html>점검 중</html>', /answered something that is not JSON/],
];
for (const [name, text, re] of faults) {
  test(`a search JSON answer that does not read: ${name}`, () => {
    try {
      parseSearchApiPage(text, site, ctx);
      assert.unreachable('should fail');
    } catch (e) {
      assert.instance(e, CollectError);
      assert.match((e as Error).message, re);
    }
  });
}

test.run();
