// The standards reader (worker/parse/standards.ts) on the local portal's outlet pages, against their
// ground truth (test/portal/outlets.ts): headline, author, published and modified times exact, body token
// F1 by the article-extraction benchmark's method, and the cost per page. Pure CPU, no stack needed.
// Prints one JSON line; figures go to BENCHMARKS.md by hand.
import { cpus } from 'node:os';
import { readStandards } from '../worker/parse/standards.js';
import { score } from '../test/extraction/score.js';
import { generateCorpus } from '../test/portal/corpus.js';
import { outletTruth, renderOutletPage } from '../test/portal/outlets.js';

const perTemplate = Number(process.argv[2] ?? 50);
const corpus = generateCorpus({ seed: 42, anchorDate: '2026-11-30' });
const BASE = 'http://127.0.0.1:18090';
const byTemplate = new Map<string, { n: number; headline: number; author: number; published: number; modified: number }>();
const truth: Record<string, string> = {};
const pred: Record<string, string> = {};
let ms = 0;
for (const style of ['idxno', 'view', 'dated', 'section'] as const) {
  const row = { n: 0, headline: 0, author: 0, published: 0, modified: 0 };
  for (const a of corpus.articles.filter((x) => x.publisher.urlStyle === style).slice(0, perTemplate)) {
    const t = outletTruth(BASE, a);
    const html = renderOutletPage(BASE, a);
    const started = process.hrtime.bigint();
    const r = readStandards(html, t.url, 'Asia/Seoul');
    ms += Number(process.hrtime.bigint() - started) / 1e6;
    row.n++;
    row.headline += Number(r.headline?.value === t.headline);
    row.author += Number(r.author?.value === t.byline);
    row.published += Number(
      r.publishedAt?.value.at.getTime() === Date.parse(t.published_at) && r.publishedAt.value.precision === t.published_precision,
    );
    row.modified += Number((r.modifiedAt?.value.at.getTime() ?? null) === (t.modified_at === null ? null : Date.parse(t.modified_at)));
    truth[a.key] = t.body;
    pred[a.key] = r.body?.value ?? '';
  }
  byTemplate.set(style, row);
}
const pages = Object.keys(truth).length;
const s = score(truth, pred);
console.log(
  JSON.stringify({
    bench: 'reader-accuracy',
    pages,
    templates: Object.fromEntries(byTemplate),
    bodyF1: +s.f1.toFixed(4),
    bodyExact: +s.accuracy.toFixed(4),
    msPerPage: +(ms / pages).toFixed(1),
    cpu: cpus()[0]?.model,
  }),
);
