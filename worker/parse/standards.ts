// An article page's HTML -> what the web's standards say about it, before any site profile: schema.org
// JSON-LD (NewsArticle and its kin, in several blocks, arrays or an @graph), OpenGraph and article:*
// meta, <link rel="canonical">, <time datetime>, and the body by Mozilla's Readability. Each value
// carries where it came from, so a wrong stored value can be traced. Pure: HTML and URL in, fields out.
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseIsoTime, type TimeInterval } from './precision.js';
import { bodyText, cleanText } from './text.js';

/** Where a stored field was read. */
export type FieldSource = 'jsonld' | 'meta' | 'time' | 'readability' | 'profile' | 'search';

export interface Sourced<T> {
  value: T;
  source: FieldSource;
}

export interface ReadTime extends TimeInterval {
  /** The text it was read from. */
  text: string;
}

export interface StandardsReading {
  headline: Sourced<string> | null;
  author: Sourced<string> | null;
  publisher: Sourced<string> | null;
  section: Sourced<string> | null;
  description: Sourced<string> | null;
  canonicalUrl: Sourced<string> | null;
  publishedAt: Sourced<ReadTime> | null;
  modifiedAt: Sourced<ReadTime> | null;
  /** Paragraphs joined by a blank line. */
  body: Sourced<string> | null;
  /** What was there but could not be read (a JSON-LD block that does not parse, a time that is no time). */
  problems: string[];
}

/** The schema.org types read as an article. */
export const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'ReportArticle',
  'BlogPosting',
]);

/** Reads a page. `url` resolves relative links; `timeZone` reads times written without an offset. */
export function readStandards(html: string, url: string, timeZone: string): StandardsReading {
  // Style sheets are of no use here and cost time; a page's broken CSS must not stop the reading.
  const dom = new JSDOM(html.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, ''), { url, virtualConsole: new VirtualConsole() });
  try {
    return readDocument(dom.window.document, timeZone);
  } finally {
    dom.window.close();
  }
}

export function readDocument(doc: Document, timeZone: string): StandardsReading {
  const problems: string[] = [];
  const ld = readJsonLd(doc, problems);
  const meta = (key: string): string | null => {
    const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
    return cleanText(el?.getAttribute('content')) || null;
  };
  const from = <T>(source: FieldSource, value: T | null | undefined): Sourced<T> | null =>
    value === null || value === undefined || value === '' ? null : { value, source };
  const time = (source: FieldSource, text: string | null | undefined, what: string): Sourced<ReadTime> | null => {
    if (!text) return null;
    const t = parseIsoTime(text, timeZone);
    if (!t) {
      problems.push(`${what} ${JSON.stringify(text.slice(0, 40))} is no ISO 8601 time`);
      return null;
    }
    return { value: { ...t, text }, source };
  };

  const siteName = meta('og:site_name');
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]');
  const times = timeElements(doc);
  const reading: StandardsReading = {
    headline: from('jsonld', ld.headline) ?? from('meta', withoutSiteName(meta('og:title'), siteName)),
    author: from('jsonld', ld.author) ?? from('meta', plainAuthor(meta('author')) ?? plainAuthor(meta('article:author'))),
    publisher: from('jsonld', ld.publisher) ?? from('meta', siteName),
    section: from('jsonld', ld.section) ?? from('meta', meta('article:section')),
    description: from('jsonld', ld.description) ?? from('meta', meta('og:description') ?? meta('description')),
    canonicalUrl: from('meta', canonical?.href || null) ?? from('meta', meta('og:url')) ?? from('jsonld', ld.url),
    publishedAt:
      time('jsonld', ld.datePublished, 'JSON-LD datePublished') ??
      time('meta', meta('article:published_time'), 'meta article:published_time') ??
      time('time', times.published, '<time datetime>'),
    modifiedAt:
      time('jsonld', ld.dateModified, 'JSON-LD dateModified') ??
      time('meta', meta('article:modified_time'), 'meta article:modified_time') ??
      time('time', times.modified, '<time datetime> of the modification'),
    body: null,
    problems,
  };
  const paragraphs = readBody(doc);
  const body = paragraphs && trimEdges(paragraphs, reading.headline?.value ?? null, reading.author?.value ?? null).join('\n\n');
  return { ...reading, body: from('readability', body && body.length >= MIN_BODY_CHARS ? body : null) };
}

const DATELINE = /\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}|\b\d{1,2}:\d{2}\b/;
const DATE_WORDS = /(입력|수정|승인|송고|등록|업데이트|기사입력|최종수정|published|updated)/i;
const COPYRIGHT = /(ⓒ|©|\(c\)|copyright|무단\s*전재|재배포\s*금지)/i;
/** Short lines only: a real paragraph that happens to name the author or a date stays. */
const HEAD_LINE_MAX = 80;

/**
 * Readability keeps the article's container, and on many sites the headline, the byline and the
 * date line live in it before the text, and the copyright line after it. Those edges are cut: a
 * leading line that is the headline (with or without a "[속보]" prefix), or a short one naming the author
 * or showing a date; a trailing short copyright line.
 */
export function trimEdges(paragraphs: string[], headline: string | null, author: string | null): string[] {
  const names = (author ?? '')
    .split(/,\s*/)
    .map((n) => n.replace(/\s*(기자|특파원|앵커|PD|논설위원)$/, '').trim())
    .filter((n) => n.length >= 2);
  const isHead = (p: string): boolean =>
    (!!headline && p.includes(headline) && p.length <= headline.length + 12) ||
    (p.length <= HEAD_LINE_MAX && (names.some((n) => p.includes(n)) || (DATELINE.test(p) && DATE_WORDS.test(p))));
  let from = 0;
  while (from < paragraphs.length - 1 && isHead(paragraphs[from]!)) from++;
  let to = paragraphs.length;
  while (to - 1 > from && paragraphs[to - 1]!.length <= 120 && COPYRIGHT.test(paragraphs[to - 1]!)) to--;
  return paragraphs.slice(from, to);
}

// --- JSON-LD ---------------------------------------------------------------------------------------

interface LdArticle {
  headline: string | null;
  author: string | null;
  publisher: string | null;
  section: string | null;
  description: string | null;
  url: string | null;
  datePublished: string | null;
  dateModified: string | null;
}

type LdNode = Record<string, unknown>;

function readJsonLd(doc: Document, problems: string[]): LdArticle {
  const nodes: LdNode[] = [];
  const blocks = [...doc.querySelectorAll('script')].filter((s) => /^\s*application\/ld\+json\s*(;.*)?$/i.test(s.getAttribute('type') ?? ''));
  blocks.forEach((s, i) => {
    const parsed = parseBlock(s.textContent ?? '');
    if (parsed === undefined) problems.push(`JSON-LD block ${i + 1} of ${blocks.length} does not parse`);
    else collectNodes(parsed, nodes);
  });
  const byId = new Map<string, LdNode>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const deref = (v: unknown): unknown => {
    if (isNode(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1) return byId.get(v['@id']) ?? v;
    return v;
  };
  const art = nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPES.has(t)));
  if (!art)
    return { headline: null, author: null, publisher: null, section: null, description: null, url: null, datePublished: null, dateModified: null };
  const names = (v: unknown): string[] =>
    (Array.isArray(v) ? v : [v])
      .map(deref)
      .map((x) => (typeof x === 'string' ? x : isNode(x) && typeof x.name === 'string' ? x.name : ''))
      .map(cleanText)
      .filter(Boolean);
  const str = (v: unknown): string | null => {
    const first = Array.isArray(v) ? (v as unknown[]).find((x) => typeof x === 'string') : v;
    return typeof first === 'string' ? cleanText(first) || null : null;
  };
  const page = deref(art.mainEntityOfPage);
  const url = str(art.url) ?? (isNode(page) ? (str(page['@id']) ?? str(page.url)) : str(page));
  const authors = names(art.author);
  const sections = Array.isArray(art.articleSection) ? names(art.articleSection) : [str(art.articleSection)].filter((x): x is string => !!x);
  return {
    headline: str(art.headline) ?? str(art.name),
    author: authors.length ? [...new Set(authors)].join(', ') : null,
    publisher: names(art.publisher)[0] ?? null,
    section: sections[0] ?? null,
    description: str(art.description),
    url,
    datePublished: str(art.datePublished) ?? str(art.dateCreated),
    dateModified: str(art.dateModified),
  };
}

/** Raw line breaks and tabs (inside JSON strings, which JSON forbids) made spaces. */
const spaceControls = (t: string): string => Array.from(t, (c) => (c.charCodeAt(0) < 0x20 ? ' ' : c)).join('');

/** A block's JSON; raw control characters inside strings (a common publishing slip) are tolerated. */
function parseBlock(text: string): unknown {
  const t = text.trim().replace(/^<!--|-->$/g, '');
  for (const candidate of [t, spaceControls(t)]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // the next form, or undefined
    }
  }
  return undefined;
}

function collectNodes(v: unknown, out: LdNode[]): void {
  if (Array.isArray(v)) for (const x of v) collectNodes(x, out);
  else if (isNode(v)) {
    out.push(v);
    if (v['@graph'] !== undefined) collectNodes(v['@graph'], out);
  }
}

const isNode = (v: unknown): v is LdNode => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(n: LdNode): string[] {
  const t = n['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^https?:\/\/schema\.org\//, ''));
}

// --- meta and <time> -------------------------------------------------------------------------------

/** og:title often ends with the site's name ("제목 | 광장통신"); the headline is what comes before. */
function withoutSiteName(title: string | null, siteName: string | null): string | null {
  if (!title || !siteName) return title;
  const m = new RegExp(`^(.*\\S)\\s*[|\\-–—:]\\s*${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).exec(title);
  return m ? m[1]! : title;
}

/** meta author / article:author: a name, not a profile URL. */
function plainAuthor(v: string | null): string | null {
  return v && !/^https?:\/\//.test(v) ? v : null;
}

/** The published and modified <time datetime> elements: a modification is marked as such by itemprop, class or its label. */
function timeElements(doc: Document): { published: string | null; modified: string | null } {
  let published: string | null = null;
  let modified: string | null = null;
  for (const el of doc.querySelectorAll('time[datetime]')) {
    const v = el.getAttribute('datetime')?.trim();
    if (!v) continue;
    const marks = `${el.getAttribute('itemprop') ?? ''} ${el.getAttribute('class') ?? ''} ${el.parentElement?.textContent ?? ''}`;
    const isModified = /modif|updat|수정|업데이트/i.test(marks);
    if (isModified) modified ??= v;
    else published ??= v;
  }
  return { published, modified };
}

// --- the body --------------------------------------------------------------------------------------

/** Kinds of boxes inside an article that are not its text, named the way sites name them. */
const NOT_TEXT =
  /(^|[\s_-])(caption|figcaption|photo-?desc|img-?desc|related|relation|recommend|popular|most-?read|ranking|ad|ads|advert\w*|banner|promo|sponsor\w*|subscribe|newsletter|copyright)([\s_-]|$)/i;

/** Readability over a copy of the page, with figures, captions, asides and ad or related boxes removed first. */
function readBody(doc: Document): string[] | null {
  const cleaned = readability(doc, true);
  // Removing boxes can take the article's own container with it on an odd page: when little is left,
  // Readability reads the page as it is too, and wins when it finds more than twice as much (a caption
  // or an ad put back is far less than that).
  const length = cleaned?.join('').length ?? 0;
  if (length >= RETRY_BELOW_CHARS) return cleaned;
  const plain = readability(doc, false);
  return (plain?.join('').length ?? 0) > 2 * length ? plain : cleaned;
}

/** A cleaned reading shorter than this is tried again on the page as it is. */
const RETRY_BELOW_CHARS = 500;

function readability(doc: Document, clean: boolean): string[] | null {
  const copy = doc.cloneNode(true) as Document;
  const total = copy.body?.textContent?.length ?? 0;
  keepOnlyVisibility(copy);
  if (clean) {
    for (const el of [...copy.querySelectorAll('figure, figcaption, picture, aside, iframe, noscript, [role="complementary"]')]) el.remove();
    for (const el of [...copy.querySelectorAll('[class], [id]')]) {
      if (!el.isConnected) continue;
      const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
      // A box that holds most of the page is a wrapper whose name happens to match, not a box to drop.
      if (NOT_TEXT.test(names) && (el.textContent?.length ?? 0) < total * 0.3) el.remove();
    }
  }
  const parsed = new Readability(copy, { serializer: (n: Node) => n, keepClasses: false }).parse();
  const content = parsed?.content;
  if (!content) return null;
  // What Readability falls back to on a page with no article (a menu, a link) is cut by MIN_BODY_CHARS.
  const text = bodyText(blockText(content as unknown as Element));
  return text ? text.split('\n\n') : null;
}

/** The shortest text taken as a body: shorter ones are a page's leftovers, not an article. */
export const MIN_BODY_CHARS = 20;

/**
 * Readability skips what a style hides; the rest of an inline style is of no use and some sites write
 * styles the CSS parser throws on (preprocessor variables), so only display and visibility are kept.
 */
function keepOnlyVisibility(doc: Document): void {
  for (const el of [...doc.querySelectorAll('[style]')]) {
    const kept = (el.getAttribute('style') ?? '').match(/(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?=;|$)/gi);
    if (kept) el.setAttribute('style', kept.map((d) => d.replace(/^;/, '').trim()).join('; '));
    else el.removeAttribute('style');
  }
}

const BLOCK = /^(P|DIV|SECTION|ARTICLE|MAIN|HEADER|FOOTER|H[1-6]|LI|UL|OL|DL|DT|DD|BLOCKQUOTE|PRE|TABLE|TR|TD|TH|FIGURE|HR)$/;

/** The text of an element with a line break around every block and at every <br>. */
export function blockText(root: Element): string {
  let out = '';
  const walk = (n: globalThis.Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeName === 'BR') out += '\n';
      else if (c.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(c.nodeName)) {
        const block = BLOCK.test(c.nodeName);
        if (block) out += '\n';
        walk(c);
        if (block) out += '\n';
      }
    }
  };
  walk(root);
  return out;
}
