import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noShortfall } from './shortfall.js';
import { summary } from './task-runner.js';

const counts = (over: Partial<Parameters<typeof summary>[0]>): Parameters<typeof summary>[0] => ({
  articles: 0,
  comments: 0,
  pages: 0,
  commentsShown: null,
  commentsNew: 0,
  commentsChanged: 0,
  shortfall: noShortfall(),
  ...over,
});

const cases: [string, Parameters<typeof summary>[0], string][] = [
  ['a metadata task: no count shown', counts({ articles: 17, pages: 25 }), '17 articles, 0 comments, 25 pages read'],
  [
    'a comments task, first collection: every row new',
    counts({ comments: 37, pages: 3, commentsShown: 37, commentsNew: 37 }),
    '0 articles, 37 of 37 comments shown (37 new, 0 changed), 3 pages read',
  ],
  [
    'a comments task that kept less than shown',
    counts({ comments: 35, pages: 3, commentsShown: 37, commentsNew: 35 }),
    '0 articles, 35 of 37 comments shown (35 new, 0 changed), 3 pages read',
  ],
  [
    'a refresh: most rows seen before, a few new, some changed',
    counts({ comments: 52, pages: 4, commentsShown: 52, commentsNew: 6, commentsChanged: 11 }),
    '0 articles, 52 of 52 comments shown (6 new, 11 changed), 4 pages read',
  ],
  [
    'a keyword-day with results that did not read and an article page that did not',
    counts({ articles: 9, pages: 3, shortfall: { ...noShortfall(), resultsShown: 12, resultsUnread: 2, pagesUnread: 1 } }),
    '9 articles, 0 comments, 3 pages read; not read: 2 of 12 search results, 1 article pages',
  ],
  [
    'a comment page with unreadable comments',
    counts({ comments: 30, pages: 2, commentsShown: 33, commentsNew: 30, shortfall: { ...noShortfall(), commentsUnread: 3 } }),
    '0 articles, 30 of 33 comments shown (30 new, 0 changed), 2 pages read; not read: 3 comments',
  ],
];
for (const [name, c, want] of cases) test(`task summary: ${name}`, () => assert.is(summary(c), want));

test.run();
