// The body reader (worker/parse/standards.ts: Readability with figures, captions, asides and ad or
// related boxes left out) on Scrapinghub's public article-extraction benchmark: 181 news pages with
// their true bodies, scored by the benchmark's own method (test/extraction/score.ts). No per-site rule.
// Prints one JSON line; figures go to BENCHMARKS.md by hand.
import { cpus } from 'node:os';
import { readStandards } from '../worker/parse/standards.js';
import { benchmarkPages, benchmarkTruth, score } from '../test/extraction/score.js';

const pages = benchmarkPages();
const truth = benchmarkTruth();
const pred: Record<string, string> = {};
const started = process.hrtime.bigint();
for (const [id, html] of Object.entries(pages)) pred[id] = readStandards(html, 'https://example.com/', 'UTC').body?.value ?? '';
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const s = score(truth, pred);
console.log(
  JSON.stringify({
    bench: 'article-extraction',
    pages: Object.keys(pages).length,
    f1: +s.f1.toFixed(3),
    precision: +s.precision.toFixed(3),
    recall: +s.recall.toFixed(3),
    accuracy: +s.accuracy.toFixed(3),
    msPerPage: Math.round(ms / Object.keys(pages).length),
    cpu: cpus()[0]?.model,
  }),
);
