// The `/wire/` site over real HTTP on loopback: search pages followed by their "next" link, the
// article page, and the cursor-paged comment API against the ground truth; the markup fault's changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startPortal, type RunningPortal } from './fixtures.js';
import { fromWireId, wireId } from './wire.js';

let running: RunningPortal;
let base = '';
const get = (path: string): Promise<Response> => fetch(base + path);
const json = async <T>(path: string): Promise<T> => (await (await get(path)).json()) as T;
const text = async (path: string): Promise<string> => (await get(path)).text();
const decode = (s: string): string =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

interface TruthArticle {
  key: string;
  portal: boolean;
  oid: string | null;
  aid: string | null;
  title: string;
  originallink: string;
  portal_link: string | null;
  comment_page: string | null;
  published_at: string;
}
interface WireComment {
  cid: number;
  parent: number | null;
  nick: string;
  body?: string;
  text?: string;
  created: string;
  up: number;
  down: number;
  replies: number;
  deleted: boolean;
}
interface WireAnswer {
  data: { items: WireComment[]; next: string | null; total: number; stats: unknown };
}

test.before(async () => {
  running = await startPortal();
  base = running.url;
});
test.after(async () => {
  running.portal.faults.clear();
  await running.close();
});

test('ids are one part and go both ways', () => {
  assert.is(wireId({ oid: '802', aid: '0553808350' }), 'A8020553808350');
  assert.equal(fromWireId('A8020553808350'), { oid: '802', aid: '0553808350' });
  assert.is(fromWireId('A802'), null);
});

test('search pages followed by their "next" link give exactly the truth of a keyword-day, with exact times', async () => {
  const summary = await json<{ examples: { paginated: { query: string; date: string; articles: number }[] } }>('/__truth/summary');
  const { query, date, articles } = summary.examples.paginated[0]!;
  const truth = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent(query)}&date=${date}&skin=wire`);
  assert.is(truth.articles.length, articles);
  let path: string | null = `/wire/search?keyword=${encodeURIComponent(query)}&date=${date}&page=1`;
  const seen: { title: string; href: string; time: string; link: string | null }[] = [];
  let pages = 0;
  while (path) {
    const html = await text(path);
    pages++;
    for (const s of html.split('<div class="story">').slice(1)) {
      seen.push({
        title: decode(/<h2 class="headline"><a href="[^"]*">(.*?)<\/a>/.exec(s)![1]!),
        href: decode(/<h2 class="headline"><a href="([^"]*)"/.exec(s)![1]!),
        time: /<time class="stamp" datetime="([^"]+)"/.exec(s)![1]!,
        link: /<a class="permalink" href="([^"]+)"/.exec(s)?.[1] ?? null,
      });
    }
    const next = /<a rel="next" href="([^"]+)"/.exec(html);
    path = next ? decode(next[1]!) : null;
  }
  assert.is(pages, Math.ceil(articles / 10));
  assert.equal(
    seen.map((s) => s.title),
    truth.articles.map((a) => a.title),
  );
  assert.equal(
    seen.map((s) => s.href),
    truth.articles.map((a) => a.originallink),
  );
  assert.equal(
    seen.map((s) => s.time),
    truth.articles.map((a) => a.published_at),
  );
  assert.equal(
    seen.map((s) => (s.link ? base + s.link : null)),
    truth.articles.map((a) => a.portal_link),
  );
  assert.ok(
    seen.some((s) => s.link === null),
    'publisher-only results have no permalink',
  );
});

test('the comment API paged by its cursor gives every comment of the truth, replies inline after their parent', async () => {
  const summary = await json<{ examples: { modest_with_comments: { query: string; date: string }[] } }>('/__truth/summary');
  const ex = summary.examples.modest_with_comments[0]!;
  const found = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent(ex.query)}&date=${ex.date}`);
  const a = found.articles.find((x) => x.portal)!;
  const truth = await json<{
    counts: { total: number; deleted: number };
    stats: { current: number; deleted_by_author: number; deleted_by_moderator: number; male: number; female: number; ages: Record<string, number> };
    comments: {
      comment_no: number;
      parent_comment_no: number | null;
      author: string;
      contents: string;
      written_at: string;
      likes: number;
      is_deleted: boolean;
    }[];
  }>(`/__truth/comments/${a.oid}/${a.aid}`);
  const got: WireComment[] = [];
  let cursor = '';
  for (let i = 0; i < 1000; i++) {
    const page = await json<WireAnswer>(
      `/wire/api/comments?article=${wireId({ oid: a.oid!, aid: a.aid! })}&limit=7&cursor=${encodeURIComponent(cursor)}`,
    );
    assert.is(page.data.total, truth.counts.total);
    assert.equal(page.data.stats, truth.stats);
    got.push(...page.data.items);
    if (!page.data.next) break;
    cursor = page.data.next;
  }
  assert.equal(
    got.map((c) => c.cid).sort((x, y) => x - y),
    truth.comments.map((c) => c.comment_no),
  );
  for (const c of got) if (c.parent) assert.ok(got.findIndex((p) => p.cid === c.parent) < got.indexOf(c), 'a reply comes after its parent');
  assert.is(truth.stats.current + truth.stats.deleted_by_author + truth.stats.deleted_by_moderator, truth.counts.total);
  assert.is(truth.stats.deleted_by_author + truth.stats.deleted_by_moderator, truth.counts.deleted);
  assert.is(truth.stats.male + truth.stats.female, 100);
  assert.is(
    Object.values(truth.stats.ages).reduce((x, y) => x + y, 0),
    100,
  );
  const byNo = new Map(truth.comments.map((c) => [c.comment_no, c]));
  for (const c of got) {
    const t = byNo.get(c.cid)!;
    assert.equal(
      [c.parent, c.nick, c.body, c.created, c.up, c.deleted],
      [t.parent_comment_no, t.author, t.contents, t.written_at, t.likes, t.is_deleted],
    );
  }
});

test('the markup fault changes one thing per page, and the API by variant', async () => {
  const summary = await json<{ examples: { modest_with_comments: { query: string; date: string }[] } }>('/__truth/summary');
  const ex = summary.examples.modest_with_comments[0]!;
  const found = await json<{ articles: TruthArticle[] }>(`/__truth/search?query=${encodeURIComponent(ex.query)}&date=${ex.date}`);
  const a = found.articles.find((x) => x.portal)!;
  const id = wireId({ oid: a.oid!, aid: a.aid! });
  const post = (rule: object) => fetch(`${base}/__admin/faults`, { method: 'POST', body: JSON.stringify(rule) });
  await post({ path: '^/wire/', action: 'markup' });
  const search = await text(`/wire/search?keyword=${encodeURIComponent(ex.query)}&date=${ex.date}`);
  assert.ok(search.includes('<time class="stamp" data-ts="') && !search.includes('datetime="'));
  assert.ok((await text(`/wire/news/${id}`)).includes('<h1 class="headline-title">'));
  assert.ok((await text(`/wire/news/${id}/comments`)).includes('idAttr":"data-comment-id"'));
  const renamed = await json<WireAnswer>(`/wire/api/comments?article=${id}&limit=100`);
  assert.ok(renamed.data.items.every((c) => c.body === undefined && typeof c.text === 'string'));
  await fetch(`${base}/__admin/faults`, { method: 'DELETE' });
  await post({ path: '^/wire/api/', action: 'markup', variant: 'count' });
  const short = await json<WireAnswer>(`/wire/api/comments?article=${id}&limit=100`);
  assert.ok(short.data.items.every((c) => !c.deleted));
  await fetch(`${base}/__admin/faults`, { method: 'DELETE' });
  const full = await json<WireAnswer>(`/wire/api/comments?article=${id}&limit=100`);
  assert.ok(full.data.items.length > short.data.items.length, 'the chosen article has deleted comments');
  assert.is(short.data.total, full.data.total);
});

test.run();
