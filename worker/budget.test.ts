import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { budgetHost, reservationWaitMs } from './budget.js';

const waits: Record<string, [balance: number, perMinute: number, waitMs: number]> = {
  'a reservation within the burst goes at once': [4, 120, 0],
  'the last token of the bucket goes at once': [0, 120, 0],
  'one token short at 120 a minute waits half a second': [-1, 120, 500],
  'ten requests promised before this one at 60 a minute wait ten seconds': [-10, 60, 10_000],
  'a fraction of a token short rounds the wait up, never early': [-0.001, 120, 1],
};
for (const [name, [balance, perMinute, ms]] of Object.entries(waits)) test(name, () => assert.is(reservationWaitMs(balance, perMinute), ms));

test('the budget is per host: port included, path and scheme ignored; a text that is no URL is its own key', () => {
  assert.is(budgetHost('https://n.news.example/mnews/article/1?x=1'), 'n.news.example');
  assert.is(budgetHost('http://127.0.0.1:24090/v1/search/news.json'), '127.0.0.1:24090');
  assert.is(budgetHost('not a url'), 'not a url');
});

test.run();
