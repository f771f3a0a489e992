// Article identity: which article a URL names, by the profile's patterns. The one implementation the
// worker (search results, comment tasks) and the operator (comment task keys) share. Pure.
//
// A pattern is a regular expression tested against a URL's path and query. Its groups are the id's
// parts: named groups by their names, otherwise one group is {id} and two are {oid} and {aid}. The
// parts fill the URL templates ({oid}, {aid}, {id}, or any group name) and join into the identity the
// article is stored under by `articleIdTemplate` (empty: the parts in group order joined by "/").

export interface ArticleId {
  /** The identity the article is stored under, e.g. "001/0012345678" or "A12000". */
  key: string;
  /** The parts by name, for URL templates. */
  parts: Record<string, string>;
  /** The parts named oid and aid when the pattern has them (the portal's two-part id), else null. */
  oid: string | null;
  aid: string | null;
}

export interface IdentityRules {
  articleIdPattern: string;
  /** More patterns tried after the first, e.g. an older URL form of the same site. */
  articleIdPatterns: string[];
  articleIdTemplate: string;
}

export class IdentityError extends Error {
  override name = 'IdentityError';
}

interface Compiled {
  re: RegExp;
  names: string[];
}

const cache = new Map<string, Compiled>();

/** The group names of a pattern in group order, or an error naming what is wrong with it. */
export function compileIdPattern(pattern: string): Compiled {
  let c = cache.get(pattern);
  if (c) return c;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    throw new IdentityError(`the article id pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}`);
  }
  const groups = new RegExp(`${pattern}|`).exec('')!.length - 1;
  if (groups === 0)
    throw new IdentityError(`the article id pattern ${JSON.stringify(pattern)} has no group; put the id in parentheses, e.g. /view/(\\w+)`);
  const named = [...pattern.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
  let names: string[];
  if (named.length > 0) {
    if (named.length !== groups)
      throw new IdentityError(
        `the article id pattern ${JSON.stringify(pattern)} mixes named and unnamed groups; name every group or make the others (?:...)`,
      );
    names = named;
  } else if (groups === 1) names = ['id'];
  else if (groups === 2) names = ['oid', 'aid'];
  else
    throw new IdentityError(
      `the article id pattern ${JSON.stringify(pattern)} has ${groups} unnamed groups; name them (?<name>...) to say which part each one is`,
    );
  c = { re, names };
  cache.set(pattern, c);
  return c;
}

/** The part names a profile's patterns give (the same in every pattern), for checking templates. */
export function idPartNames(rules: IdentityRules): string[] {
  const first = compileIdPattern(rules.articleIdPattern).names;
  for (const p of rules.articleIdPatterns) {
    const n = compileIdPattern(p).names;
    if ([...n].sort().join() !== [...first].sort().join()) {
      throw new IdentityError(
        `the article id pattern ${JSON.stringify(p)} has the parts {${n.join('}, {')}} but articleIdPattern has {${first.join('}, {')}}; every pattern must give the same parts`,
      );
    }
  }
  return first;
}

/** The identity of a set of parts by the template (empty: the parts in order joined by "/"). */
export function joinId(parts: Record<string, string>, names: string[], template: string): string {
  if (!template) return names.map((n) => parts[n] ?? '').join('/');
  return template.replace(/\{(\w+)\}/g, (_all, k: string) => {
    if (!(k in parts))
      throw new IdentityError(
        `the article id template ${JSON.stringify(template)} names {${k}}, which no group of the article id pattern gives (groups: {${names.join('}, {')}})`,
      );
    return parts[k]!;
  });
}

/** Which article a URL names by the profile's patterns, or null when it names none. */
export function articleIdOf(url: string | null | undefined, rules: IdentityRules): ArticleId | null {
  if (!url) return null;
  let path = url;
  try {
    const u = new URL(url);
    path = u.pathname + u.search;
  } catch {
    // not an absolute URL: match the text as it is
  }
  for (const pattern of [rules.articleIdPattern, ...rules.articleIdPatterns]) {
    const { re, names } = compileIdPattern(pattern);
    const m = re.exec(path);
    if (!m) continue;
    const values = m.groups && Object.keys(m.groups).length ? names.map((n) => m.groups![n]) : names.map((_n, i) => m[i + 1]);
    if (values.some((v) => !v)) continue;
    const parts = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    return { key: joinId(parts, names, rules.articleIdTemplate), parts, oid: parts.oid ?? null, aid: parts.aid ?? null };
  }
  return null;
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

/** The identity an article is stored under: its id on the site when it has one, else the canonical URL. */
export function articleIdentity(id: ArticleId | null, originalUrl: string | null): string | null {
  if (id) return id.key;
  return originalUrl ? canonicalUrl(originalUrl) : null;
}

/** The identity of an article given by URL: by the profile when the URL names one, else the canonical URL. */
export function urlIdentity(url: string, rules: IdentityRules | null): string {
  const id = rules ? articleIdOf(url, rules) : null;
  return id ? id.key : canonicalUrl(url);
}
