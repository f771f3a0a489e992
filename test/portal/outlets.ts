// The outlets' own article pages, which search results link to ("기사원문"). Served by the portal under
// /outlet/{domain}/{path of the original link}, each outlet in the markup of its kind of publishing
// system, with schema.org JSON-LD and meta the way Korean outlets write them:
// - idxno (the common Korean news CMS, articleView.html?idxno=): one NewsArticle block, author object,
//   OpenGraph and article:published_time; the visible title carries a "[속보]"-like prefix on some;
// - dated (news agencies, /view/AKR...): an @graph with WebPage, Organization and Person by @id, the
//   authors an array (reporter and desk), a broken BreadcrumbList block beside it, body lines split by <br>;
// - view (/news/YYYYMMDD/n): no JSON-LD at all, only og:title with the site's name, meta author and
//   <time datetime> to the minute (입력 / 수정);
// - section (/{sid}/YYYY/MM/DD/n.html, broadcasters): an array of WebPage and ReportageNewsArticle, the
//   author a plain string.
// Every page carries a photo with its caption, an ad, a related-articles box and a copyright line that
// are not the body. `outletTruth` says what a correct reader finds on each.
import type { Article, Corpus } from './corpus.js';
import { escapeHtml, htmlDocument } from './html.js';
import { isoKst, kstParts } from './kst.js';

/** Outlets whose robots.txt forbids every page: their articles keep the search result's fields. */
export const ROBOTS_DISALLOWED_DOMAINS = ['weeklysisa.example'];

export const ROBOTS_TXT = `# The outlets served under /outlet/ share this host's robots.txt.
User-agent: *
${ROBOTS_DISALLOWED_DOMAINS.map((d) => `Disallow: /outlet/${d}/`).join('\n')}
Disallow: /__admin/
`;

/** Where the portal serves an article's original link. */
export function outletLink(base: string, a: Article): string {
  const u = new URL(a.originalLink);
  return `${base}/outlet/${u.host}${u.pathname}${u.search}`;
}

const indexes = new WeakMap<Corpus, Map<string, Article>>();

/** The article an outlet path stands for (`{domain}{path}{query}`), or null. */
export function outletArticle(corpus: Corpus, domainPathQuery: string): Article | null {
  let idx = indexes.get(corpus);
  if (!idx) {
    idx = new Map(
      corpus.articles.map((a) => {
        const u = new URL(a.originalLink);
        return [`${u.host}${u.pathname}${u.search}`, a];
      }),
    );
    indexes.set(corpus, idx);
  }
  return idx.get(domainPathQuery) ?? null;
}

export interface OutletTruth {
  url: string;
  /** false: robots.txt forbids the page, nothing of it may be stored. */
  readable: boolean;
  template: Article['publisher']['urlStyle'];
  headline: string;
  /** The author as the page's standards give it (names joined by ", "). */
  byline: string;
  published_at: string;
  published_precision: 'second' | 'minute';
  modified_at: string | null;
  body: string;
}

const reporter = (a: Article): string => a.byline.replace(/\s*\(.*\)$/, '');
const floorMinute = (ms: number): number => ms - (ms % 60_000);
const isoMinute = (ms: number): string => isoKst(floorMinute(ms)).replace(/:00\+09:00$/, '+09:00');

export function outletTruth(base: string, a: Article): OutletTruth {
  const style = a.publisher.urlStyle;
  const minute = style === 'view';
  return {
    url: outletLink(base, a),
    readable: !ROBOTS_DISALLOWED_DOMAINS.includes(a.publisher.domain),
    template: style,
    headline: a.title,
    byline: style === 'dated' ? `${reporter(a)}, ${a.publisher.name} 편집국` : reporter(a),
    published_at: isoKst(minute ? floorMinute(a.publishedAt) : a.publishedAt),
    published_precision: minute ? 'minute' : 'second',
    modified_at: a.modifiedAt === null ? null : isoKst(minute ? floorMinute(a.modifiedAt) : a.modifiedAt),
    body: a.paragraphs.join('\n\n'),
  };
}

const ld = (o: unknown): string => `<script type="application/ld+json">${JSON.stringify(o).replace(/</g, '\\u003c')}</script>`;

function chrome(a: Article, main: string): string {
  const e = escapeHtml;
  return `<header class="site-header"><a href="/" class="logo">${e(a.publisher.name)}</a>
<nav class="gnb"><a href="#">정치</a> <a href="#">경제</a> <a href="#">사회</a> <a href="#">국제</a> <a href="#">IT</a> <a href="#">오피니언</a></nav></header>
${main}
<div class="ad ad-bottom">[광고] 지금 가입하면 첫 달 무료 · 자세히 보기</div>
<section class="related-news"><h3>관련 기사</h3><ul>
<li><a href="#">${e(a.topics[0] ?? '')} 관련 정부 대책 이번 주 발표 예정</a></li>
<li><a href="#">${e(a.publisher.name)} 단독 취재 모음, 지난주 가장 많이 읽은 기사</a></li>
</ul></section>
<footer class="site-footer"><p class="copyright">Copyright ⓒ ${e(a.publisher.name)}. 무단전재 및 재배포 금지. AI 학습 이용 금지.</p>
<p>주소 서울특별시 중구 세종대로 1 · 등록번호 서울 아00000 · 발행인 홍길동</p></footer>`;
}

function photo(a: Article, cls: string): string {
  return `<figure class="${cls}"><img src="/static/photo/${a.oid}.jpg" alt="${escapeHtml(a.title)}"><figcaption>${escapeHtml(a.publisher.name)} 자료사진. 기사와 직접 관련 없음. [사진=${escapeHtml(reporter(a))}]</figcaption></figure>`;
}

/** The outlet page of an article (the portal's clock decides whether it is published yet). */
export function renderOutletPage(base: string, a: Article): string {
  const e = escapeHtml;
  const t = outletTruth(base, a);
  const style = a.publisher.urlStyle;
  const paras = a.paragraphs.map((p) => `<p>${e(p)}</p>`).join('\n');
  const og = `<meta property="og:type" content="article"><meta property="og:url" content="${e(t.url)}"><meta property="og:description" content="${e(a.summary)}">`;
  if (style === 'idxno') {
    const prefix = a.index % 3 === 0 ? '[속보] ' : a.index % 3 === 1 ? '[단독] ' : '';
    return htmlDocument({
      title: `${prefix}${a.title} - ${a.publisher.name}`,
      head: `${og}<meta property="og:title" content="${e(prefix + a.title)}"><meta property="og:site_name" content="${e(a.publisher.name)}">
<meta property="article:published_time" content="${isoKst(a.publishedAt)}">${a.modifiedAt === null ? '' : `<meta property="article:modified_time" content="${isoKst(a.modifiedAt)}">`}
<link rel="canonical" href="${e(t.url)}">
${ld({
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  headline: a.title,
  description: a.summary,
  author: { '@type': 'Person', name: t.byline, email: a.byline.replace(/^.*\((.*)\)$/, '$1') },
  publisher: { '@type': 'Organization', name: a.publisher.name, logo: { '@type': 'ImageObject', url: `${base}/static/press/${a.oid}.png` } },
  datePublished: isoKst(a.publishedAt),
  ...(a.modifiedAt === null ? {} : { dateModified: isoKst(a.modifiedAt) }),
  mainEntityOfPage: { '@type': 'WebPage', '@id': t.url },
})}`,
      body: chrome(
        a,
        `<div id="user-container"><div class="article-head-title">${e(prefix + a.title)}</div>
<ul class="infomation"><li><i class="icon-user"></i> ${e(t.byline)}</li><li><i class="icon-clock"></i> 승인 ${isoKst(a.publishedAt).slice(0, 16).replace('T', ' ')}</li></ul>
<article id="article-view-content-div" class="article-veiw-body view-page font-size17">
${photo(a, 'photo-layout')}
${paras}
<div class="view-ad ad-inline">[광고]</div>
</article></div>`,
      ),
    });
  }
  if (style === 'dated') {
    const page = `${t.url}#webpage`;
    const person = `https://${a.publisher.domain}/reporter#${encodeURIComponent(reporter(a))}`;
    const org = `https://${a.publisher.domain}/#organization`;
    return htmlDocument({
      title: `${a.title} | ${a.publisher.name}`,
      head: `${og}<meta property="og:title" content="${e(a.title)}">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"${e(a.section.name)}",}]}</script>
${ld({
  '@context': 'https://schema.org',
  '@graph': [
    { '@type': 'WebPage', '@id': page, url: t.url, name: `${a.title} | ${a.publisher.name}` },
    { '@type': 'Organization', '@id': org, name: a.publisher.name },
    { '@type': 'Person', '@id': person, name: reporter(a) },
    {
      '@type': 'NewsArticle',
      headline: a.title,
      mainEntityOfPage: { '@id': page },
      author: [{ '@id': person }, { '@type': 'Organization', name: `${a.publisher.name} 편집국` }],
      publisher: { '@id': org },
      datePublished: isoKst(a.publishedAt),
      ...(a.modifiedAt === null ? {} : { dateModified: isoKst(a.modifiedAt) }),
      articleSection: [a.section.name],
    },
  ],
})}`,
      body: chrome(
        a,
        `<div class="container"><h1 class="tit">${e(a.title)}</h1>
<p class="update-time" data-published-time="${dataOnly(a.publishedAt)}">송고시간 ${dataOnly(a.publishedAt)}</p>
<div class="story-news article">
<div class="comp-box photo-group">${photo(a, 'img-con')}</div>
${a.paragraphs.map(e).join('<br><br>\n')}
<p class="txt-copyright adrs">&lt;저작권자(c) ${e(a.publisher.name)}, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p>
</div>
<aside class="aside-box"><h3>많이 본 뉴스</h3><ol><li>오늘의 날씨, 전국 대체로 맑음</li><li>주말 나들이객 붐벼</li></ol></aside></div>`,
      ),
    });
  }
  if (style === 'view') {
    return htmlDocument({
      title: `${a.title} | ${a.publisher.name}`,
      head: `${og}<meta property="og:title" content="${e(a.title)} | ${e(a.publisher.name)}"><meta property="og:site_name" content="${e(a.publisher.name)}">
<meta name="author" content="${e(t.byline)}">`,
      body: chrome(
        a,
        `<main class="article-wrap"><h1 class="headline">${e(a.title)}</h1>
<div class="article-info"><span class="date">입력 <time datetime="${isoMinute(a.publishedAt)}">${shortTime(a.publishedAt)}</time></span>${
          a.modifiedAt === null ? '' : ` <span class="date">수정 <time datetime="${isoMinute(a.modifiedAt)}">${shortTime(a.modifiedAt)}</time></span>`
        } <span class="writer">${e(t.byline)}</span></div>
<section class="article-body" itemprop="articleBody">
${photo(a, 'article-photo')}
${paras}
</section>
<aside class="recommend"><h4>추천 기사</h4><a href="#">이 시각 인기 뉴스</a></aside></main>`,
      ),
    });
  }
  return htmlDocument({
    title: `${a.title} - ${a.publisher.name}`,
    head: `${og}<meta property="og:title" content="${e(a.title)}">
${ld([
  { '@context': 'https://schema.org', '@type': 'WebPage', url: t.url, name: a.title },
  {
    '@context': 'https://schema.org',
    '@type': 'ReportageNewsArticle',
    headline: a.title,
    author: t.byline,
    publisher: { '@type': 'Organization', name: a.publisher.name },
    datePublished: isoKst(a.publishedAt),
    ...(a.modifiedAt === null ? {} : { dateModified: isoKst(a.modifiedAt) }),
  },
])}`,
    body: chrome(
      a,
      `<div id="container"><div class="news-title"><h2>${e(a.title)}</h2><span class="reporter">${e(t.byline)}</span></div>
<div class="news-video"><div class="video-caption">[앵커] 영상은 홈페이지에서 보실 수 있습니다</div></div>
<div id="newsContents" class="news-contents">
${photo(a, 'news-img')}
${paras}
</div></div>`,
    ),
  });
}

/** "2024-12-02 09:15" */
function dataOnly(ms: number): string {
  return isoKst(ms).slice(0, 16).replace('T', ' ');
}

/** "2024.12.02 09:15" */
function shortTime(ms: number): string {
  const p = kstParts(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}.${pad(p.month)}.${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}
