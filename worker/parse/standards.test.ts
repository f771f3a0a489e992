import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readStandards, type StandardsReading } from './standards.js';

const ZONE = 'Asia/Seoul';
const URL_ = 'https://daily.example/news/articleView.html?idxno=1';

const PARAS = [
  '정부가 내년 반도체 설비 투자에 대한 세액공제를 확대하기로 했다. 기획재정부는 2일 이런 내용을 담은 세법 개정안을 발표했다.',
  '업계는 환영하는 분위기다. 한 관계자는 "투자 여력이 커질 것"이라고 말했다.',
  '다만 재정 건전성에 대한 우려도 나온다. 전문가들은 세수 감소 폭을 따져봐야 한다고 지적했다.',
];

/** A page around the given head and article parts, with the noise real article pages carry. */
function page(head: string, opts: { title?: string; extra?: string; body?: string } = {}): string {
  const paras = opts.body ?? PARAS.map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${opts.title ?? '기사 - 데일리'}</title>${head}</head><body>
<header><nav><a href="/">홈</a> <a href="/economy">경제</a> <a href="/politics">정치</a></nav></header>
<main><article>
<h1>${opts.title ?? '[속보] 반도체 세액공제 확대'}</h1>
<div class="byline">김민준 기자</div>
${opts.extra ?? ''}
<div id="article-body">
<figure class="photo"><img src="/p.jpg" alt=""><figcaption>2일 서울 기획재정부 청사에서 열린 브리핑 모습. 연합뉴스</figcaption></figure>
${paras}
<div class="ad-box">광고 문의 02-000-0000 지금 바로 상담하세요</div>
</div>
<div class="related-news"><h3>관련 기사</h3><ul><li><a href="/a">반도체 수출 석 달째 증가세 이어가</a></li><li><a href="/b">금리 동결에 시장은 안도</a></li></ul></div>
</article></main>
<footer>Copyright ⓒ 데일리. 무단 전재 및 재배포 금지.</footer></body></html>`;
}

const ld = (o: unknown): string => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

type Want = Partial<Record<'headline' | 'author' | 'publisher' | 'section' | 'canonicalUrl' | 'publishedAt' | 'modifiedAt', string | null>> & {
  sources?: Partial<Record<keyof StandardsReading, string | null>>;
  problems?: number;
};

const cases: [string, string, Want][] = [
  [
    'one NewsArticle block with an author object and an offset time',
    page(
      ld({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: '반도체 세액공제 확대',
        author: { '@type': 'Person', name: '김민준 기자' },
        publisher: { '@type': 'Organization', name: '데일리' },
        datePublished: '2024-12-02T09:15:07+09:00',
        dateModified: '2024-12-02T10:01:00+09:00',
        articleSection: '경제',
      }),
    ),
    {
      headline: '반도체 세액공제 확대',
      author: '김민준 기자',
      publisher: '데일리',
      section: '경제',
      publishedAt: '2024-12-02T00:15:07.000Z second',
      modifiedAt: '2024-12-02T01:01:00.000Z second',
      sources: { headline: 'jsonld', publishedAt: 'jsonld', body: 'readability' },
      problems: 0,
    },
  ],
  [
    'an @graph (WebPage, Organization, Person by @id) with several authors and articleSection as a list',
    page(
      ld({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', '@id': 'https://daily.example/p#page', name: '웹페이지 이름' },
          { '@type': 'Organization', '@id': 'https://daily.example/#org', name: '데일리' },
          { '@type': 'Person', '@id': 'https://daily.example/#p1', name: '이서연' },
          {
            '@type': ['ReportageNewsArticle'],
            headline: '반도체 세액공제 확대',
            author: [{ '@id': 'https://daily.example/#p1' }, { '@type': 'Person', name: '박지훈' }, '최유진'],
            publisher: { '@id': 'https://daily.example/#org' },
            articleSection: ['경제', '산업'],
            datePublished: '2024-12-02T09:15+09:00',
            mainEntityOfPage: { '@id': 'https://daily.example/news/1' },
          },
        ],
      }),
    ),
    {
      headline: '반도체 세액공제 확대',
      author: '이서연, 박지훈, 최유진',
      publisher: '데일리',
      section: '경제',
      publishedAt: '2024-12-02T00:15:00.000Z minute',
      modifiedAt: null,
      canonicalUrl: 'https://daily.example/news/1',
    },
  ],
  [
    'a broken block beside a good one: the good one is read, the broken one reported',
    page(
      `<script type="application/ld+json">{"@type":"BreadcrumbList", "itemListElement": [,]}</script>` +
        ld([
          { '@type': 'WebSite', name: '데일리' },
          { '@type': 'Article', headline: '반도체 세액공제 확대', datePublished: '2024-12-02T09:15:07+0900' },
        ]),
    ),
    { headline: '반도체 세액공제 확대', publishedAt: '2024-12-02T00:15:07.000Z second', problems: 1, sources: { headline: 'jsonld' } },
  ],
  [
    'a raw line break inside a JSON-LD string still reads',
    page(
      `<script type="application/ld+json">{"@type":"NewsArticle","headline":"반도체\n세액공제 확대","datePublished":"2024-12-02T09:15:07+09:00"}</script>`,
    ),
    { headline: '반도체 세액공제 확대', problems: 0 },
  ],
  [
    'only OpenGraph and article:* meta: the site name is cut from og:title',
    page(
      `<meta property="og:title" content="반도체 세액공제 확대 | 데일리"><meta property="og:site_name" content="데일리">
<meta property="article:published_time" content="2024-12-02T09:15:07+09:00"><meta property="article:modified_time" content="2024-12-03T08:00:00+09:00">
<meta property="article:section" content="경제"><meta name="author" content="김민준 기자"><meta property="og:url" content="https://daily.example/news/1">`,
    ),
    {
      headline: '반도체 세액공제 확대',
      author: '김민준 기자',
      publisher: '데일리',
      section: '경제',
      canonicalUrl: 'https://daily.example/news/1',
      publishedAt: '2024-12-02T00:15:07.000Z second',
      modifiedAt: '2024-12-02T23:00:00.000Z second',
      sources: { headline: 'meta', publishedAt: 'meta', author: 'meta' },
    },
  ],
  [
    'only <time datetime>: the published one and the one labelled as a modification',
    page('', {
      extra:
        '<p class="dates"><span>입력 <time datetime="2024-12-02T09:15">2024.12.02. 오전 9:15</time></span> <span>수정 <time datetime="2024-12-02T11:30">11:30</time></span></p>',
    }),
    {
      headline: null,
      publishedAt: '2024-12-02T00:15:00.000Z minute',
      modifiedAt: '2024-12-02T02:30:00.000Z minute',
      sources: { publishedAt: 'time', modifiedAt: 'time', headline: null },
    },
  ],
  [
    'a day without a time is the day at midnight in the zone, at day precision',
    page(ld({ '@type': 'NewsArticle', headline: 'x', datePublished: '2024-12-02' })),
    { publishedAt: '2024-12-01T15:00:00.000Z day' },
  ],
  [
    'a JSON-LD time that is no time is reported, and the meta time stands in',
    page(
      ld({ '@type': 'NewsArticle', headline: 'x', datePublished: '2024년 12월 2일' }) +
        '<meta property="article:published_time" content="2024-12-02T09:15:07+09:00">',
    ),
    { publishedAt: '2024-12-02T00:15:07.000Z second', problems: 1, sources: { publishedAt: 'meta' } },
  ],
  [
    'JSON-LD wins over meta when both are there',
    page(ld({ '@type': 'NewsArticle', headline: '정식 제목' }) + '<meta property="og:title" content="SNS용 제목">'),
    { headline: '정식 제목', sources: { headline: 'jsonld' } },
  ],
  [
    'no article in the JSON-LD (only a site and breadcrumbs): nothing from it',
    page(
      ld([
        { '@type': 'WebSite', name: '데일리' },
        { '@type': 'BreadcrumbList', itemListElement: [] },
      ]),
    ),
    { headline: null, author: null, publishedAt: null, sources: { headline: null } },
  ],
  [
    'a canonical link wins over og:url, relative links are resolved',
    page('<link rel="canonical" href="/news/articleView.html?idxno=1"><meta property="og:url" content="https://m.daily.example/1">'),
    { canonicalUrl: 'https://daily.example/news/articleView.html?idxno=1' },
  ],
];

for (const [name, html, want] of cases) {
  test(`standards: ${name}`, () => {
    const r = readStandards(html, URL_, ZONE);
    const time = (t: StandardsReading['publishedAt']) => (t ? `${t.value.at.toISOString()} ${t.value.precision}` : null);
    const got: Record<string, string | null> = {
      headline: r.headline?.value ?? null,
      author: r.author?.value ?? null,
      publisher: r.publisher?.value ?? null,
      section: r.section?.value ?? null,
      canonicalUrl: r.canonicalUrl?.value ?? null,
      publishedAt: time(r.publishedAt),
      modifiedAt: time(r.modifiedAt),
    };
    for (const [k, v] of Object.entries(want)) {
      if (k === 'sources' || k === 'problems') continue;
      assert.is(got[k], v, k);
    }
    for (const [k, v] of Object.entries(want.sources ?? {})) {
      const f = r[k as keyof StandardsReading] as { source: string } | null;
      assert.is(f?.source ?? null, v, `source of ${k}`);
    }
    if (want.problems !== undefined) assert.is(r.problems.length, want.problems, r.problems.join('; '));
  });
}

test('standards: the body keeps the paragraphs and leaves out the caption, the ad and the related articles', () => {
  const r = readStandards(page(''), URL_, ZONE);
  assert.is(r.body?.value, PARAS.join('\n\n'));
});

test('standards: a body of <br>-separated lines (a common Korean CMS form) keeps its paragraphs', () => {
  const r = readStandards(page('', { body: PARAS.join('<br><br>\n') }), URL_, ZONE);
  assert.is(r.body?.value, PARAS.join('\n\n'));
});

test('standards: an article a site put in an <aside> (removed as a box) is found by reading the page as it is', () => {
  const html = `<html><body><nav><a href="/">홈</a></nav><aside class="main-content">${PARAS.map((p) => `<p>${p}</p>`).join('')}</aside></body></html>`;
  assert.is(readStandards(html, URL_, ZONE).body?.value, PARAS.join('\n\n'));
});

test('standards: a page without an article body reads no body', () => {
  const r = readStandards('<html><body><nav><a href="/">홈</a></nav></body></html>', URL_, ZONE);
  assert.is(r.body, null);
});

test.run();
