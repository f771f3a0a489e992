// The article-extraction benchmark's scoring method (scrapinghub/article-extraction-benchmark,
// evaluate.py): each text becomes the multiset of its 4-token shingles (tokens are runs of Unicode
// letters, digits and "_", as Python's \w); per page, true positives, false positives and false negatives
// are counted over shingles and normalized to sum 1, so long pages weigh no more than short ones;
// precision and recall are the means over the pages where they are defined, F1 their harmonic mean.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { fromRoot } from '../../lib/paths.js';

export type TpFpFn = [number, number, number];

export interface Scores {
  f1: number;
  precision: number;
  recall: number;
  /** Pages whose tokens equal the truth's exactly. */
  accuracy: number;
}

const TOKEN = /[\p{L}\p{N}_]+/gu;

export const tokenize = (text: string | null | undefined): string[] => (text ?? '').match(TOKEN) ?? [];

/** Shingles of n tokens (one shorter shingle when the text has fewer than n tokens, none when empty). */
export function ngrams(text: string, n: number): string[][] {
  const tokens = tokenize(text);
  const out: string[][] = [];
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const s = tokens.slice(i, i + n);
    if (s.length) out.push(s);
  }
  return out;
}

function counts(text: string, n: number): Map<string, number> {
  const m = new Map<string, number>();
  // A unit separator cannot occur inside a token, so joined shingles stay distinct.
  for (const s of ngrams(text, n)) m.set(s.join('\u001f'), (m.get(s.join('\u001f')) ?? 0) + 1);
  return m;
}

export function shingleMatching(truth: string, pred: string, n = 4): TpFpFn {
  const t = counts(truth, n);
  const p = counts(pred, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [tp, fp, fn];
}

const precisionOf = ([tp, fp, fn]: TpFpFn): number => (fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp));
const recallOf = ([tp, fp, fn]: TpFpFn): number => (fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Scores predicted bodies against the truth; both keyed by page id, with the same keys. */
export function score(truth: Record<string, string>, pred: Record<string, string>): Scores {
  const keys = Object.keys(truth);
  const missing = keys.filter((k) => !(k in pred));
  if (missing.length || Object.keys(pred).length !== keys.length) {
    throw new Error(
      `the prediction's pages differ from the truth's (${missing.length} missing, ${Object.keys(pred).length} predicted of ${keys.length})`,
    );
  }
  const m = keys.map((k) => shingleMatching(truth[k]!, pred[k]!));
  const precision = mean(m.filter(([tp, fp]) => tp + fp > 0).map(precisionOf));
  const recall = mean(m.filter(([tp, , fn]) => tp + fn > 0).map(recallOf));
  const accuracy = mean(keys.map((k) => Number(tokenize(truth[k]).join(' ') === tokenize(pred[k]).join(' '))));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall, accuracy };
}

// --- the vendored data -----------------------------------------------------------------------------

const DATA = fromRoot('test', 'extraction', 'data');

function readBrotliJson(name: string): unknown {
  return JSON.parse(brotliDecompressSync(readFileSync(`${DATA}/${name}`)).toString('utf8')) as unknown;
}

/** Page id -> HTML. */
export const benchmarkPages = (): Record<string, string> => readBrotliJson('pages.json.br') as Record<string, string>;

/** Page id -> the body an extractor should find. */
export function benchmarkTruth(): Record<string, string> {
  return bodies(readBrotliJson('ground-truth.json.br'));
}

/** The benchmark's recorded Readability.js output, page id -> body. */
export function recordedReadabilityJs(): Record<string, string> {
  const raw = readBrotliJson('readability_js.json.br') as { output?: unknown };
  return bodies(raw.output ?? raw);
}

function bodies(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, { articleBody?: string }>)) out[k] = v.articleBody ?? '';
  return out;
}
