import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { UnreadItem } from './parse/unread.js';
import { addUnread, commentsNotStored, isComplete, noShortfall, type Shortfall } from './shortfall.js';

const item = (kind: UnreadItem['kind'], position: number): UnreadItem => ({
  kind,
  page: 'https://site.example/p',
  position,
  field: 'date',
  selector: 'the text of span.date',
  found: '"그저께쯤"',
  expected: 'a date',
});
const many = (kind: UnreadItem['kind'], n: number) => Array.from({ length: n }, (_, i) => item(kind, i + 1));

type Step = [UnreadItem['kind'], number, UnreadItem[]];
const cases: [string, Step[], Partial<Shortfall>, boolean][] = [
  [
    'search pages that all read',
    [
      ['search-result', 10, []],
      ['search-result', 4, []],
    ],
    { resultsShown: 14, resultsUnread: 0 },
    true,
  ],
  [
    'one result of ten on the second page does not read',
    [
      ['search-result', 10, []],
      ['search-result', 10, [item('search-result', 3)]],
    ],
    { resultsShown: 20, resultsUnread: 1 },
    false,
  ],
  [
    'two comments of a page do not read: counted apart from the results',
    [['comment', 0, many('comment', 2)]],
    { resultsShown: 0, commentsUnread: 2 },
    false,
  ],
  ['an article page that does not read', [['article-page', 0, [item('article-page', 1)]]], { pagesUnread: 1 }, false],
];
for (const [name, steps, want, complete] of cases) {
  test(`shortfall accounting: ${name}`, () => {
    const s = steps.reduce((acc, [kind, shown, unread]) => addUnread(acc, kind, shown, unread), noShortfall());
    for (const [k, v] of Object.entries(want)) assert.is(s[k as keyof Shortfall], v, k);
    assert.is(isComplete(s), complete);
  });
}

test('shortfall accounting: the detail keeps the first 20 items, the counts keep all', () => {
  const s = addUnread(addUnread(noShortfall(), 'search-result', 30, many('search-result', 15)), 'search-result', 30, many('search-result', 15));
  assert.is(s.resultsUnread, 30);
  assert.is(s.unread.length, 20);
});

const commentCases: [string, Parameters<typeof commentsNotStored>[0], number][] = [
  ['every comment shown was stored', { shown: 37, stored: 37, unreadable: 0, maxComments: 1000 }, 0],
  ['the site shows no count and all read', { shown: null, stored: 12, unreadable: 0, maxComments: 1000 }, 0],
  ['three comments did not read', { shown: 40, stored: 37, unreadable: 3, maxComments: 1000 }, 3],
  ['no count, two unreadable: the unreadable are the shortfall', { shown: null, stored: 8, unreadable: 2, maxComments: 1000 }, 2],
  ['the count says more than the page listed (deleted ones counted)', { shown: 40, stored: 36, unreadable: 1, maxComments: 1000 }, 4],
  ['stopped at the profile maximum: not a shortfall', { shown: 5000, stored: 1000, unreadable: 0, maxComments: 1000 }, 0],
  ['more stored than counted (comments added since)', { shown: 30, stored: 31, unreadable: 0, maxComments: 1000 }, 0],
];
for (const [name, o, want] of commentCases) test(`comments not stored: ${name}`, () => assert.is(commentsNotStored(o), want));

test.run();
