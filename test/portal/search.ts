// Keyword search over the corpus: query parsing, matching, ordering and paging. Pure.
import type { Article, Corpus } from './corpus.js';
import { kstDay, parseDay } from './kst.js';

export type SortOrder = 'relevance' | 'latest' | 'oldest';

export interface SearchCriteria {
  /** The query as typed. */
  query: string;
  /** Whitespace-separated terms; an article matches when every term is in its title or summary. */
  terms: string[];
  /** Inclusive KST day range (YYYY-MM-DD); null = unbounded. */
  from: string | null;
  to: string | null;
  sort: SortOrder;
}

export interface SearchPageRequest extends SearchCriteria {
  /** 1-based position of the first result on the page. */
  start: number;
}

export const PAGE_SIZE = 10;
/** The search page refuses to page further than this (like the real one). */
export const MAX_START = 4000;

export function parseTerms(query: string): string[] {
  const seen = new Set<string>();
  for (const t of query.trim().split(/\s+/)) if (t) seen.add(t);
  return [...seen];
}

/**
 * Reads the search page's parameters: `query`, `sort` (0 relevance, 1 latest, 2 oldest),
 * `pd=3` with `ds`/`de` (YYYY.MM.DD), or `nso=so:r|dd|da,p:fromYYYYMMDDtoYYYYMMDD|all,a:all`,
 * and `start` (1, 11, 21, ...).
 */
export function parsePortalSearch(params: URLSearchParams): SearchPageRequest {
  const query = params.get('query') ?? '';
  const nso = parseNso(params.get('nso'));
  let from: string | null = null;
  let to: string | null = null;
  if (params.get('pd') === '3' || (params.has('ds') && params.has('de'))) {
    from = parseDay(params.get('ds'));
    to = parseDay(params.get('de'));
  } else if (nso.from || nso.to) {
    from = nso.from;
    to = nso.to;
  }
  const sortParam = params.get('sort');
  const sort = sortParam !== null ? sortFromCode(sortParam) : (nso.sort ?? 'relevance');
  return { query, terms: parseTerms(query), from, to, sort, start: parseStart(params.get('start')) };
}

interface Nso {
  sort: SortOrder | null;
  from: string | null;
  to: string | null;
}

export function parseNso(nso: string | null): Nso {
  const out: Nso = { sort: null, from: null, to: null };
  if (!nso) return out;
  for (const part of nso.split(',')) {
    const [key, value = ''] = part.split(':');
    if (key === 'so') out.sort = value === 'dd' ? 'latest' : value === 'da' ? 'oldest' : 'relevance';
    if (key === 'p') {
      const m = /^from(\d{8})to(\d{8})$/.exec(value);
      if (m) {
        out.from = parseDay(m[1]);
        out.to = parseDay(m[2]);
      }
    }
  }
  return out;
}

export function sortFromCode(code: string): SortOrder {
  return code === '1' ? 'latest' : code === '2' ? 'oldest' : 'relevance';
}

export function sortCode(sort: SortOrder): string {
  return sort === 'latest' ? '1' : sort === 'oldest' ? '2' : '0';
}

export function parseStart(text: string | null): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** Whether every term occurs in the title or the summary (Latin letters case-insensitive). */
export function matches(article: Article, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const title = article.title.toLowerCase();
  const summary = article.summary.toLowerCase();
  return terms.every((t) => {
    const term = t.toLowerCase();
    return title.includes(term) || summary.includes(term);
  });
}

/** Occurrences of the terms, title hits counting three times. */
export function relevance(article: Article, terms: readonly string[]): number {
  let score = 0;
  for (const t of terms) {
    const term = t.toLowerCase();
    score += 3 * occurrences(article.title.toLowerCase(), term) + occurrences(article.summary.toLowerCase(), term);
  }
  return score;
}

/** Every article published by `now` that matches, in the requested order. */
export function findArticles(corpus: Corpus, criteria: SearchCriteria, now: number): Article[] {
  const { terms, from, to } = criteria;
  if (terms.length === 0 || (from && to && from > to)) return [];
  let pool: readonly Article[] = corpus.articles;
  if (from && to && from === to) pool = corpus.byDay.get(from) ?? [];
  const found = pool.filter((a) => {
    if (a.publishedAt > now) return false;
    if (from || to) {
      const day = kstDay(a.publishedAt);
      if ((from && day < from) || (to && day > to)) return false;
    }
    return matches(a, terms);
  });
  return sortArticles(found, terms, criteria.sort);
}

export function sortArticles(list: Article[], terms: readonly string[], sort: SortOrder): Article[] {
  const newest = (a: Article, b: Article): number => b.publishedAt - a.publishedAt || b.index - a.index;
  if (sort === 'latest') return list.sort(newest);
  if (sort === 'oldest') return list.sort((a, b) => a.publishedAt - b.publishedAt || a.index - b.index);
  const scores = new Map(list.map((a) => [a, relevance(a, terms)] as const));
  return list.sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || newest(a, b));
}

export interface SearchPage {
  items: Article[];
  total: number;
  start: number;
  /** The `start` of the next page, or null on the last page. */
  nextStart: number | null;
  prevStart: number | null;
}

export function pageOf(all: readonly Article[], start: number, size = PAGE_SIZE): SearchPage {
  const items = start > MAX_START ? [] : all.slice(start - 1, start - 1 + size);
  const next = start + size;
  return {
    items,
    total: all.length,
    start,
    nextStart: items.length > 0 && next <= all.length && next <= MAX_START ? next : null,
    prevStart: start > 1 ? Math.max(1, start - size) : null,
  };
}

function occurrences(text: string, term: string): number {
  let n = 0;
  for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + term.length)) n++;
  return n;
}
