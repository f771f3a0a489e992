import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import { fromRoot } from '../paths.js';
import { articleIdentity, articleIdOf, canonicalUrl, fillTemplate, resolveProfile, TemplateError } from './profile.js';

const naver = resolveProfile('naver', (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec);

test('the built-in profile resolves with its real selectors and defaults', () => {
  assert.is(naver.search.selectors.item, 'ul.list_news > li.bx');
  assert.is(naver.comments.selectors.list, '.u_cbox_list');
  assert.is(naver.dates.relativeUnits.hour, '시간 전');
  assert.is(naver.openApi.credentialsSecretRef?.clientIdKey, 'client-id');
});

test('a search URL is filled with encoded values and the base URL as it is', () => {
  const url = fillTemplate(naver, naver.urlTemplates.search, { query: '인공 지능', ds: '2024.12.02', de: '2024.12.02', from: '20241202', to: '20241202', start: 11, page: 2 });
  assert.is(url, 'https://search.naver.com/search.naver?where=news&query=%EC%9D%B8%EA%B3%B5%20%EC%A7%80%EB%8A%A5&sort=2&pd=3&ds=2024.12.02&de=2024.12.02&nso=so:r,p:from20241202to20241202,a:all&start=11');
});

test('an unknown placeholder is an error naming it', () => {
  assert.throws(() => fillTemplate(naver, '{search}/x?q={nope}', {}), (e: Error) => e instanceof TemplateError && /\{nope\}/.test(e.message));
});

const idCases: [string, string, { oid: string; aid: string } | null][] = [
  ['mnews article', 'https://n.news.naver.com/mnews/article/001/0012345678?sid=101', { oid: '001', aid: '0012345678' }],
  ['comment page', 'https://n.news.naver.com/mnews/article/comment/023/0000000042', { oid: '023', aid: '0000000042' }],
  ['older article form', 'https://n.news.naver.com/article/005/0000000001', { oid: '005', aid: '0000000001' }],
  ['read.naver form', 'https://news.naver.com/main/read.naver?mode=LSD&oid=032&aid=0003300000', { oid: '032', aid: '0003300000' }],
  ['a publisher URL is not a portal article', 'https://www.yna.co.kr/view/AKR20241202000100001', null],
];
for (const [name, url, want] of idCases) test(`article id: ${name}`, () => assert.equal(articleIdOf(url, naver.articleIdPattern), want));

test('canonical URLs drop fragments, tracking and host case', () => {
  assert.is(canonicalUrl('HTTPS://News.Example.COM/a/b?utm_source=x&id=3#top'), 'https://news.example.com/a/b?id=3');
  assert.is(articleIdentity({ oid: '001', aid: '0000000001' }, 'https://x/y'), '001/0000000001');
  assert.is(articleIdentity(null, 'https://x.com/y#z'), 'https://x.com/y');
  assert.is(articleIdentity(null, null), null);
});

test.run();
