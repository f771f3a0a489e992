import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { articleIdOf, compileIdPattern, IdentityError, idPartNames, urlIdentity, type IdentityRules } from './identity.js';

const rules = (articleIdPattern: string, articleIdTemplate = '', articleIdPatterns: string[] = []): IdentityRules => ({
  articleIdPattern,
  articleIdPatterns,
  articleIdTemplate,
});

const cases: [string, IdentityRules, string, { key: string; parts: Record<string, string> } | null][] = [
  ['one unnamed group is {id}', rules('/news/(A\\d+)'), 'https://s.example/news/A12000?ref=x', { key: 'A12000', parts: { id: 'A12000' } }],
  [
    'two unnamed groups are {oid} and {aid}, joined by "/"',
    rules('/article/(\\d{3})/(\\d{10})'),
    'https://n.example/article/001/0012345678',
    { key: '001/0012345678', parts: { oid: '001', aid: '0012345678' } },
  ],
  [
    'named groups joined by the template',
    rules('/(?<section>\\w+)/(?<no>\\d+)\\.html', '{section}-{no}'),
    'https://s.example/politics/778.html',
    { key: 'politics-778', parts: { section: 'politics', no: '778' } },
  ],
  [
    'named groups without a template: in group order',
    rules('/(?<section>\\w+)/(?<no>\\d+)\\.html'),
    'https://s.example/politics/778.html',
    { key: 'politics/778', parts: { section: 'politics', no: '778' } },
  ],
  ['the query is part of what is matched', rules('[?&]idxno=(?<id>\\d+)'), 'https://s.example/view.php?idxno=55', { key: '55', parts: { id: '55' } }],
  [
    'a second pattern for an older form',
    rules('/news/(?<id>A\\d+)', '', ['[?&]art=(?<id>A\\d+)']),
    'https://s.example/old.php?art=A7',
    { key: 'A7', parts: { id: 'A7' } },
  ],
  ['a URL of no article', rules('/news/(A\\d+)'), 'https://s.example/about', null],
  ['a relative URL is matched as it is', rules('/news/(A\\d+)'), '/news/A5', { key: 'A5', parts: { id: 'A5' } }],
];
for (const [name, r, url, want] of cases) {
  test(`article id: ${name}`, () => {
    const got = articleIdOf(url, r);
    assert.equal(got && { key: got.key, parts: got.parts }, want);
  });
}

const bad: [string, IdentityRules, RegExp][] = [
  ['a pattern that does not compile', rules('/news/(A\\d+'), /is not a valid regular expression/],
  ['a pattern without a group', rules('/news/A\\d+'), /has no group/],
  ['three unnamed groups', rules('/(\\w+)/(\\w+)/(\\w+)'), /3 unnamed groups; name them/],
  ['named and unnamed groups mixed', rules('/(?<a>\\w+)/(\\w+)'), /mixes named and unnamed groups/],
  ['a second pattern with other parts', rules('/news/(?<id>\\w+)', '', ['/n/(?<no>\\w+)']), /must give the same parts/],
];
for (const [name, r, re] of bad) {
  test(`refused: ${name}`, () =>
    assert.throws(
      () => idPartNames(r),
      (e: Error) => e instanceof IdentityError && re.test(e.message),
    ));
}

test('a template naming a part no group gives is an error naming it', () => {
  assert.throws(
    () => articleIdOf('/news/A1', rules('/news/(?<id>A\\d+)', '{oid}-{id}')),
    (e: Error) => /names \{oid\}/.test(e.message),
  );
});

test('lookbehinds are not taken for named groups', () => {
  assert.equal(compileIdPattern('(?<=/news/)(A\\d+)').names, ['id']);
});

test('urlIdentity: by the profile, else the canonical URL', () => {
  assert.is(urlIdentity('https://s.example/news/A9#c', rules('/news/(A\\d+)')), 'A9');
  assert.is(urlIdentity('https://S.example/other?utm_source=x', rules('/news/(A\\d+)')), 'https://s.example/other');
  assert.is(urlIdentity('https://S.example/news/A9', null), 'https://s.example/news/A9');
});

test.run();
