import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../../lib/crd/types.gen.js';
import { fromRoot } from '../../lib/paths.js';
import { resolveProfile } from '../../lib/sources/profile.js';
import { openApiItemsForDay, parseOpenApiBody } from './open-api.js';

const profile = resolveProfile(
  'naver',
  (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec,
);

const body = JSON.stringify({
  lastBuildDate: 'Tue, 03 Dec 2024 10:00:00 +0900',
  total: 3,
  start: 1,
  display: 3,
  items: [
    {
      title: '다음 날 <b>반도체</b>',
      originallink: 'https://pub.kr/3',
      link: 'https://pub.kr/3',
      description: 'x',
      pubDate: 'Tue, 03 Dec 2024 00:10:00 +0900',
    },
    {
      title: '<b>반도체</b> &quot;호황&quot;',
      originallink: 'https://pub.kr/2',
      link: 'https://n.news.naver.com/mnews/article/015/0000000002?sid=101',
      description: '설명 &amp; <b>요약</b>',
      pubDate: 'Mon, 02 Dec 2024 23:59:00 +0900',
    },
    { title: '전날', originallink: 'https://pub.kr/1', link: 'https://pub.kr/1', description: 'y', pubDate: 'Sun, 01 Dec 2024 23:59:59 +0900' },
  ],
});

test('items of the day are kept, tags and entities removed; paging stops past the day', () => {
  const r = openApiItemsForDay(parseOpenApiBody(body), profile, { day: '2024-12-02', keyword: '반도체', isTest: false });
  assert.is(r.passedDay, true);
  assert.is(r.articles.length, 1);
  const a = r.articles[0]!;
  assert.equal(
    [a.identity, a.title, a.description, a.originalUrl, a.publisherDomain],
    ['015/0000000002', '반도체 "호황"', '설명 & 요약', 'https://pub.kr/2', 'pub.kr'],
  );
  assert.is(a.publishedAt?.toISOString(), '2024-12-02T14:59:00.000Z');
});

test('an answer without items is a permanent error', () => {
  assert.throws(() => parseOpenApiBody('{"errorMessage":"Invalid display","errorCode":"SE02"}'), /Invalid display/);
});

test('an item whose pubDate does not read fails the page instead of being dropped', () => {
  const page = parseOpenApiBody(
    JSON.stringify({
      items: [{ title: 't', originallink: 'https://pub.kr/9', link: 'https://pub.kr/9', description: '', pubDate: '2024-12-02 09:00' }],
    }),
  );
  assert.throws(
    () => openApiItemsForDay(page, profile, { day: '2024-12-02', keyword: 'k', isTest: false }),
    /1 of 1 items have no pubDate that reads \(found "2024-12-02 09:00"; expected RFC 822/,
  );
});

test.run();
