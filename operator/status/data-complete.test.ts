import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCounts } from '../testing/builders.js';
import { dataComplete } from './data-complete.js';

const cases: [string, ReturnType<ReturnType<typeof makeCounts>['counts']>, string, RegExp][] = [
  [
    'every task succeeded and every result read',
    makeCounts().tasks({ succeeded: 80 }).collected(93, 2013).shortfall({ resultsShown: 93 }).counts(),
    'True/AllShownItemsStored',
    /^every item the sites showed was stored$/,
  ],
  [
    'a result said "어제" and the date did not read: items not read, with the counts',
    makeCounts().tasks({ succeeded: 80 }).collected(87).shortfall({ resultsShown: 93, resultsUnread: 6 }).counts(),
    'False/ItemsNotRead',
    /^6 of 93 search results could not be read$/,
  ],
  [
    'six tasks failed within the tolerance: never a plain success',
    makeCounts().tasks({ succeeded: 74, failed: 6 }).collected(700).counts(),
    'False/TasksFailed',
    /^6 of 80 tasks failed$/,
  ],
  [
    'comments stored fewer than shown, with thousands written out',
    makeCounts().tasks({ succeeded: 40 }).collected(0, 1980).shortfall({ commentsUnread: 33 }).counts(),
    'False/CommentsNotStored',
    /^1,980 of 2,013 comments stored$/,
  ],
  [
    'one article page did not read: its article is kept from the search result',
    makeCounts().tasks({ succeeded: 3 }).collected(22).shortfall({ resultsShown: 22, pagesUnread: 1 }).counts(),
    'False/ItemsNotRead',
    /^1 article page could not be read \(stored from the search results\)$/,
  ],
  [
    'everything at once: the reason names failed tasks first, the message every count',
    makeCounts()
      .tasks({ succeeded: 79, failed: 1 })
      .collected(87, 1980)
      .shortfall({ resultsShown: 93, resultsUnread: 6, commentsUnread: 33, pagesUnread: 2 })
      .counts(),
    'False/TasksFailed',
    /^1 of 80 tasks failed; 6 of 93 search results could not be read; 2 article pages could not be read \(stored from the search results\); 1,980 of 2,013 comments stored$/,
  ],
];
for (const [name, counts, want, message] of cases) {
  test(`DataComplete: ${name}`, () => {
    const c = dataComplete(counts);
    assert.is(`${c.status}/${c.reason}`, want);
    assert.match(c.message, message);
  });
}

test.run();
