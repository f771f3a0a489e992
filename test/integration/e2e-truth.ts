// What the gateway serves for a job (JSON pages and CSV downloads) against the local portal's ground truth
// of its keyword-day: every article, and every comment and reply of its portal articles, deleted ones
// flagged. Used with a gateway process of the suite and with the chart's gateway in the cluster.
import * as assert from 'uvu/assert';
import { canonicalUrl } from '../../lib/sources/profile.js';
import { csvRecords, truth, type Gateway, type KeywordDay, type TruthArticle, type TruthComment } from './e2e-support.js';
import { kstDayOf, statsByName, type TruthStats } from './worker-support.js';

/** What the checks need of a gateway: its address, a department's token and authorized calls. */
export type GatewayClient = Pick<Gateway, 'url' | 'token' | 'call'>;

interface ApiArticle {
  id: number;
  title: string;
  publisher: string | null;
  published_at: string | null;
  portal_url: string | null;
  original_url: string | null;
  comment_stats: Record<string, number> | null;
}
interface ApiComment {
  article_url: string | null;
  comment_no: number;
  parent_comment_no: number | null;
  is_reply: boolean;
  author: string | null;
  text: string | null;
  written_at: string | null;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_deleted: boolean;
}

/** Every row of a data listing, following the cursor. */
async function allRows<T>(gw: GatewayClient, dept: string, set: 'metadata' | 'comments', job: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const q: URLSearchParams = new URLSearchParams({ job, limit: '200', sort: 'id', ...(cursor ? { cursor } : {}) });
    const r: { status: number; text: string; body: { data: T[]; next_cursor: string | null } } = await gw.call(dept, `/data/${set}?${q.toString()}`);
    assert.is(r.status, 200, r.text);
    rows.push(...r.body.data);
    cursor = r.body.next_cursor;
  } while (cursor);
  return rows;
}

async function download(gw: GatewayClient, dept: string, set: 'metadata' | 'comments', job: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${gw.url}/data/${set}/download?job=${encodeURIComponent(job)}&format=csv`, {
    headers: { authorization: `Bearer ${gw.token(dept)}` },
  });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM, for Excel');
  const [header, ...records] = csvRecords(bytes.subarray(3).toString('utf8'));
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** A CSV cell as a spreadsheet must see it: text that would start a formula gets a leading apostrophe. */
const asCsvText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const commentRow = (c: TruthComment) => [
  c.comment_no,
  c.parent_comment_no,
  c.is_reply,
  c.author,
  c.contents,
  new Date(c.written_at).toISOString(),
  c.likes,
  c.dislikes,
  c.reply_count,
  c.is_deleted,
];

/** What the gateway serves for the job equals the portal's ground truth of the keyword-day. */
export async function checkAgainstTruth(
  gw: GatewayClient,
  dept: string,
  job: string,
  day: KeywordDay,
): Promise<{ articles: number; comments: number }> {
  const t = await truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  const what = `${day.query} ${day.date}`;

  // Articles: titles, links, publisher, publication time.
  const stored = await allRows<ApiArticle>(gw, dept, 'metadata', job);
  assert.is(stored.length, t.articles.length, `${what}: articles`);
  const byLink = new Map(stored.map((a) => [a.portal_url ?? a.original_url, a]));
  for (const ta of t.articles) {
    const a = byLink.get(ta.portal ? ta.portal_link : canonicalUrl(ta.originallink));
    const label = `${ta.key} ${ta.title}`;
    assert.ok(a, `missing ${label}`);
    assert.is(a.title, ta.title, label);
    assert.is(a.publisher, ta.publisher, label);
    assert.is(a.original_url, canonicalUrl(ta.originallink), label);
    assert.is(a.portal_url, ta.portal ? ta.portal_link : null, label);
    if (ta.portal) {
      assert.is(a.published_at && new Date(a.published_at).toISOString(), new Date(ta.published_at).toISOString(), label);
    } else {
      // A publisher-only article shows only its day on a result page a week old.
      assert.is(kstDayOf(a.published_at!), kstDayOf(ta.published_at), label);
    }
  }
  const csvArticles = await download(gw, dept, 'metadata', job);
  assert.equal(csvArticles.map((r) => r.title).sort(), t.articles.map((a) => asCsvText(a.title)).sort(), 'metadata CSV titles');

  // Comments: every comment and reply of the portal articles, deleted ones flagged.
  // With each portal article, the statistics its comment page shows.
  const want = new Map<number, { url: string; row: unknown[] }>();
  const wantStats = new Map<string, Record<string, number>>();
  for (const ta of t.articles.filter((a) => a.portal)) {
    const c = await truth<{ comments: TruthComment[]; stats: TruthStats }>(`comments/${ta.oid}/${ta.aid}`);
    for (const x of c.comments) want.set(x.comment_no, { url: ta.portal_link!, row: commentRow(x) });
    wantStats.set(ta.portal_link!, statsByName(c.stats));
    assert.equal(byLink.get(ta.portal_link)?.comment_stats, statsByName(c.stats), `comment statistics of ${ta.key}`);
  }
  // In the CSV each statistic is a column of its own ("comment_stats.<name>"), empty where an article lacks it.
  const csvStats = (r: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(r)
        .filter(([k, v]) => k.startsWith('comment_stats.') && v !== '')
        .map(([k, v]) => [k.slice('comment_stats.'.length), Number(v)]),
    );
  for (const r of csvArticles.filter((x) => wantStats.has(x.portal_url!)))
    assert.equal(csvStats(r), wantStats.get(r.portal_url!), `CSV comment statistics of ${r.portal_url}`);
  const got = await allRows<ApiComment>(gw, dept, 'comments', job);
  assert.is(got.length, want.size, `${what}: comments`);
  for (const c of got) {
    const w = want.get(c.comment_no);
    assert.ok(w, `comment ${c.comment_no} is not on the portal`);
    assert.is(c.article_url, w.url, `comment ${c.comment_no}`);
    assert.equal(
      [
        c.comment_no,
        c.parent_comment_no,
        c.is_reply,
        c.author ?? '',
        c.text ?? '',
        c.written_at && new Date(c.written_at).toISOString(),
        c.likes,
        c.dislikes,
        c.reply_count,
        c.is_deleted,
      ],
      w.row,
    );
  }
  const truthRows = [...want.values()].map((w) => w.row);
  assert.ok(
    truthRows.some((r) => r[2] === true),
    `${what} has replies`,
  );
  assert.ok(
    truthRows.some((r) => r[9] === true),
    `${what} has deleted comments`,
  );
  const csvComments = await download(gw, dept, 'comments', job);
  assert.is(csvComments.length, want.size, 'comments CSV rows');
  for (const r of csvComments) {
    const w = want.get(Number(r.comment_no));
    assert.ok(w, `CSV comment ${r.comment_no}`);
    assert.is(r.text, asCsvText(w.row[4] as string), `CSV text of ${r.comment_no}`);
    assert.is(r.is_deleted, String(w.row[9]), `CSV is_deleted of ${r.comment_no}`);
  }
  return { articles: stored.length, comments: got.length };
}
