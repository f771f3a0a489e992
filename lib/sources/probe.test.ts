import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import type { TaskErrorCode, TaskErrorPage } from '../task-errors.js';
import { fromRoot } from '../paths.js';
import {
  decideProbe,
  probeConditions,
  probeFailed,
  profileValidCondition,
  type ProbeDecision,
  type ProbeInput,
  type ProbeTask,
  type SearchFacts,
} from './probe.js';
import { resolveProfile } from './profile.js';

const naver = resolveProfile('naver', (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec);
const spec = {
  namespace: 'news',
  keyword: '경제',
  day: '2024-12-02',
  articleUrl: 'https://n.news.naver.com/mnews/article/001/0000000001',
  periodMinutes: 60,
};
const now = new Date('2024-12-10T12:00:00Z');
const ago = (min: number) => new Date(now.getTime() - min * 60_000).toISOString();
const base: ProbeInput = { spec, generation: 3, last: undefined, valid: true, jobsFinished: false, now };

const decisions: [string, Partial<ProbeInput>, ProbeDecision][] = [
  ['no probe in the spec: nothing to do', { spec: undefined }, { action: 'none' }],
  [
    'a profile that fails its checks is held, not probed',
    { valid: false },
    { action: 'hold', why: 'the profile fails its structural checks (see ProfileValid)' },
  ],
  ['never probed: run 1 starts', {}, { action: 'start', run: 1, reason: 'first probe of generation 3' }],
  [
    'the profile changed after a finished run: the next run starts at once',
    { last: { run: 4, generation: 2, startTime: ago(10), completionTime: ago(9) } },
    { action: 'start', run: 5, reason: 'the profile changed (generation 2 -> 3)' },
  ],
  [
    'the profile changed during a run: a new run replaces it',
    { last: { run: 4, generation: 2, startTime: ago(1) } },
    { action: 'start', run: 5, reason: 'the profile changed (generation 2 -> 3)' },
  ],
  [
    'a run under way with jobs still running: look again in 15 s',
    { last: { run: 1, generation: 3, startTime: ago(1) } },
    { action: 'observe', recheckMs: 15_000 },
  ],
  [
    'a run whose jobs all finished: conclude it',
    { last: { run: 1, generation: 3, startTime: ago(1) }, jobsFinished: true },
    { action: 'conclude', timedOut: false },
  ],
  [
    'a run 31 minutes old whose jobs never finished: concluded as timed out',
    { last: { run: 1, generation: 3, startTime: ago(31) } },
    { action: 'conclude', timedOut: true },
  ],
  [
    'a run near its timeout is looked at again right at the timeout',
    { last: { run: 1, generation: 3, startTime: ago(29.9) } },
    { action: 'observe', recheckMs: 6_000 },
  ],
  [
    'finished 20 of 60 minutes ago: wait the other 40',
    { last: { run: 2, generation: 3, startTime: ago(21), completionTime: ago(20) } },
    { action: 'wait', ms: 40 * 60_000 },
  ],
  [
    'finished 60 of 60 minutes ago: the period starts run 3',
    { last: { run: 2, generation: 3, startTime: ago(61), completionTime: ago(60) } },
    { action: 'start', run: 3, reason: '60 minutes passed since the last probe' },
  ],
  [
    'a status without a start time is a run never begun: start it again',
    { last: { run: 2, generation: 3 } },
    { action: 'start', run: 3, reason: 'first probe of generation 3' },
  ],
];
for (const [name, input, want] of decisions) test(`when to probe: ${name}`, () => assert.equal(decideProbe({ ...base, ...input }), want));

const ok = (articles: number, comments = 0, commentsShown: number | null = null): ProbeTask => ({
  state: 'succeeded',
  lastError: null,
  errorCode: null,
  errorPage: null,
  articles,
  comments,
  commentsShown,
});
const failed = (lastError: string, errorCode: TaskErrorCode, errorPage: TaskErrorPage | null): ProbeTask => ({
  state: 'failed',
  lastError,
  errorCode,
  errorPage,
  articles: 0,
  comments: 0,
  commentsShown: null,
});
const search = (over: Partial<SearchFacts> = {}): SearchFacts => ({
  tasks: [ok(10)],
  results: 10,
  withDate: 10,
  portal: 8,
  withBody: 8,
  withSection: 8,
  withByline: 8,
  ...over,
});
const comments = (...tasks: ProbeTask[]) => ({ tasks });

type Want = [string, string, string | RegExp][];
const results: [string, Parameters<typeof probeConditions>, Want][] = [
  [
    'everything read',
    [naver, spec, search(), comments(ok(0, 37, 37)), false],
    [
      ['SearchReady', 'True', '10 results, 10 with dates'],
      ['ArticleReady', 'True', '8 article pages, 8 with body, 8 with section, 8 with byline'],
      ['CommentsReady', 'True', '37 comments of 37 shown'],
    ],
  ],
  [
    'a date selector that no longer matches: dates missing, with the selector',
    [naver, spec, search({ withDate: 3 }), comments(ok(0, 37, 37)), false],
    [['SearchReady', 'False', /^10 results, 3 with dates \(search.selectors.date "/]],
  ],
  [
    "a search that failed on the search page: the worker's reason, articles unknown",
    [
      naver,
      spec,
      search({ tasks: [failed("the site's layout changed: no element matches ul.list > li on search page 1", 'layout-changed', 'search-page')] }),
      comments(ok(0, 1, 1)),
      false,
    ],
    [
      ['SearchReady', 'False', /search "경제" on 2024-12-02 failed: the site's layout changed: no element matches ul.list > li/],
      ['ArticleReady', 'Unknown', /search failed before any article page/],
    ],
  ],
  [
    'a search that failed on an article page: the article is at fault',
    [
      naver,
      spec,
      search({
        tasks: [failed("the site's layout changed: no element matches h2.title on the article page https://x/1", 'layout-changed', 'article-page')],
      }),
      comments(ok(0, 1, 1)),
      false,
    ],
    [
      ['SearchReady', 'Unknown', /stopped at an article page/],
      ['ArticleReady', 'False', /no element matches h2.title on the article page/],
    ],
  ],
  [
    'a block page met at an article page, in words that do not say so: the code tells where',
    [naver, spec, search({ tasks: [failed('the site blocked the collector: 0012345 showed a block page', 'blocked', 'article-page')] }), null, false],
    [
      ['SearchReady', 'Unknown', /stopped at an article page \(see ArticleReady\): the site blocked/],
      ['ArticleReady', 'False', 'the site blocked the collector: 0012345 showed a block page'],
    ],
  ],
  [
    'a search page failure whose words mention an article page: still the search',
    [
      naver,
      spec,
      search({ tasks: [failed('search page 2 listed an article page the profile cannot read', 'layout-changed', 'search-page')] }),
      null,
      false,
    ],
    [
      ['SearchReady', 'False', /failed: search page 2 listed an article page/],
      ['ArticleReady', 'Unknown', /search failed before any article page/],
    ],
  ],
  [
    'a failure met at no page (the profile is missing): a search failure',
    [naver, spec, search({ tasks: [failed('NewsSource "naver" was not found', 'profile', null)] }), null, false],
    [['SearchReady', 'False', /failed: NewsSource "naver" was not found/]],
  ],
  [
    'a body selector that matches nothing: bodies missing, with the selector',
    [naver, spec, search({ withBody: 0 }), comments(ok(0, 1, 1)), false],
    [['ArticleReady', 'False', /^8 article pages, 0 with body, 8 with section, 8 with byline \(article.selectors.body "/]],
  ],
  [
    'no results at all: the keyword and day or the item selector',
    [
      naver,
      spec,
      search({ tasks: [ok(0)], results: 0, withDate: 0, portal: 0, withBody: 0, withSection: 0, withByline: 0 }),
      comments(ok(0, 1, 1)),
      false,
    ],
    [['SearchReady', 'False', /^0 results for "경제" on 2024-12-02 \(search.selectors.item "/]],
  ],
  [
    'fewer comments stored than shown',
    [naver, spec, search(), comments(ok(0, 35, 37)), false],
    [['CommentsReady', 'False', /^35 comments of 37 shown \(comments.selectors.item "/]],
  ],
  [
    'a failed comments task: its reason',
    [
      naver,
      spec,
      search(),
      comments(
        failed("the site's layout changed: 37 of 37 comments matched by li.c have no comment number in data-cid", 'layout-changed', 'comment-page'),
      ),
      false,
    ],
    [
      [
        'CommentsReady',
        'False',
        /comments of https:\/\/n.news.naver.com\/.*: the site's layout changed: 37 of 37 comments matched by li.c have no comment number in data-cid/,
      ],
    ],
  ],
  [
    'no article URL: comments not probed',
    [naver, { ...spec, articleUrl: '' }, search(), null, false],
    [['CommentsReady', 'Unknown', 'spec.probe.articleUrl is not set']],
  ],
  [
    'a run that timed out with its tasks queued',
    [naver, spec, search({ tasks: [{ ...ok(0), state: 'queued' }] }), comments({ ...ok(0), state: 'running' }), true],
    [
      ['SearchReady', 'Unknown', 'the search task did not finish in time'],
      ['CommentsReady', 'Unknown', 'the comments task did not finish in time'],
    ],
  ],
];
for (const [name, args, want] of results) {
  test(`probe results: ${name}`, () => {
    const got = probeConditions(...args);
    for (const [type, status, message] of want) {
      const c = got.find((x) => x.type === type);
      assert.ok(c, `${type} present`);
      assert.is(c.status, status, `${type}: ${c.message}`);
      if (typeof message === 'string') assert.is(c.message, message);
      else assert.match(c.message, message);
    }
    assert.is(probeFailed(got), want.some(([, s]) => s === 'False') || got.some((c) => c.status === 'False'));
  });
}

test('ProfileValid names every problem with its field', () => {
  assert.equal(profileValidCondition([]), {
    type: 'ProfileValid',
    status: 'True',
    reason: 'ChecksPassed',
    message: 'the profile passes the structural checks',
  });
  const c = profileValidCondition([
    { field: 'articleIdPattern', message: 'it is not a valid regular expression' },
    { field: 'comments.api.items', message: '"a[" is not a JMESPath expression' },
  ]);
  assert.is(c.status, 'False');
  assert.is(c.message, 'articleIdPattern: it is not a valid regular expression; comments.api.items: "a[" is not a JMESPath expression');
});

test.run();
