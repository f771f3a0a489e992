// The portal over real HTTP on loopback: pages against the ground truth, the comment API,
// the Open API, fault rules, the alternate site and the control endpoints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ANCHOR, startPortal, type RunningPortal } from './fixtures.js';

let running: RunningPortal;
let base = '';

interface TruthArticle {
  key: string;
  portal: boolean;
  oid: string | null;
  aid: string | null;
  title: string;
  summary: string;
  publisher: string;
  publisher_domain: string;
  originallink: string;
  portal_link: string | null;
  comment_page: string | null;
  section: string;
  sid: number;
  byline: string;
  published_at: string;
  published_data_date_time: string;
  search_date_text: string;
  comment_count: number;
}
interface TruthComment {
  comment_no: number;
  parent_comment_no: number | null;
  author: string;
  contents: string;
  reg_time: string;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_deleted: boolean;
}
interface Summary {
  examples: { paginated: { query: string; date: string; articles: number }[]; modest_with_comments: { query: string; date: string }[] };
}

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(base + path, init);
const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await get(path, init)).json()) as T;
const text = async (path: string, init?: RequestInit): Promise<string> => (await get(path, init)).text();
const decode = (s: string): string =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const dots = (day: string): string => day.replace(/-/g, '.');

test.before(async () => {
  running = await startPortal();
  base = running.url;
});
test.after(async () => {
  await running.close();
});

test('healthz, UTF-8 content types', async () => {
  const health = await get('/healthz');
  assert.is(health.status, 200);
  assert.equal(await health.json(), { status: 'ok' });
  const page = await get(`/search.naver?where=news&query=${encodeURIComponent('반도체')}`);
  assert.is(page.headers.get('content-type'), 'text/html; charset=UTF-8');
});

test('search pages followed through btn_next give exactly the truth of a keyword-day', async () => {
  const summary = await json<Summary>('/__truth/summary');
  const { query, date, articles } = summary.examples.paginated[0]!;
  assert.ok(articles > 20);
  const truth = await json<{ total: number; articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent(query)}&date=${date}`);
  assert.is(truth.total, articles);

  let path: string | null = `/search.naver?where=news&query=${encodeURIComponent(query)}&sort=1&pd=3&ds=${dots(date)}&de=${dots(date)}&start=1`;
  const seen: { title: string; href: string; summary: string; press: string; date: string; portal: string | null }[] = [];
  let pages = 0;
  while (path) {
    const html = await text(path);
    pages++;
    for (const li of html.split('<li class="bx"').slice(1)) {
      seen.push({
        title: decode(/class="news_tit" target="_blank" title="([^"]*)"/.exec(li)![1]!),
        href: decode(/<a href="([^"]*)" class="news_tit"/.exec(li)![1]!),
        summary: decode(/<div class="api_txt_lines dsc_txt_wrap">(.*?)<\/div>/.exec(li)![1]!),
        press: decode(/class="info press" target="_blank">([^<]*)</.exec(li)![1]!),
        date: /<span class="info">(\d+(?:분|시간|일|주) 전|\d{4}\.\d{2}\.\d{2}\.)<\/span>/.exec(li)![1]!,
        portal: /<a href="([^"]*)" class="info" target="_blank">네이버뉴스<\/a>/.exec(li)?.[1] ?? null,
      });
    }
    const next = /<a href="([^"]*)" class="btn_next" aria-disabled="(true|false)"/.exec(html)!;
    path = next[2] === 'false' ? decode(next[1]!) : null;
  }
  assert.is(pages, Math.ceil(articles / 10));
  assert.equal(
    seen,
    truth.articles.map((a) => ({
      title: a.title,
      href: a.originallink,
      summary: a.summary,
      press: a.publisher,
      date: a.search_date_text,
      portal: a.portal_link,
    })),
  );
});

test('an empty keyword-day shows the no-results block', async () => {
  const html = await text(`/search.naver?where=news&query=${encodeURIComponent('존재하지않는검색어')}&pd=3&ds=${dots(ANCHOR)}&de=${dots(ANCHOR)}`);
  assert.ok(html.includes('class="not_found02"'));
});

test('article page fields equal the truth; old URL forms redirect', async () => {
  const truth = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent('반도체')}&date=2024-11-20`);
  const a = truth.articles.find((x) => x.portal)!;
  const path = new URL(a.portal_link!).pathname + new URL(a.portal_link!).search;
  const html = await text(path);
  assert.is(decode(/<h2 id="title_area"[^>]*><span>(.*?)<\/span>/.exec(html)![1]!), a.title);
  assert.is(decode(/<span class="byline_s">(.*?)<\/span>/.exec(html)![1]!), a.byline);
  assert.is(/class="media_end_head_top_logo"><img [^>]*alt="([^"]*)"/.exec(html)![1], a.publisher);
  assert.is(/class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="([^"]*)"/.exec(html)![1], a.published_data_date_time);
  assert.is(decode(/<em class="media_end_categorize_item">(.*?)<\/em>/.exec(html)![1]!), a.section);
  const detail = await json<{ body_paragraphs: string[] }>(`/__truth/article/${a.oid}/${a.aid}`);
  assert.is(decode(/<article id="dic_area"[^>]*>(.*?)<\/article>/.exec(html)![1]!.replace(/<br><br>/g, '\n')), detail.body_paragraphs.join('\n'));

  const old = await get(`/article/${a.oid}/${a.aid}?sid=${a.sid}`, { redirect: 'manual' });
  assert.is(old.status, 302);
  assert.is(old.headers.get('location'), `/mnews/article/${a.oid}/${a.aid}?sid=${a.sid}`);
  const read = await get(`/main/read.naver?mode=LSD&oid=${a.oid}&aid=${a.aid}`, { redirect: 'manual' });
  assert.is(read.headers.get('location'), `/mnews/article/${a.oid}/${a.aid}`);
  const missing = await get('/mnews/article/999/0000000000');
  assert.is(missing.status, 404);
});

test('comment page: no comments in the HTML sent, the script and the module container are', async () => {
  const { articles } = await json<{ articles: TruthArticle[] }>(
    `/__truth/search?query=${encodeURIComponent('반도체')}&from=2024-11-01&to=2024-11-30`,
  );
  const a = articles.find((x) => x.comment_count > 30)!;
  const html = await text(new URL(a.comment_page!).pathname);
  assert.ok(html.includes('<div id="cbox_module" class="u_cbox"></div>'));
  assert.ok(html.includes('<script src="/static/cbox/cbox.js" defer></script>'));
  assert.not.ok(/<li[^>]*u_cbox_comment/.test(html));
  assert.not.ok(/<ul[^>]*u_cbox_list/.test(html));
  const script = await get('/static/cbox/cbox.js');
  assert.is(script.headers.get('content-type'), 'application/javascript; charset=UTF-8');
});

async function commentApi(oid: string, aid: string, query: string, referer: string | null): Promise<Response> {
  const headers: Record<string, string> = referer ? { referer } : {};
  return get(`/commentBox/cbox/web_naver_list_jsonp.json?ticket=news&pool=cbox5&objectId=news${oid},${aid}&${query}`, { headers });
}

test('comment API: Referer required; pages and replies together equal the truth, statistics with top-level answers', async () => {
  const summary = await json<Summary>('/__truth/summary');
  const { query, date } = summary.examples.modest_with_comments[0]!;
  const { articles } = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent(query)}&date=${date}`);
  const a = articles.filter((x) => x.portal).sort((x, y) => y.comment_count - x.comment_count)[0]!;
  const referer = `${base}/mnews/article/comment/${a.oid}/${a.aid}`;

  const denied = await commentApi(a.oid!, a.aid!, 'page=1', null);
  assert.is(denied.status, 403);
  assert.is(((await denied.json()) as { success: boolean }).success, false);
  assert.is((await commentApi(a.oid!, a.aid!, 'page=1', `${base}/search.naver`)).status, 403);

  const truth = await json<{ counts: { total: number }; comments: TruthComment[] }>(`/__truth/comments/${a.oid}/${a.aid}`);
  assert.is(truth.counts.total, a.comment_count);
  type Api = {
    success: boolean;
    result: {
      count: { total: number };
      pageModel: { nextPage: number; totalPages: number };
      morePage: { next: string | null };
      commentList: Record<string, unknown>[];
    };
  };
  const collected: Record<string, unknown>[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const r = (await (await commentApi(a.oid!, a.aid!, `pageSize=7&sort=NEW&page=${page}`, referer)).json()) as Api;
    assert.ok(r.success);
    total = r.result.count.total;
    collected.push(...r.result.commentList);
    assert.is(r.result.morePage.next === null, r.result.pageModel.nextPage === 0);
    if (r.result.pageModel.nextPage === 0) break;
  }
  for (const parent of collected.filter((c) => (c['replyCount'] as number) > 0)) {
    const r = (await (await commentApi(a.oid!, a.aid!, `parentCommentNo=${parent['commentNo']}&pageSize=100&page=1`, referer)).json()) as Api;
    collected.push(...r.result.commentList);
  }
  assert.is(total, truth.counts.total);
  const fromApi = collected
    .map((c) => ({
      comment_no: c['commentNo'],
      parent_comment_no: c['parentCommentNo'] === 0 ? null : c['parentCommentNo'],
      author: c['userName'],
      contents: c['contents'],
      reg_time: c['regTime'],
      likes: c['sympathyCount'],
      dislikes: c['antipathyCount'],
      reply_count: c['replyCount'],
      is_deleted: c['deleted'],
    }))
    .sort((x, y) => (x.comment_no as number) - (y.comment_no as number));
  assert.equal(
    fromApi,
    truth.comments.map((c) => ({
      comment_no: c.comment_no,
      parent_comment_no: c.parent_comment_no,
      author: c.author,
      contents: c.contents,
      reg_time: c.reg_time,
      likes: c.likes,
      dislikes: c.dislikes,
      reply_count: c.reply_count,
      is_deleted: c.is_deleted,
    })),
  );

  // The statistics box's numbers come with every top-level answer and are the truth's, not with replies.
  type Stats = {
    current: number;
    deleted_by_author: number;
    deleted_by_moderator: number;
    male: number;
    female: number;
    ages: Record<string, number>;
  };
  const { stats } = await json<{ stats: Stats }>(`/__truth/comments/${a.oid}/${a.aid}`);
  type Top = {
    result: {
      count: { exposeCount: number; delCommentByUser: number; delCommentByMon: number };
      graph?: { gender: { male: number; female: number }; old: { age: string; value: number }[] };
    };
  };
  const top = ((await (await commentApi(a.oid!, a.aid!, 'pageSize=7&page=2', referer)).json()) as Top).result;
  assert.equal(
    {
      current: top.count.exposeCount,
      deleted_by_author: top.count.delCommentByUser,
      deleted_by_moderator: top.count.delCommentByMon,
      male: top.graph?.gender.male,
      female: top.graph?.gender.female,
      ages: Object.fromEntries((top.graph?.old ?? []).map((o) => [o.age, o.value])),
    },
    stats,
  );
  assert.is(stats.current, truth.comments.filter((c) => !c.is_deleted).length);
  assert.is(stats.deleted_by_author + stats.deleted_by_moderator, truth.comments.filter((c) => c.is_deleted).length);
  const parent = collected.find((c) => (c['replyCount'] as number) > 0)!;
  const reply = (await (await commentApi(a.oid!, a.aid!, `parentCommentNo=${parent['commentNo']}&page=1`, referer)).json()) as Top;
  assert.is(reply.result.graph, undefined);

  const jsonp = await commentApi(a.oid!, a.aid!, 'page=1&_callback=jQuery123_456', referer);
  assert.is(jsonp.headers.get('content-type'), 'application/javascript; charset=UTF-8');
  assert.match(await jsonp.text(), /^jQuery123_456\(\{.*\}\);$/s);
});

test('Open API over HTTP: credentials in headers', async () => {
  const path = `/v1/search/news.json?query=${encodeURIComponent('금리')}&display=5`;
  assert.is((await get(path)).status, 401);
  const ok = await get(path, { headers: { 'X-Naver-Client-Id': 'local-client', 'X-Naver-Client-Secret': 'local-secret' } });
  assert.is(ok.status, 200);
  assert.is(ok.headers.get('content-type'), 'application/json; charset=UTF-8');
  assert.is(((await ok.json()) as { items: unknown[] }).items.length, 5);
});

async function addFault(rule: object): Promise<{ rule: { id: string } }> {
  const r = await get('/__admin/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  assert.is(r.status, 201);
  return (await r.json()) as { rule: { id: string } };
}

test('faults: status with times, then normal again', async () => {
  await addFault({ path: '^/search\\.naver$', action: 'status', status: 500, times: 2 });
  const path = `/search.naver?query=${encodeURIComponent('금리')}`;
  assert.is((await get(path)).status, 500);
  assert.is((await get(path)).status, 500);
  assert.is((await get(path)).status, 200);
  await get('/__admin/faults', { method: 'DELETE' });
});

test('faults: 429 on an API is JSON with Retry-After', async () => {
  await addFault({ path: '^/v1/search/', action: 'status', status: 429, retryAfter: 3, times: 1 });
  const r = await get(`/v1/search/news.json?query=a`, { headers: { 'X-Naver-Client-Id': 'local-client', 'X-Naver-Client-Secret': 'local-secret' } });
  assert.is(r.status, 429);
  assert.is(r.headers.get('retry-after'), '3');
  assert.type(((await r.json()) as { errorCode: string }).errorCode, 'string');
});

test('faults: block page with 200 or 403, changed markup, connection reset, slow', async () => {
  const q = `/search.naver?query=${encodeURIComponent('금리')}`;
  await addFault({ path: '^/search', action: 'block', status: 200, times: 1 });
  const blocked = await get(q);
  assert.is(blocked.status, 200);
  const blockedHtml = await blocked.text();
  assert.ok(blockedHtml.includes('비정상적인 접근'));
  assert.not.ok(blockedHtml.includes('list_news'));
  await addFault({ path: '^/search', action: 'block', times: 1 });
  assert.is((await get(q)).status, 403);

  const rule = await addFault({ path: '^/search', action: 'markup' });
  const changed = await text(q);
  assert.ok(changed.includes('class="tit_news"') && !changed.includes('news_tit') && !changed.includes('list_news'));
  await get(`/__admin/faults/${rule.rule.id}`, { method: 'DELETE' });
  assert.ok((await text(q)).includes('list_news'));

  await addFault({ path: '^/search', action: 'reset', times: 1 });
  assert.not.ok(
    await get(q).then(
      () => true,
      () => false,
    ),
    'the connection is reset',
  );
  assert.is((await get(q)).status, 200);

  await addFault({ path: '^/search', action: 'slow', delayMs: 300, times: 1 });
  const started = Date.now();
  assert.is((await get(q)).status, 200);
  assert.ok(Date.now() - started >= 290);

  const listed = await json<{ rules: { action: string; remaining: number | null }[] }>('/__admin/faults');
  assert.ok(listed.rules.every((r) => r.remaining === 0));
  assert.equal(await json('/__admin/faults', { method: 'DELETE' }), { cleared: listed.rules.length });
  const bad = await get('/__admin/faults', { method: 'POST', body: JSON.stringify({ action: 'nope' }) });
  assert.is(bad.status, 400);
});

test('faults never touch the truth, admin and health endpoints', async () => {
  await addFault({ path: '.*', action: 'status', status: 500 });
  assert.is((await get('/healthz')).status, 200);
  assert.is((await get('/__truth/summary')).status, 200);
  assert.is((await get('/__admin/stats')).status, 200);
  assert.is((await get('/search.naver?query=a')).status, 500);
  await get('/__admin/faults', { method: 'DELETE' });
});

test('alternate site: other paths and selectors over the same corpus', async () => {
  const truth = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent('반도체')}&date=2024-11-20&skin=alt`);
  const html = await text(`/alt/news/search?q=${encodeURIComponent('반도체')}&from=2024.11.20&to=2024.11.20&sort=1&page=1`);
  const titles = [...html.matchAll(/<h3 class="result-title"><a href="[^"]*" target="_blank" title="([^"]*)"/g)].map((m) => decode(m[1]!));
  assert.equal(
    titles,
    truth.articles.slice(0, 10).map((a) => a.title),
  );
  const a = truth.articles.find((x) => x.portal && x.comment_count > 0)!;
  assert.match(a.portal_link!, /\/alt\/story\/\d{3}\/\d{10}$/);
  const article = await text(new URL(a.portal_link!).pathname);
  assert.is(decode(/<h2 id="headline"[^>]*><span>(.*?)<\/span>/.exec(article)![1]!), a.title);
  assert.is(/<time class="published" data-published="([^"]*)"/.exec(article)![1], a.published_data_date_time);
  const page = await text(new URL(a.comment_page!).pathname);
  assert.ok(page.includes('<div id="comments" class="comments"></div>'));
  const api = `/alt/api/comments.json?ticket=news&pool=cbox5&objectId=news${a.oid},${a.aid}&page=1`;
  assert.is((await get(api, { headers: { referer: `${base}/mnews/article/${a.oid}/${a.aid}` } })).status, 403);
  const ok = await json<{ result: { count: { total: number } } }>(api, { headers: { referer: a.comment_page! } });
  assert.is(ok.result.count.total, a.comment_count);
});

test('clock: freezing moves relative dates and visibility', async () => {
  const before = await json<{ now: string; frozen: boolean }>('/__admin/clock');
  assert.equal(before, { now: '2024-12-02T15:00:00+09:00', frozen: true });
  const earlier = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent('반도체')}&date=${ANCHOR}`);
  await get('/__admin/clock', { method: 'POST', body: JSON.stringify({ now: '2024-12-02T23:59:59+09:00' }) });
  const later = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent('반도체')}&date=${ANCHOR}`);
  assert.ok(later.articles.length >= earlier.articles.length);
  await get('/__admin/clock', { method: 'POST', body: JSON.stringify({ now: '2024-12-02T15:00:00+09:00' }) });
});

test('stats count requests by route', async () => {
  await get('/__admin/stats', { method: 'DELETE' });
  await get('/search.naver?query=a');
  await get('/search.naver?query=b');
  await get('/nowhere');
  const stats = await json<{ total: number; by_route: Record<string, number>; by_status: Record<string, number> }>('/__admin/stats');
  assert.is(stats.by_route['search'], 2);
  assert.is(stats.by_route['not_found'], 1);
  assert.is(stats.by_status['404'], 1);
});

test.run();
