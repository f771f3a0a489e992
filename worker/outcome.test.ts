import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CancelledError, InterruptedError, layoutChanged, permanent, retryable } from './errors.js';
import { decideOutcome, exhaustedError, type OutcomeInput, type StopReason } from './outcome.js';

const what = 'search "경제" on 2024-12-02';
const stored = '3 articles, 0 comments, 2 pages read';
const at = <E extends { page: unknown }>(e: E, page: E['page']): E => Object.assign(e, { page });

type Want = Partial<Record<'action' | 'metric' | 'level' | 'message' | 'code' | 'page' | 'reason' | 'unexpected' | 'reportLayout', unknown>>;
const cases: [string, unknown, StopReason | null, Want][] = [
  [
    'the worker is stopping: back to the queue for another worker, whatever the page threw on the way out',
    new Error('WebDriverError: session deleted because of page crash'),
    'shutdown',
    {
      action: 'release',
      metric: 'interrupted',
      code: 'interrupted',
      message: `${what} was interrupted (the worker was stopped before the task finished); it goes back to the queue`,
    },
  ],
  [
    'a checkpoint met while stopping: interrupted too',
    new InterruptedError('the worker is stopping'),
    null,
    { action: 'release', code: 'interrupted' },
  ],
  [
    'a cancel broadcast: stopped, what was stored is kept',
    new CancelledError('the task was cancelled'),
    'cancel',
    { action: 'cancel', metric: 'cancelled', level: 'info', message: `${what} was stopped (cancelled); kept what was stored: ${stored}` },
  ],
  [
    'the lease was lost (suspended job): stopped, said as such',
    new Error('aborted'),
    'lease',
    { action: 'cancel', message: `${what} was stopped (the task was cancelled or the job suspended); kept what was stored: ${stored}` },
  ],
  [
    'the deadline timer fired during a page load: the deadline, not the aborted load, is the reason',
    retryable('timeout', 'the page did not load within the page load limit: https://x/1'),
    'deadline',
    { action: 'retry', code: 'deadline', page: null, reason: 'the task ran past its deadline (timeouts.taskSeconds)', unexpected: false },
  ],
  [
    'a block page on an article page: failed for good, with code and page, not a layout change',
    at(permanent('blocked', 'the site blocked the collector'), 'article-page'),
    null,
    { action: 'fail', metric: 'failed', level: 'error', code: 'blocked', page: 'article-page', reportLayout: false, unexpected: false },
  ],
  [
    'a layout change on the comment page: failed and recorded on the NewsSource',
    at(layoutChanged("the site's layout changed: no element matches .u_cbox_list"), 'comment-page'),
    null,
    {
      action: 'fail',
      code: 'layout-changed',
      page: 'comment-page',
      reportLayout: true,
      message: `${what} failed: the site's layout changed: no element matches .u_cbox_list`,
    },
  ],
  [
    'throttled by the API: retried later with its code',
    retryable('throttled', 'the search API rate limit or daily quota is exhausted (HTTP 429)'),
    null,
    {
      action: 'retry',
      metric: 'retryable',
      level: 'warn',
      code: 'throttled',
      message: `${what} will be retried: the search API rate limit or daily quota is exhausted (HTTP 429)`,
    },
  ],
  [
    'a bare connection reset from a library: retried as unreachable, not flagged unexpected',
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    null,
    { action: 'retry', code: 'unreachable', unexpected: true },
  ],
  [
    'a bug in a collector (a TypeError): retried as unexpected, logged with its stack',
    new TypeError("Cannot read properties of undefined (reading 'href')"),
    null,
    { action: 'retry', code: 'unexpected', unexpected: true, reason: "unexpected error: Cannot read properties of undefined (reading 'href')" },
  ],
];

for (const [name, error, stopReason, want] of cases) {
  test(`outcome: ${name}`, () => {
    const o = decideOutcome({ error, stopReason, what, stored } satisfies OutcomeInput);
    const got: Record<string, unknown> = { ...o, ...('error' in o ? o.error : {}) };
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, k);
  });
}

test('a task over its attempts: kept failing, with the last words when there are any', () => {
  assert.equal(exhaustedError('the browser session was lost'), {
    reason: 'kept failing: the browser session was lost',
    code: 'attempts-exhausted',
    page: null,
  });
  assert.is(exhaustedError(null).reason, 'kept failing: the worker handling it stopped before it finished');
});

test.run();
