import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readStandards } from '../../worker/parse/standards.js';
import { generateCorpus } from './corpus.js';
import { outletArticle, outletLink, outletTruth, renderOutletPage } from './outlets.js';

const corpus = generateCorpus({ seed: 42, anchorDate: '2024-12-02', days: 20 });
const BASE = 'http://127.0.0.1:18090';

test('every article has an outlet page found by its path', () => {
  for (const a of corpus.articles) {
    const u = new URL(outletLink(BASE, a));
    assert.is(outletArticle(corpus, u.pathname.replace(/^\/outlet\//, '') + u.search), a);
  }
});

for (const style of ['idxno', 'view', 'dated', 'section'] as const) {
  test(`the standards reader reads the ${style} outlet pages exactly as their truth says`, () => {
    const sample = corpus.articles.filter((a) => a.publisher.urlStyle === style).slice(0, 8);
    assert.ok(sample.length > 5);
    for (const a of sample) {
      const t = outletTruth(BASE, a);
      const r = readStandards(renderOutletPage(BASE, a), t.url, 'Asia/Seoul');
      const got = [
        r.headline?.value,
        r.author?.value,
        r.publishedAt?.value.at.toISOString(),
        r.publishedAt?.value.precision,
        r.modifiedAt?.value.at.toISOString() ?? null,
        r.body?.value,
      ];
      const want = [
        t.headline,
        t.byline,
        new Date(t.published_at).toISOString(),
        t.published_precision,
        t.modified_at && new Date(t.modified_at).toISOString(),
        t.body,
      ];
      assert.equal(got, want, `${a.key} (${style})`);
    }
  });
}

test.run();
