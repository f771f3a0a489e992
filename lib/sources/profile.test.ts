import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import { fromRoot } from '../paths.js';
import { newsSourceSpec } from '../crd/newssource.js';
import { validateSpec } from '../crd/validate.js';
import type { JsonSchema } from '../crd/schema-helpers.js';
import { articleIdentity, articleIdOf, canonicalUrl, fillTemplate, resolveProfile, specWithDefaults, TemplateError } from './profile.js';

const naverSpec = (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec;
const naver = resolveProfile('naver', naverSpec);

/** The spec without every value that equals the schema's default (what a minimal profile writes). */
function withoutDefaults(value: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = schema.properties?.[k];
    if (sub?.default !== undefined && JSON.stringify(sub.default) === JSON.stringify(v)) continue;
    out[k] = sub?.type === 'object' && v && typeof v === 'object' && !Array.isArray(v) ? withoutDefaults(v as Record<string, unknown>, sub) : v;
  }
  return out;
}

test("a profile that writes no default resolves, from the schema's defaults, to the built-in profile", () => {
  const minimal = withoutDefaults(naverSpec as unknown as Record<string, unknown>, newsSourceSpec) as unknown as NewsSourceSpec;
  // The manifest states defaults explicitly; the minimal form really leaves them out.
  assert.is((minimal.search as { resultsPerPage?: number }).resultsPerPage, undefined);
  assert.is(minimal.comments?.strategy, undefined);
  assert.is(minimal.timeouts?.taskSeconds, undefined);
  assert.equal(resolveProfile('naver', minimal), naver);
});

test("the schema's defaults fill objects the spec leaves out, and absent optional fields are empty", () => {
  const s = specWithDefaults({
    baseUrls: { search: 'https://s.example', article: 'https://a.example' },
    urlTemplates: { search: '{search}/q={query}', article: '{article}/{id}', comments: '{article}/{id}/c' },
    search: { selectors: { item: 'li', title: 'a', date: 'time' } },
  });
  const schemaDefault = (path: string[]): unknown => path.reduce<JsonSchema>((sc, k) => sc.properties![k]!, newsSourceSpec).default;
  assert.is(s.timeouts.taskSeconds, schemaDefault(['timeouts', 'taskSeconds']));
  assert.is(s.comments.strategy, schemaDefault(['comments', 'strategy']));
  assert.is(s.article.visit, true);
  assert.is(s.comments.selectors.info, 'data-info');
  assert.is(s.comments.selectors.idAttribute, '');
  assert.is(s.search.selectors.titleAttribute, 'title');
  assert.is(s.search.selectors.summary, '');
  assert.equal(s.articleIdPatterns, []);
  assert.equal(s.comments.selectors.more, []);
  assert.is(s.openApi.credentialsSecretRef?.name, '');
  const p = resolveProfile('x', s);
  assert.is(p.displayName, 'x');
  assert.is(p.baseUrls.commentApi, 'https://a.example');
  assert.is(p.openApi.credentialsSecretRef, null);
});

test('the built-in profile resolves with its real selectors and defaults', () => {
  assert.is(naver.search.selectors.item, 'ul.list_news > li.bx');
  assert.is(naver.comments.selectors.list, '.u_cbox_list');
  assert.is(naver.dates.relativeUnits.hour, '시간 전');
  assert.is(naver.openApi.credentialsSecretRef?.clientIdKey, 'client-id');
});

test('a search URL is filled with encoded values and the base URL as it is', () => {
  const url = fillTemplate(naver, naver.urlTemplates.search, {
    query: '인공 지능',
    ds: '2024.12.02',
    de: '2024.12.02',
    from: '20241202',
    to: '20241202',
    start: 11,
    page: 2,
  });
  assert.is(
    url,
    'https://search.naver.com/search.naver?where=news&query=%EC%9D%B8%EA%B3%B5%20%EC%A7%80%EB%8A%A5&sort=2&pd=3&ds=2024.12.02&de=2024.12.02&nso=so:r,p:from20241202to20241202,a:all&start=11',
  );
});

test('an unknown placeholder is an error naming it', () => {
  assert.throws(
    () => fillTemplate(naver, '{search}/x?q={nope}', {}),
    (e: Error) => e instanceof TemplateError && /\{nope\}/.test(e.message),
  );
});

const idCases: [string, string, { key: string; parts: Record<string, string> } | null][] = [
  [
    'mnews article',
    'https://n.news.naver.com/mnews/article/001/0012345678?sid=101',
    { key: '001/0012345678', parts: { oid: '001', aid: '0012345678' } },
  ],
  [
    'comment page',
    'https://n.news.naver.com/mnews/article/comment/023/0000000042',
    { key: '023/0000000042', parts: { oid: '023', aid: '0000000042' } },
  ],
  ['older article form', 'https://n.news.naver.com/article/005/0000000001', { key: '005/0000000001', parts: { oid: '005', aid: '0000000001' } }],
  ['view form', 'https://n.news.naver.com/mnews/article/view/005/0000000001', { key: '005/0000000001', parts: { oid: '005', aid: '0000000001' } }],
  [
    'read.naver form, by the second pattern',
    'https://news.naver.com/main/read.naver?mode=LSD&oid=032&aid=0003300000',
    { key: '032/0003300000', parts: { oid: '032', aid: '0003300000' } },
  ],
  ['a publisher URL is not a portal article', 'https://www.yna.co.kr/view/AKR20241202000100001', null],
];
for (const [name, url, want] of idCases) {
  test(`article id: ${name}`, () => {
    const got = articleIdOf(url, naver);
    assert.equal(got && { key: got.key, parts: got.parts }, want);
  });
}

test('canonical URLs drop fragments, tracking and host case', () => {
  assert.is(canonicalUrl('HTTPS://News.Example.COM/a/b?utm_source=x&id=3#top'), 'https://news.example.com/a/b?id=3');
  assert.is(articleIdentity({ key: '001/0000000001', parts: {}, oid: '001', aid: '0000000001' }, 'https://x/y'), '001/0000000001');
  assert.is(articleIdentity(null, 'https://x.com/y#z'), 'https://x.com/y');
  assert.is(articleIdentity(null, null), null);
});

for (const file of [
  ['manifests', 'newssource-naver.yaml'],
  ['manifests', 'examples', 'newssource-alt.yaml'],
  ['manifests', 'examples', 'newssource-wire.yaml'],
  ['manifests', 'examples', 'newssource-board.yaml'],
  ['manifests', 'examples', 'newssource-talk.yaml'],
  ['manifests', 'examples', 'newssource-scoop.yaml'],
]) {
  test(`${file.join('/')} is a valid NewsSource by the CRD schema`, () => {
    const doc = parse(readFileSync(fromRoot(...file), 'utf8')) as { kind: string; spec: NewsSourceSpec };
    assert.is(doc.kind, 'NewsSource');
    assert.equal(validateSpec('NewsSource', doc.spec), []);
  });
}

test.run();
