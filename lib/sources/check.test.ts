import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import { fromRoot } from '../paths.js';
import { checkProfile, describeProblems } from './check.js';
import { resolveProfile, type Profile } from './profile.js';

const load = (...path: string[]) => resolveProfile('x', (parse(readFileSync(fromRoot(...path), 'utf8')) as { spec: NewsSourceSpec }).spec);
const naver = load('manifests', 'newssource-naver.yaml');
const wire = load('manifests', 'examples', 'newssource-wire.yaml');
const board = load('manifests', 'examples', 'newssource-board.yaml');

for (const [name, p] of [
  [
    'wire following its next links',
    {
      ...wire,
      search: { ...wire.search, paging: 'nextLink' },
      urlTemplates: { ...wire.urlTemplates, search: '{search}/wire/search?keyword={query}&date={day}' },
    },
  ],
  ['naver', naver],
  ['alt', load('manifests', 'examples', 'newssource-alt.yaml')],
  ['wire', wire],
  ['wire with the API strategy', { ...wire, comments: { ...wire.comments, strategy: 'api' } }],
  ['board, its comment pages by "next" links', board],
  ['talk, its comments from a service with nested replies', load('manifests', 'examples', 'newssource-talk.yaml')],
  ['scoop, its search results from a JSON endpoint', load('manifests', 'examples', 'newssource-scoop.yaml')],
  [
    'board, its comment pages by a page number',
    {
      ...board,
      comments: { ...board.comments, paging: 'template' },
      urlTemplates: { ...board.urlTemplates, comments: '{article}/board/news/{id}/comments?page={page}' },
    },
  ],
] as [string, Profile][]) {
  test(`the shipped profile ${name} has no problem`, () => assert.equal(checkProfile(p), []));
}

const edit = (p: Profile, f: (q: Profile) => void): Profile => {
  const q = structuredClone(p);
  f(q);
  return q;
};
const cases: [string, Profile, string, RegExp][] = [
  [
    'an unknown placeholder in the search template',
    edit(naver, (q) => {
      q.urlTemplates.search += '&d={dy}';
    }),
    'urlTemplates.search',
    /the placeholder \{dy\} is not known here \(known: \{search\}.*\{day\}/,
  ],
  [
    'a part the id pattern does not give',
    edit(wire, (q) => {
      q.urlTemplates.article = '{article}/n/{oid}';
    }),
    'urlTemplates.article',
    /\{oid\} is not known here \(known: .*\{id\}\)/,
  ],
  [
    'an id pattern that does not compile',
    edit(naver, (q) => {
      q.articleIdPattern = '/article/(\\d{3}/(\\d+)';
    }),
    'articleIdPattern',
    /is not a valid regular expression/,
  ],
  [
    'an id pattern without a group',
    edit(naver, (q) => {
      q.articleIdPattern = '/article/\\d+';
    }),
    'articleIdPattern',
    /has no group/,
  ],
  [
    'a second id pattern with other parts',
    edit(naver, (q) => {
      q.articleIdPatterns = ['/a/(?<no>\\d+)'];
    }),
    'articleIdPatterns',
    /must give the same parts/,
  ],
  [
    'an id template naming a missing part',
    edit(wire, (q) => {
      q.articleIdTemplate = '{site}-{id}';
    }),
    'articleIdTemplate',
    /\{site\} is not a part of the article id/,
  ],
  [
    'an absolute date pattern that does not compile',
    edit(naver, (q) => {
      q.dates.absolutePattern = '(\\d{4}';
    }),
    'dates.absolutePattern',
    /not a valid regular expression/,
  ],
  [
    'an absolute date pattern without day',
    edit(naver, (q) => {
      q.dates.absolutePattern = '(?<year>\\d{4})\\.(?<month>\\d{2})';
    }),
    'dates.absolutePattern',
    /no day group/,
  ],
  [
    'an absolute date pattern with two groups',
    edit(naver, (q) => {
      q.dates.absolutePattern = '(\\d{4})\\.(\\d{2})';
    }),
    'dates.absolutePattern',
    /2 group\(s\); it needs year, month and day/,
  ],
  [
    'cursor paging without {cursor}',
    edit(wire, (q) => {
      q.comments.strategy = 'api';
      q.urlTemplates.commentApi = '{commentApi}/c?id={id}&page={page}';
    }),
    'urlTemplates.commentApi',
    /paging is cursor, so the template needs \{cursor\}/,
  ],
  [
    'replies per parent without {parent}',
    edit(wire, (q) => {
      q.comments.strategy = 'api';
      q.comments.api.replies = 'perParent';
    }),
    'urlTemplates.commentApi',
    /perParent, so the template needs \{parent\}/,
  ],
  [
    'a JMESPath expression that does not parse',
    edit(wire, (q) => {
      q.comments.strategy = 'api';
      q.comments.api.fields.text = 'body[';
    }),
    'comments.api.fields.text',
    /"body\[" is not a JMESPath expression/,
  ],
  [
    'nextLink paging without a "next" control',
    edit(wire, (q) => {
      q.search.paging = 'nextLink';
      q.search.selectors.nextPage = '';
    }),
    'search.selectors.nextPage',
    /paging is nextLink, so the "next" control is needed/,
  ],
  [
    'template paging without {page} or {start}',
    edit(wire, (q) => {
      q.urlTemplates.search = '{search}/wire/search?keyword={query}&date={day}';
    }),
    'urlTemplates.search',
    /neither \{start\} nor \{page\}/,
  ],
  [
    'the API strategy without a template',
    edit(naver, (q) => {
      q.comments.strategy = 'api';
      q.urlTemplates.commentApi = '';
    }),
    'urlTemplates.commentApi',
    /needs a URL template/,
  ],
  [
    'an expression that does not parse (a function given null on an empty answer is fine)',
    edit(load('manifests', 'examples', 'newssource-talk.yaml'), (q) => {
      q.comments.api.fields.replyCount = 'length(replies';
    }),
    'comments.api.fields.replyCount',
    /"length\(replies" is not a JMESPath expression/,
  ],
  [
    'search from a JSON endpoint without its template',
    edit(load('manifests', 'examples', 'newssource-scoop.yaml'), (q) => {
      q.urlTemplates.searchApi = '';
    }),
    'urlTemplates.searchApi',
    /search\.paging is api, so the JSON endpoint needs a URL template/,
  ],
  [
    'search from a JSON endpoint paged by offset without {offset}',
    edit(load('manifests', 'examples', 'newssource-scoop.yaml'), (q) => {
      q.urlTemplates.searchApi = '{search}/scoop/api/search?q={query}&date={day}&page={page}';
    }),
    'urlTemplates.searchApi',
    /search\.api\.paging is offset, so the template needs \{offset\}/,
  ],
  [
    'search from a JSON endpoint without the list',
    edit(load('manifests', 'examples', 'newssource-scoop.yaml'), (q) => {
      q.search.api.items = '';
    }),
    'search.api.items',
    /required for the search JSON endpoint/,
  ],
  [
    'search pages without the result selectors',
    edit(wire, (q) => {
      q.search.selectors.item = '';
    }),
    'search.selectors',
    /search\.paging is template, so item, title and date are required/,
  ],
  [
    'nested replies without saying where they are',
    edit(load('manifests', 'examples', 'newssource-talk.yaml'), (q) => {
      q.comments.api.fields.children = '';
    }),
    'comments.api.fields.children',
    /replies is nested, so children must say where the replies of a comment are/,
  ],
  [
    'comment pages by "next" links without the link',
    edit(board, (q) => {
      q.comments.selectors.nextPage = '';
    }),
    'comments.selectors.nextPage',
    /comments\.paging is nextLink, so the "next" link is needed/,
  ],
  [
    'comment pages by page number without {page}',
    edit(board, (q) => {
      q.comments.paging = 'template';
    }),
    'urlTemplates.comments',
    /comments\.paging is template, so the template needs \{page\}/,
  ],
  [
    '{page} in the comment page template that nothing fills',
    edit(board, (q) => {
      q.urlTemplates.comments += '?page={page}';
    }),
    'urlTemplates.comments',
    /\{page\} is only filled in with comments\.paging template \(it is nextLink\)/,
  ],
  [
    'a comment field pattern that does not compile in JavaScript',
    edit(board, (q) => {
      q.comments.selectors.fields.id.pattern = '^c-(?P<value>\\d+)$';
    }),
    'comments.selectors.fields.id.pattern',
    /not a valid regular expression/,
  ],
];
for (const [name, p, field, re] of cases) {
  test(`profile problem: ${name}`, () => {
    const got = checkProfile(p);
    assert.ok(
      got.some((x) => x.field === field && re.test(x.message)),
      JSON.stringify(got),
    );
  });
}

test('the problems in one sentence, each with its field', () => {
  assert.is(
    describeProblems('site', [
      { field: 'a.b', message: 'wrong' },
      { field: 'c', message: 'bad' },
    ]),
    'the NewsSource "site" cannot be used: a.b: wrong; c: bad',
  );
});

test.run();
