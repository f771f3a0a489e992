// HTTP wiring of the local news portal: routes, fault rules, request counting. Tests create it
// in-process (createPortal + listen on port 0); main.ts runs it as a program.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleCommentApi } from './comment-api.js';
import { COMMENT_SCRIPT, COMMENT_SCRIPT_PATH } from './comment-script.js';
import { CommentStore } from './comments.js';
import { generateCorpus, type Article, type Corpus } from './corpus.js';
import { FaultBoard, type FaultRule } from './faults.js';
import { escapeHtml, htmlDocument } from './html.js';
import { isoKst, parseDay } from './kst.js';
import { handleOpenApi, OPEN_API_ERRORS, OpenApiQuota } from './open-api.js';
import { renderArticlePage } from './render-article.js';
import { renderCommentPage } from './render-comments.js';
import { blockPage, errorPage, notFoundPage } from './render-errors.js';
import { renderSearchPage } from './render-search.js';
import { htmlReply, JS, jsonReply, redirectReply, textReply, type Reply } from './reply.js';
import { findArticles, PAGE_SIZE, pageOf, parsePortalSearch, parseStart, parseTerms, sortFromCode, type SearchPageRequest } from './search.js';
import { ALT, CHANGED, NAVER, type Skin } from './skins.js';
import { renderBoardComments } from './board.js';
import { handleScoopSearch, renderScoopArticle, renderScoopSearch } from './scoop.js';
import { handleTalkComments } from './talk.js';
import { handleWireComments, parseWireSearch, renderWireArticle, renderWireComments, renderWireSearch, WIRE_PATHS } from './wire.js';
import { RequestStats } from './stats.js';
import { truthArticles, truthKeywordDays } from './picks.js';
import { truthArticleDetail, truthComments, truthSearch, truthSummary, type TruthContext } from './truth.js';
import { outletArticle, renderOutletPage, ROBOTS_TXT } from './outlets.js';

export interface PortalOptions {
  seed: number;
  anchorDate: string;
  /** Frozen clock (epoch ms); default the real clock. */
  now?: number | null;
  /** Base URL for absolute links; default `http://<Host header>`. */
  publicUrl?: string | null;
  apiClientId?: string;
  apiClientSecret?: string;
  apiDailyQuota?: number;
  commentDelayMs?: number;
  commentPageSize?: number;
  logRequests?: boolean;
  /** Every third comment gains a like per this many hours since it was written (0 or unset: fixed likes). */
  likesGrowthHours?: number;
  log?: (entry: Record<string, unknown>) => void;
  /** A corpus generated beforehand (must match seed and anchorDate). */
  corpus?: Corpus;
}

/** The clock relative dates and visibility use: real, or frozen for reproducible tests. */
export class Clock {
  constructor(public frozen: number | null = null) {}
  now(): number {
    return this.frozen ?? Date.now();
  }
}

export interface Portal {
  corpus: Corpus;
  store: CommentStore;
  faults: FaultBoard;
  stats: RequestStats;
  quota: OpenApiQuota;
  clock: Clock;
  server: http.Server;
  /** Starts listening; resolves to the base URL (e.g. `http://127.0.0.1:18090`). */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** html: pages (faults answer with pages; `markup` applies); json: APIs; control: admin, truth, health (never faulted). */
type RouteKind = 'html' | 'json' | 'static' | 'control';

interface Ctx {
  req: http.IncomingMessage;
  url: URL;
  params: URLSearchParams;
  base: string;
  now: number;
  /** The `markup` fault applies: serve the changed layout. */
  markup: boolean;
  /** The `variant` of the markup rule that applies, if it names one. */
  variant: string | null;
  body: string;
}

interface Route {
  name: string;
  kind: RouteKind;
  methods: readonly string[];
  pattern: RegExp;
  handle(ctx: Ctx, m: RegExpExecArray): Reply;
}

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==', 'base64');
const GET = ['GET', 'HEAD'] as const;

export function createPortal(options: PortalOptions): Portal {
  const corpus = options.corpus ?? generateCorpus({ seed: options.seed, anchorDate: options.anchorDate });
  const store = new CommentStore(corpus, options.likesGrowthHours ?? 0);
  const faults = new FaultBoard();
  const stats = new RequestStats();
  const clock = new Clock(options.now ?? null);
  const quota = new OpenApiQuota(options.apiDailyQuota ?? 25_000);
  const credentials = { clientId: options.apiClientId ?? 'local-client', clientSecret: options.apiClientSecret ?? 'local-secret' };
  const commentPageSize = options.commentPageSize ?? 20;
  const commentDelayMs = options.commentDelayMs ?? 150;
  const log = options.log ?? ((entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry })));

  const published = (oid: string, aid: string, now: number): Article | null => {
    const a = corpus.byKey.get(`${oid}/${aid}`);
    return a && a.publishedAt <= now ? a : null;
  };
  const truthCtx = (ctx: Ctx): TruthContext => ({
    corpus,
    store,
    now: ctx.now,
    base: ctx.base,
    skin: ctx.params.get('skin') === 'alt' ? ALT : ctx.params.get('skin') === 'wire' ? { paths: WIRE_PATHS } : NAVER,
  });
  // A `markup` rule serves the changed layout; its `stats` variant renames only the class of the
  // comment statistics' numbers, the smallest change that a profile's statistics must notice.
  const pageSkin = (ctx: Ctx, skin: Skin): Skin =>
    !ctx.markup
      ? skin
      : ctx.variant === 'stats'
        ? { ...skin, comments: { ...skin.comments, statsNumber: `${skin.comments.statsNumber}_num` } }
        : CHANGED;

  const searchPage = (ctx: Ctx, skin: Skin, request: SearchPageRequest): Reply => {
    const found = findArticles(corpus, request, ctx.now);
    const page = pageOf(found, request.start);
    // The item variants change one result per page and keep the page's layout.
    const unreadable = !ctx.markup
      ? undefined
      : ctx.variant === 'unreadable-date'
        ? 'date'
        : ctx.variant === 'unreadable-title'
          ? 'title'
          : undefined;
    const pageSkinned = unreadable ? skin : pageSkin(ctx, skin);
    return htmlReply(renderSearchPage({ base: ctx.base, skin: pageSkinned, request, page, now: ctx.now, params: ctx.params, unreadable }));
  };
  const articlePage = (ctx: Ctx, skin: Skin, oid: string, aid: string): Reply => {
    const a = published(oid, aid, ctx.now);
    if (!a || !a.portal) return notFoundPage('기사를 찾을 수 없습니다.');
    return htmlReply(renderArticlePage({ base: ctx.base, skin: pageSkin(ctx, skin), article: a, commentTotal: store.visible(a, ctx.now).length }));
  };
  const commentPage = (ctx: Ctx, skin: Skin, oid: string, aid: string): Reply => {
    const a = published(oid, aid, ctx.now);
    if (!a || !a.portal) return notFoundPage('기사를 찾을 수 없습니다.');
    return htmlReply(renderCommentPage({ skin: pageSkin(ctx, skin), article: a, pageSize: commentPageSize, initialDelayMs: commentDelayMs }));
  };
  const withQuery = (path: string, ctx: Ctx): string => {
    const q = new URLSearchParams(ctx.params);
    q.delete('oid');
    q.delete('aid');
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };

  const routes: Route[] = [
    { name: 'healthz', kind: 'control', methods: GET, pattern: /^\/healthz$/, handle: () => jsonReply({ status: 'ok' }) },
    { name: 'index', kind: 'html', methods: GET, pattern: /^\/$/, handle: (ctx) => indexPage(ctx, corpus) },
    { name: 'robots', kind: 'html', methods: GET, pattern: /^\/robots\.txt$/, handle: () => textReply(ROBOTS_TXT) },
    {
      name: 'outlet_article',
      kind: 'html',
      methods: GET,
      pattern: /^\/outlet\/([a-z0-9.-]+\/.*)$/,
      handle: (ctx, m) => {
        const a = outletArticle(corpus, `${m[1] as string}${ctx.url.search}`);
        return a && a.publishedAt <= ctx.now ? htmlReply(renderOutletPage(ctx.base, a)) : notFoundPage('기사를 찾을 수 없습니다.');
      },
    },
    {
      name: 'search',
      kind: 'html',
      methods: GET,
      pattern: /^\/search\.naver$/,
      handle: (ctx) => searchPage(ctx, NAVER, parsePortalSearch(ctx.params)),
    },
    {
      name: 'article',
      kind: 'html',
      methods: GET,
      pattern: /^\/mnews\/article\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => articlePage(ctx, NAVER, m[1] as string, m[2] as string),
    },
    {
      name: 'comment_page',
      kind: 'html',
      methods: GET,
      pattern: /^\/mnews\/article\/comment\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => commentPage(ctx, NAVER, m[1] as string, m[2] as string),
    },
    {
      name: 'article_redirect',
      kind: 'html',
      methods: GET,
      pattern: /^\/(?:article|mnews\/article\/view)\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => redirectReply(withQuery(NAVER.paths.article(m[1] as string, m[2] as string), ctx)),
    },
    {
      name: 'comment_page_redirect',
      kind: 'html',
      methods: GET,
      pattern: /^\/article\/comment\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => redirectReply(withQuery(NAVER.paths.commentPage(m[1] as string, m[2] as string), ctx)),
    },
    {
      name: 'article_redirect',
      kind: 'html',
      methods: GET,
      pattern: /^\/main\/read\.(?:naver|nhn)$/,
      handle: (ctx) => {
        const oid = ctx.params.get('oid') ?? '';
        const aid = ctx.params.get('aid') ?? '';
        if (!/^\d{3}$/.test(oid) || !/^\d{10}$/.test(aid)) return notFoundPage();
        const sid = ctx.params.get('sid1');
        return redirectReply(NAVER.paths.article(oid, aid, sid && /^\d+$/.test(sid) ? Number(sid) : undefined));
      },
    },
    {
      name: 'comment_api',
      kind: 'json',
      methods: GET,
      pattern: /^\/commentBox\/cbox\/web_naver_list_jsonp\.json$/,
      handle: (ctx) => handleCommentApi({ corpus, store, skin: NAVER, now: ctx.now }, ctx.params, ctx.req.headers.referer),
    },
    {
      name: 'open_api',
      kind: 'json',
      methods: GET,
      pattern: /^\/v1\/search\/news\.json$/,
      handle: (ctx) => handleOpenApi({ corpus, now: ctx.now, base: ctx.base, skin: NAVER, credentials, quota }, ctx.params, ctx.req.headers),
    },
    {
      name: 'alt_search',
      kind: 'html',
      methods: GET,
      pattern: /^\/alt\/news\/search$/,
      handle: (ctx) => searchPage(ctx, ALT, parseAltSearch(ctx.params)),
    },
    {
      name: 'alt_article',
      kind: 'html',
      methods: GET,
      pattern: /^\/alt\/story\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => articlePage(ctx, ALT, m[1] as string, m[2] as string),
    },
    {
      name: 'alt_comment_page',
      kind: 'html',
      methods: GET,
      pattern: /^\/alt\/story\/(\d{3})\/(\d{10})\/comments$/,
      handle: (ctx, m) => commentPage(ctx, ALT, m[1] as string, m[2] as string),
    },
    {
      name: 'alt_comment_api',
      kind: 'json',
      methods: GET,
      pattern: /^\/alt\/api\/comments\.json$/,
      handle: (ctx) => handleCommentApi({ corpus, store, skin: ALT, now: ctx.now }, ctx.params, ctx.req.headers.referer),
    },
    {
      name: 'wire_search',
      kind: 'html',
      methods: GET,
      pattern: /^\/wire\/search$/,
      handle: (ctx) => htmlReply(renderWireSearch(corpus, parseWireSearch(ctx.params), ctx.now, ctx.params, ctx.markup, ctx.base)),
    },
    {
      name: 'wire_article',
      kind: 'html',
      methods: GET,
      pattern: /^\/wire\/news\/A(\d{3})(\d{10})$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        return a && a.portal
          ? htmlReply(renderWireArticle(a, store.visible(a, ctx.now).length, ctx.markup))
          : notFoundPage('기사를 찾을 수 없습니다.');
      },
    },
    {
      name: 'wire_comment_page',
      kind: 'html',
      methods: GET,
      pattern: /^\/wire\/news\/A(\d{3})(\d{10})\/comments$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        return a && a.portal
          ? htmlReply(renderWireComments(a, commentPageSize, commentDelayMs, ctx.markup))
          : notFoundPage('기사를 찾을 수 없습니다.');
      },
    },
    {
      name: 'wire_comment_api',
      kind: 'json',
      methods: GET,
      pattern: /^\/wire\/api\/comments$/,
      handle: (ctx) => handleWireComments(corpus, store, ctx.now, ctx.params, ctx.markup ? (ctx.variant ?? 'field') : null),
    },
    {
      name: 'scoop_search',
      kind: 'html',
      methods: GET,
      pattern: /^\/scoop\/search$/,
      handle: (ctx) => htmlReply(renderScoopSearch(ctx.params)),
    },
    {
      name: 'scoop_search_api',
      kind: 'json',
      methods: GET,
      pattern: /^\/scoop\/api\/search$/,
      handle: (ctx) => handleScoopSearch(corpus, ctx.now, ctx.base, ctx.params, ctx.markup ? (ctx.variant ?? 'markup') : null),
    },
    {
      name: 'scoop_article',
      kind: 'html',
      methods: GET,
      pattern: /^\/scoop\/news\/A(\d{3})(\d{10})$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        return a && a.portal
          ? htmlReply(renderScoopArticle(a, store.visible(a, ctx.now).length, ctx.base))
          : notFoundPage('기사를 찾을 수 없습니다.');
      },
    },
    {
      name: 'talk_comments',
      kind: 'json',
      methods: GET,
      pattern: /^\/talk\/v1\/threads\/([\w-]+)\/comments$/,
      handle: (ctx, m) => handleTalkComments(corpus, store, ctx.now, m[1] as string, ctx.params, ctx.markup ? (ctx.variant ?? 'markup') : null),
    },
    {
      name: 'board_comment_page',
      kind: 'html',
      methods: GET,
      pattern: /^\/board\/news\/A(\d{3})(\d{10})\/comments$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        const page = Number(ctx.params.get('page') ?? '1');
        return a && a.portal
          ? htmlReply(
              renderBoardComments(a, store.visible(a, ctx.now), Number.isInteger(page) ? page : 1, ctx.markup ? (ctx.variant ?? 'markup') : null),
            )
          : notFoundPage('기사를 찾을 수 없습니다.');
      },
    },
    {
      name: 'static',
      kind: 'static',
      methods: GET,
      pattern: new RegExp(`^${COMMENT_SCRIPT_PATH.replace(/[.]/g, '\\.')}$`),
      handle: () => ({ status: 200, headers: { 'content-type': JS, 'cache-control': 'no-cache' }, body: COMMENT_SCRIPT }),
    },
    {
      name: 'static',
      kind: 'static',
      methods: GET,
      pattern: /^\/static\/press\/\d{3}\.png$/,
      handle: () => ({ status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'max-age=3600' }, body: PNG_1X1 }),
    },
    { name: 'favicon', kind: 'static', methods: GET, pattern: /^\/favicon\.ico$/, handle: () => ({ status: 204, headers: {}, body: '' }) },

    // Ground truth.
    { name: 'truth', kind: 'control', methods: GET, pattern: /^\/__truth\/summary$/, handle: (ctx) => jsonReply(truthSummary(truthCtx(ctx))) },
    {
      name: 'truth',
      kind: 'control',
      methods: GET,
      pattern: /^\/__truth\/search$/,
      handle: (ctx) => {
        const result = truthSearch(truthCtx(ctx), ctx.params);
        return jsonReply(result, 'error' in result ? 400 : 200);
      },
    },
    {
      name: 'truth',
      kind: 'control',
      methods: GET,
      pattern: /^\/__truth\/keyword-days$/,
      handle: (ctx) => {
        const result = truthKeywordDays(truthCtx(ctx), ctx.params);
        return jsonReply(result, 'error' in result ? 400 : 200);
      },
    },
    {
      name: 'truth',
      kind: 'control',
      methods: GET,
      pattern: /^\/__truth\/articles$/,
      handle: (ctx) => {
        const result = truthArticles(truthCtx(ctx), ctx.params);
        return jsonReply(result, 'error' in result ? 400 : 200);
      },
    },
    {
      name: 'truth',
      kind: 'control',
      methods: GET,
      pattern: /^\/__truth\/article\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        return a ? jsonReply(truthArticleDetail(truthCtx(ctx), a)) : jsonReply({ error: 'no such article (or not published yet)' }, 404);
      },
    },
    {
      name: 'truth',
      kind: 'control',
      methods: GET,
      pattern: /^\/__truth\/comments\/(\d{3})\/(\d{10})$/,
      handle: (ctx, m) => {
        const a = published(m[1] as string, m[2] as string, ctx.now);
        return a ? jsonReply(truthComments(truthCtx(ctx), a)) : jsonReply({ error: 'no such article (or not published yet)' }, 404);
      },
    },

    // Control surface for tests.
    { name: 'admin', kind: 'control', methods: GET, pattern: /^\/__admin\/faults$/, handle: () => jsonReply({ rules: faults.list() }) },
    {
      name: 'admin',
      kind: 'control',
      methods: ['POST'],
      pattern: /^\/__admin\/faults$/,
      handle: (ctx) => {
        try {
          const input: unknown = JSON.parse(ctx.body || 'null');
          const rules: FaultRule[] = Array.isArray(input) ? input.map((r) => faults.add(r)) : [faults.add(input)];
          return jsonReply(Array.isArray(input) ? { rules } : { rule: rules[0] }, 201);
        } catch (err) {
          return jsonReply({ error: (err as Error).message }, 400);
        }
      },
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['DELETE'],
      pattern: /^\/__admin\/faults$/,
      handle: () => {
        const n = faults.list().length;
        faults.clear();
        return jsonReply({ cleared: n });
      },
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['DELETE'],
      pattern: /^\/__admin\/faults\/([\w-]+)$/,
      handle: (_ctx, m) => (faults.remove(m[1] as string) ? jsonReply({ removed: m[1] }) : jsonReply({ error: `no rule ${m[1]}` }, 404)),
    },
    {
      name: 'admin',
      kind: 'control',
      methods: GET,
      pattern: /^\/__admin\/stats$/,
      handle: (ctx) => jsonReply(stats.snapshot(Number(ctx.url.searchParams.get('window_ms')) || undefined)),
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['DELETE'],
      pattern: /^\/__admin\/stats$/,
      handle: () => {
        stats.reset();
        return jsonReply(stats.snapshot());
      },
    },
    { name: 'admin', kind: 'control', methods: GET, pattern: /^\/__admin\/clock$/, handle: () => jsonReply(clockState(clock)) },
    {
      name: 'admin',
      kind: 'control',
      methods: ['POST'],
      pattern: /^\/__admin\/clock$/,
      handle: (ctx) => {
        try {
          const input = JSON.parse(ctx.body || '{}') as { now?: unknown; advanceMs?: unknown };
          if (typeof input.now === 'string' && !Number.isNaN(Date.parse(input.now))) clock.frozen = Date.parse(input.now);
          else if (typeof input.advanceMs === 'number') clock.frozen = clock.now() + input.advanceMs;
          else return jsonReply({ error: 'send {"now": "<ISO instant>"} or {"advanceMs": <number>}' }, 400);
          return jsonReply(clockState(clock));
        } catch (err) {
          return jsonReply({ error: (err as Error).message }, 400);
        }
      },
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['DELETE'],
      pattern: /^\/__admin\/clock$/,
      handle: () => {
        clock.frozen = null;
        return jsonReply(clockState(clock));
      },
    },
    {
      name: 'admin',
      kind: 'control',
      methods: GET,
      pattern: /^\/__admin\/quota$/,
      handle: (ctx) => jsonReply({ limit: quota.limit, usage: quota.usage(ctx.now) }),
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['POST'],
      pattern: /^\/__admin\/quota$/,
      handle: (ctx) => {
        try {
          const input = JSON.parse(ctx.body || '{}') as { limit?: unknown };
          if (!Number.isInteger(input.limit) || (input.limit as number) < 0) return jsonReply({ error: 'send {"limit": <whole number>}' }, 400);
          quota.limit = input.limit as number;
          return jsonReply({ limit: quota.limit, usage: quota.usage(ctx.now) });
        } catch (err) {
          return jsonReply({ error: (err as Error).message }, 400);
        }
      },
    },
    {
      name: 'admin',
      kind: 'control',
      methods: ['DELETE'],
      pattern: /^\/__admin\/quota$/,
      handle: (ctx) => {
        quota.reset();
        return jsonReply({ limit: quota.limit, usage: quota.usage(ctx.now) });
      },
    },
  ];

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const base = options.publicUrl ?? `http://${req.headers.host ?? 'localhost'}`;
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    let wrongMethod = false;
    for (const r of routes) {
      const m = r.pattern.exec(url.pathname);
      if (!m) continue;
      if (!r.methods.includes(method)) {
        wrongMethod = true;
        continue;
      }
      route = r;
      match = m;
      break;
    }
    const name = route?.name ?? (wrongMethod ? 'method_not_allowed' : 'not_found');
    const kind: RouteKind = route?.kind ?? 'html';
    stats.record(name, kind === 'control');

    let markup = false;
    let variant: string | null = null;
    let reply: Reply | null = null;
    if (kind !== 'control') {
      const decision = faults.decide({ method, path: url.pathname, query: url.search.slice(1) });
      if (decision.delayMs > 0) {
        stats.recordFault('slow');
        await sleep(decision.delayMs);
      }
      const rule = decision.rule;
      if (rule) {
        stats.recordFault(rule.action);
        if (rule.action === 'reset') {
          stats.recordStatus('reset');
          if (options.logRequests) log({ msg: 'request', method, path: url.pathname, route: name, status: 'reset', ms: Date.now() - started });
          req.socket.destroy();
          return;
        }
        if (rule.action === 'markup') {
          markup = true;
          variant = rule.variant;
        } else reply = faultReply(rule, kind);
      }
    }

    if (!reply) {
      if (!route || !match) {
        reply = wrongMethod ? jsonReply({ error: `method ${method} not allowed` }, 405) : notFoundPage();
      } else {
        try {
          const body = method === 'POST' || method === 'PUT' ? await readBody(req) : '';
          reply = route.handle({ req, url, params: url.searchParams, base, now: clock.now(), markup, variant, body }, match);
        } catch (err) {
          log({ level: 'error', msg: 'handler failed', route: name, path: url.pathname, error: (err as Error).stack ?? String(err) });
          reply = kind === 'json' ? jsonReply({ errorMessage: 'System Error', errorCode: 'SE99' }, 500) : errorPage(500);
        }
      }
    }
    stats.recordStatus(reply.status);
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    res.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers, 'content-length': String(body.length) });
    res.end(body);
    if (options.logRequests) log({ msg: 'request', method, path: url.pathname, route: name, status: reply.status, ms: Date.now() - started });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log({ level: 'error', msg: 'request failed', error: (err as Error).stack ?? String(err) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;

  return {
    corpus,
    store,
    faults,
    stats,
    quota,
    clock,
    server,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const h = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${h}:${address.port}`);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The alternate site's search parameters: `q`, `from`/`to` (YYYY.MM.DD or YYYY-MM-DD), `sort` (0|1|2), `page` (or `start`). */
export function parseAltSearch(params: URLSearchParams): SearchPageRequest {
  const query = params.get('q') ?? params.get('query') ?? '';
  const page = Number(params.get('page'));
  const start = Number.isInteger(page) && page >= 1 ? (page - 1) * PAGE_SIZE + 1 : parseStart(params.get('start'));
  return {
    query,
    terms: parseTerms(query),
    from: parseDay(params.get('from') ?? params.get('ds')),
    to: parseDay(params.get('to') ?? params.get('de')),
    sort: sortFromCode(params.get('sort') ?? '0'),
    start,
  };
}

function faultReply(rule: FaultRule, kind: RouteKind): Reply {
  if (rule.action === 'block') {
    return kind === 'json' ? { ...OPEN_API_ERRORS.forbidden(), status: rule.status } : blockPage(rule.status);
  }
  const headers: Record<string, string> = rule.retryAfter === null ? {} : { 'retry-after': String(rule.retryAfter) };
  const base =
    kind === 'json'
      ? jsonReply(
          rule.status === 429
            ? { errorMessage: 'Rate limit exceeded. (속도 제한을 초과했습니다.)', errorCode: '012' }
            : { errorMessage: 'System Error', errorCode: 'SE99' },
          rule.status,
        )
      : errorPage(rule.status);
  return { ...base, headers: { ...base.headers, ...headers } };
}

function clockState(clock: Clock): Record<string, unknown> {
  return { now: isoKst(clock.now()), frozen: clock.frozen !== null };
}

function indexPage(ctx: Ctx, corpus: Corpus): Reply {
  const day = corpus.anchorDate.replace(/-/g, '.');
  const kw = corpus.keywords[0] ?? '';
  const example = `/search.naver?where=news&query=${encodeURIComponent(kw)}&sort=1&pd=3&ds=${day}&de=${day}&start=1`;
  return htmlReply(
    htmlDocument({
      title: '로컬 뉴스 포털',
      body: `<div class="wrap"><h1>로컬 뉴스 포털</h1>
<p>seed ${corpus.seed}, ${escapeHtml(corpus.firstDate)} ~ ${escapeHtml(corpus.anchorDate)}, ${corpus.articles.length} articles, now ${escapeHtml(isoKst(ctx.now))}</p>
<ul>
<li><a href="${escapeHtml(example)}">${escapeHtml(kw)} ${escapeHtml(day)}</a></li>
<li><a href="/__truth/summary">/__truth/summary</a></li>
<li><a href="/__admin/stats">/__admin/stats</a></li>
</ul></div>`,
    }),
  );
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
