import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summary } from './task-runner.js';

const cases: [string, Parameters<typeof summary>[0], string][] = [
  ['a metadata task: no count shown', { articles: 17, comments: 0, pages: 25, commentsShown: null }, '17 articles, 0 comments, 25 pages read'],
  [
    'a comments task: stored of shown',
    { articles: 0, comments: 37, pages: 3, commentsShown: 37 },
    '0 articles, 37 of 37 comments shown, 3 pages read',
  ],
  [
    'a comments task that kept less than shown',
    { articles: 0, comments: 35, pages: 3, commentsShown: 37 },
    '0 articles, 35 of 37 comments shown, 3 pages read',
  ],
];
for (const [name, counts, want] of cases) test(`task summary: ${name}`, () => assert.is(summary(counts), want));

test.run();
