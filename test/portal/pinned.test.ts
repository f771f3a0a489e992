// The pinned test corpus (test/corpus.env) does not move with the calendar: the portal configured from it
// on two different real dates serves the same corpus, the same summary and examples, and the same
// keyword-days and article picks. Without the pin the corpus is today's, so the same check fails.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testCorpus } from '../harness/corpus.js';
import { CommentStore } from './comments.js';
import { readPortalConfig } from './config.js';
import { generateCorpus } from './corpus.js';
import { keywordDays } from './keyword-days.js';
import { truthArticles } from './picks.js';
import { NAVER } from './skins.js';
import { truthSummary, type TruthContext } from './truth.js';

const DAY_MS = 86_400_000;
const REAL = Date.parse('2026-12-01T21:00:00Z');

/** Everything a suite can read from the ground truth, for a portal configured on the real date `realNow`. */
function served(env: Record<string, string>, realNow: number): string {
  const config = readPortalConfig(env, realNow);
  const corpus = generateCorpus({ seed: config.seed, anchorDate: config.anchorDate });
  const ctx: TruthContext = { corpus, store: new CommentStore(corpus), now: config.now ?? realNow, base: 'http://portal', skin: NAVER };
  return JSON.stringify({
    articles: corpus.articles,
    summary: truthSummary(ctx),
    days: keywordDays(ctx),
    picks: truthArticles(ctx, new URLSearchParams({ min_comments: '100', max_comments: '300', limit: '20' })),
  });
}

let today: string | undefined;
for (const later of [1, 7, 30, 200]) {
  test(`the pinned corpus served ${later} day(s) later is identical`, () => {
    const pinned = { ...testCorpus() };
    today ??= served(pinned, REAL);
    assert.ok(today === served(pinned, REAL + later * DAY_MS), `the ground truth changed ${later} day(s) later`);
  });
}

test('without the pin, another real date gives another corpus (what the pin prevents)', () => {
  assert.ok(served({}, REAL) !== served({}, REAL + DAY_MS));
});

test('the pinned clock is frozen at the pinned instant, on the pinned last day', () => {
  const pinned = testCorpus();
  const config = readPortalConfig({ ...pinned }, REAL + 200 * DAY_MS);
  assert.is(config.anchorDate, pinned.PORTAL_ANCHOR_DATE);
  assert.is(config.now, Date.parse(pinned.PORTAL_NOW));
  assert.is(config.seed, Number(pinned.PORTAL_SEED));
});

test.run();
