// A NewsSource profile as the collectors use it: the spec with every default filled in (so a profile
// read from a file behaves like one the apiserver defaulted), URL templates, and article identity.
// Pure; shared by the worker (collecting) and the operator (deriving comment pages of stored articles).
import type { NewsSourceSpec } from '../crd/types.gen.js';

type DeepRequired<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> } : T;

/** A profile with every field present (optional selectors are '' when not set). */
export type Profile = DeepRequired<Omit<NewsSourceSpec, 'openApi'>> & {
  name: string;
  /** metadata.generation (or resourceVersion) of the object it came from, for logs. */
  revision: string;
  openApi: { credentialsSecretRef: { name: string; clientIdKey: string; clientSecretKey: string } | null; display: number; maxStart: number };
};

export const DEFAULT_ARTICLE_ID_PATTERN = '/(?:mnews/)?article/(?:comment/)?(\\d{3})/(\\d{10})';

/** Fills the defaults the CRD schema declares; the apiserver does the same for stored objects. */
export function resolveProfile(name: string, spec: NewsSourceSpec, revision = ''): Profile {
  const s = spec;
  const sel = s.search.selectors;
  const a = s.article?.selectors;
  const c = s.comments?.selectors;
  const ru = s.dates?.relativeUnits ?? {};
  return {
    name,
    revision,
    displayName: s.displayName ?? name,
    baseUrls: {
      search: trimSlash(s.baseUrls.search),
      article: trimSlash(s.baseUrls.article),
      commentApi: trimSlash(s.baseUrls.commentApi ?? s.baseUrls.article),
      openApi: trimSlash(s.baseUrls.openApi ?? ''),
    },
    urlTemplates: {
      search: s.urlTemplates.search,
      article: s.urlTemplates.article,
      comments: s.urlTemplates.comments,
      commentApi: s.urlTemplates.commentApi ?? '',
      openApi: s.urlTemplates.openApi ?? '',
    },
    articleIdPattern: s.articleIdPattern ?? DEFAULT_ARTICLE_ID_PATTERN,
    search: {
      resultsPerPage: s.search.resultsPerPage ?? 10,
      maxPages: s.search.maxPages ?? 40,
      selectors: {
        item: sel.item,
        title: sel.title,
        titleAttribute: sel.titleAttribute ?? 'title',
        summary: sel.summary ?? '',
        publisher: sel.publisher ?? '',
        date: sel.date,
        portalLink: sel.portalLink ?? '',
        noResults: sel.noResults ?? '',
        nextPage: sel.nextPage ?? '',
      },
    },
    article: {
      visit: s.article?.visit ?? true,
      selectors: {
        title: a?.title ?? '',
        body: a?.body ?? '',
        byline: a?.byline ?? '',
        publisher: a?.publisher ?? '',
        publishedAt: a?.publishedAt ?? '',
        publishedAtAttribute: a?.publishedAtAttribute ?? 'data-date-time',
        section: a?.section ?? '',
      },
    },
    comments: {
      strategy: s.comments?.strategy ?? 'browser',
      pageSize: s.comments?.pageSize ?? 100,
      sort: s.comments?.sort ?? 'NEW',
      maxIdleClicks: s.comments?.maxIdleClicks ?? 3,
      maxComments: s.comments?.maxComments ?? 100000,
      selectors: {
        list: c?.list ?? '',
        item: c?.item ?? '',
        reply: c?.reply ?? '',
        info: c?.info ?? 'data-info',
        nickname: c?.nickname ?? '',
        text: c?.text ?? '',
        date: c?.date ?? '',
        dateAttribute: c?.dateAttribute ?? 'data-value',
        likes: c?.likes ?? '',
        dislikes: c?.dislikes ?? '',
        deletedClass: c?.deletedClass ?? '',
        deletedText: c?.deletedText ?? '',
        totalCount: c?.totalCount ?? '',
        more: (c?.more ?? []).filter((x) => x),
        replyToggle: c?.replyToggle ?? '',
      },
    },
    openApi: {
      credentialsSecretRef: s.openApi?.credentialsSecretRef
        ? {
            name: s.openApi.credentialsSecretRef.name,
            clientIdKey: s.openApi.credentialsSecretRef.clientIdKey ?? 'client-id',
            clientSecretKey: s.openApi.credentialsSecretRef.clientSecretKey ?? 'client-secret',
          }
        : null,
      display: s.openApi?.display ?? 100,
      maxStart: s.openApi?.maxStart ?? 1000,
    },
    dates: {
      timeZone: s.dates?.timeZone ?? 'Asia/Seoul',
      absolutePattern: s.dates?.absolutePattern ?? '(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})\\.?',
      relativeUnits: {
        second: ru.second ?? '초 전',
        minute: ru.minute ?? '분 전',
        hour: ru.hour ?? '시간 전',
        day: ru.day ?? '일 전',
        week: ru.week ?? '주 전',
      },
    },
    blockDetection: { selectors: (s.blockDetection?.selectors ?? []).filter((x) => x), texts: (s.blockDetection?.texts ?? []).filter((x) => x) },
    rateLimit: { requestsPerMinute: s.rateLimit?.requestsPerMinute ?? 120, burst: s.rateLimit?.burst ?? 5 },
    timeouts: {
      pageLoadSeconds: s.timeouts?.pageLoadSeconds ?? 30,
      elementWaitSeconds: s.timeouts?.elementWaitSeconds ?? 10,
      taskSeconds: s.timeouts?.taskSeconds ?? 900,
      sessionWaitSeconds: s.timeouts?.sessionWaitSeconds ?? 300,
    },
  };
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Fills {placeholders}: the base URLs ({search}, {article}, {commentApi}, {openApi}) as they are, every
 * other value URL-encoded. An unknown placeholder is an error naming it.
 */
export function fillTemplate(profile: Pick<Profile, 'baseUrls'>, template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_all, key: string) => {
    if (key in profile.baseUrls) return profile.baseUrls[key as keyof Profile['baseUrls']];
    if (key in values) return encodeURIComponent(String(values[key]));
    throw new TemplateError(`the URL template ${JSON.stringify(template)} has an unknown placeholder {${key}}`);
  });
}

export interface ArticleId {
  oid: string;
  aid: string;
}

/** (oid, aid) of a portal article URL by the profile's pattern, or null when the URL is not one. */
export function articleIdOf(url: string | null | undefined, pattern: string): ArticleId | null {
  if (!url) return null;
  let path = url;
  try {
    const u = new URL(url);
    path = u.pathname + u.search;
    // The older form news.naver.com/main/read.naver?oid=..&aid=..
    const oid = u.searchParams.get('oid');
    const aid = u.searchParams.get('aid');
    if (oid && aid && /^\d{3}$/.test(oid) && /^\d{10}$/.test(aid)) return { oid, aid };
  } catch {
    // not an absolute URL: match the text as it is
  }
  const m = new RegExp(pattern).exec(path);
  return m && m[1] && m[2] ? { oid: m[1], aid: m[2] } : null;
}

const TRACKING = /^(utm_\w+|fbclid|gclid|ref|from)$/i;

/** A URL in one canonical form: lower-case host, no fragment, no default port, no tracking parameters. */
export function canonicalUrl(raw: string): string {
  try {
    const u = new URL(raw.trim());
    u.hash = '';
    u.hostname = u.hostname.toLowerCase();
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    let s = u.toString();
    if (u.pathname === '/' && !u.search) s = s.replace(/\/$/, '');
    return s;
  } catch {
    return raw.trim();
  }
}

/** The identity an article is stored under: "oid/aid" for portal articles, else the canonical URL. */
export function articleIdentity(id: ArticleId | null, originalUrl: string | null): string | null {
  if (id) return `${id.oid}/${id.aid}`;
  return originalUrl ? canonicalUrl(originalUrl) : null;
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}
