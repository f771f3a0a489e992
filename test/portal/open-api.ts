// The Search Open API emulation: `GET /v1/search/news.json`.
// Checks the client credentials, then the daily quota, then the parameters, like the real one.
import type { Corpus } from './corpus.js';
import { escapeApiText, highlight } from './html.js';
import { kstDay, rfc822Kst } from './kst.js';
import { jsonReply, type Reply } from './reply.js';
import { findArticles, parseTerms } from './search.js';
import type { Skin } from './skins.js';
import { outletLink } from './outlets.js';

export interface OpenApiCredentials {
  clientId: string;
  clientSecret: string;
}

/** Calls per client id per KST day, against a daily limit. */
export class OpenApiQuota {
  private readonly used = new Map<string, number>();
  constructor(public limit: number) {}

  /** Counts a call; false when the client has used up its quota for the day. */
  take(clientId: string, now: number): boolean {
    const key = `${kstDay(now)}|${clientId}`;
    const n = this.used.get(key) ?? 0;
    if (n >= this.limit) return false;
    this.used.set(key, n + 1);
    return true;
  }

  usage(now: number): Record<string, number> {
    const day = kstDay(now);
    const out: Record<string, number> = {};
    for (const [key, n] of this.used) {
      const [d, client] = key.split('|') as [string, string];
      if (d === day) out[client] = n;
    }
    return out;
  }

  reset(): void {
    this.used.clear();
  }
}

export interface OpenApiContext {
  corpus: Corpus;
  now: number;
  base: string;
  /** Skin whose article paths make the portal links (`link`). */
  skin: Skin;
  credentials: OpenApiCredentials;
  quota: OpenApiQuota;
}

export function openApiError(status: number, errorCode: string, errorMessage: string): Reply {
  return jsonReply({ errorMessage, errorCode }, status);
}

export const OPEN_API_ERRORS = {
  auth: () => openApiError(401, '024', 'Authentication failed. (인증에 실패했습니다.)'),
  quota: () => openApiError(429, '010', 'Query limit exceeded. (일일 호출 한도를 초과했습니다.)'),
  query: () => openApiError(400, 'SE01', 'Incorrect query request (잘못된 쿼리요청입니다.)'),
  display: () => openApiError(400, 'SE02', 'Invalid display value (부적절한 display 값입니다.)'),
  start: () => openApiError(400, 'SE03', 'Invalid start value (부적절한 start 값입니다.)'),
  sort: () => openApiError(400, 'SE04', 'Invalid sort value (부적절한 sort 값입니다.)'),
  server: () => openApiError(500, 'SE99', 'System Error (시스템 에러)'),
  forbidden: () => openApiError(403, '403', 'Forbidden (비정상적인 접근입니다.)'),
};

export function handleOpenApi(ctx: OpenApiContext, params: URLSearchParams, headers: Record<string, string | string[] | undefined>): Reply {
  const id = header(headers, 'x-naver-client-id');
  const secret = header(headers, 'x-naver-client-secret');
  if (id !== ctx.credentials.clientId || secret !== ctx.credentials.clientSecret) return OPEN_API_ERRORS.auth();
  if (!ctx.quota.take(id, ctx.now)) return OPEN_API_ERRORS.quota();

  const query = params.get('query');
  if (query === null || query.trim() === '') return OPEN_API_ERRORS.query();
  const display = intParam(params.get('display'), 10);
  if (display === null || display < 1 || display > 100) return OPEN_API_ERRORS.display();
  const start = intParam(params.get('start'), 1);
  if (start === null || start < 1 || start > 1000) return OPEN_API_ERRORS.start();
  const sortParam = params.get('sort') ?? 'sim';
  if (sortParam !== 'sim' && sortParam !== 'date') return OPEN_API_ERRORS.sort();

  const terms = parseTerms(query);
  const all = findArticles(ctx.corpus, { query, terms, from: null, to: null, sort: sortParam === 'date' ? 'latest' : 'relevance' }, ctx.now);
  const items = all.slice(start - 1, start - 1 + display).map((a) => ({
    title: highlight(a.title, terms, '<b>', '</b>', escapeApiText),
    originallink: outletLink(ctx.base, a),
    link: a.portal ? ctx.base + ctx.skin.paths.article(a.oid, a.aid, a.section.sid) : outletLink(ctx.base, a),
    description: highlight(a.summary, terms, '<b>', '</b>', escapeApiText),
    pubDate: rfc822Kst(a.publishedAt),
  }));
  return jsonReply({ lastBuildDate: rfc822Kst(ctx.now), total: all.length, start, display: items.length, items });
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** An integer parameter, the fallback when absent, null when not an integer. */
function intParam(text: string | null, fallback: number): number | null {
  if (text === null) return fallback;
  if (!/^-?\d+$/.test(text.trim())) return null;
  return Number(text);
}
