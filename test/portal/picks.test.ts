// The ground truth searched by criteria over real HTTP: every keyword-day and article returned meets all
// the criteria, none that meets them is left out, and a bad criterion is refused with its name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startPortal, type RunningPortal } from './fixtures.js';

let running: RunningPortal;

interface Day {
  query: string;
  date: string;
  articles: number;
  portal_articles: number;
  comments: number;
  replies: number;
  deleted: number;
  dates: string;
}
interface Picked {
  key: string;
  date: string;
  comment_count: number;
  top_level: number;
  replies: number;
  deleted: number;
  keywords: string[];
  portal_link: string;
}

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const r = await fetch(running.url + path);
  return { status: r.status, body: (await r.json()) as T };
};

test.before(async () => {
  running = await startPortal();
});
test.after(async () => {
  await running.close();
});

test('all keyword-days: each day once per keyword, latest first, matching the search truth', async () => {
  const { body } = await get<{ count: number; days: Day[] }>('/__truth/keyword-days');
  assert.ok(body.count > 100, `${body.count} keyword-days`);
  assert.is(new Set(body.days.map((d) => `${d.query}|${d.date}`)).size, body.count);
  for (let i = 1; i < body.days.length; i++) assert.ok(body.days[i - 1]!.date >= body.days[i]!.date);
  const sample = body.days[Math.floor(body.days.length / 2)]!;
  const search = await get<{ total: number; portal_articles: number }>(
    `/__truth/search?query=${encodeURIComponent(sample.query)}&date=${sample.date}`,
  );
  assert.equal([search.body.total, search.body.portal_articles], [sample.articles, sample.portal_articles]);
});

const dayCases: [string, string, (d: Day) => boolean][] = [
  [
    'small days with comments, replies and deleted ones, a week old',
    'max_articles=5&min_portal_articles=2&min_comments=20&max_comments=200&min_replies=1&min_deleted=1&to=2024-11-25',
    (d) =>
      d.articles <= 5 &&
      d.portal_articles >= 2 &&
      d.comments >= 20 &&
      d.comments <= 200 &&
      d.replies >= 1 &&
      d.deleted >= 1 &&
      d.date <= '2024-11-25',
  ],
  [
    'recent days over two result pages, all dates relative',
    'dates=relative&min_articles=11&max_articles=20',
    (d) => d.dates === 'relative' && d.articles > 10 && d.articles <= 20,
  ],
  [
    'one keyword inside a date span',
    'query=%EB%B0%98%EB%8F%84%EC%B2%B4&from=2024-10-01&to=2024-10-31',
    (d) => d.query === '반도체' && d.date >= '2024-10-01' && d.date <= '2024-10-31',
  ],
];
for (const [name, q, holds] of dayCases) {
  test(`keyword-days: ${name}`, async () => {
    const all = (await get<{ days: Day[] }>('/__truth/keyword-days')).body.days;
    const { status, body } = await get<{ count: number; days: Day[] }>(`/__truth/keyword-days?${q}`);
    assert.is(status, 200);
    assert.ok(body.count > 0, 'some day fits');
    assert.equal(body.days, all.filter(holds));
  });
}

test('articles: every pick meets the comment criteria, and the count covers those beyond the limit', async () => {
  const { body } = await get<{ count: number; articles: Picked[] }>(
    '/__truth/articles?min_comments=40&max_comments=200&min_replies=1&min_deleted=1&limit=5',
  );
  assert.is(body.articles.length, 5);
  assert.ok(body.count > 5);
  for (const a of body.articles) {
    assert.ok(a.comment_count >= 40 && a.comment_count <= 200 && a.replies >= 1 && a.deleted >= 1, a.key);
    assert.is(a.top_level + a.replies, a.comment_count);
    assert.ok(a.keywords.length > 0, a.key);
    const c = await get<{ counts: { total: number; replies: number; deleted: number } }>(`/__truth/comments/${a.key}`);
    assert.equal([c.body.counts.total, c.body.counts.replies, c.body.counts.deleted], [a.comment_count, a.replies, a.deleted]);
  }
});

test('articles of the alternate site link to its pages', async () => {
  const { body } = await get<{ articles: Picked[] }>('/__truth/articles?min_comments=30&limit=1&skin=alt');
  const plain = await get<{ articles: Picked[] }>('/__truth/articles?min_comments=30&limit=1');
  assert.is(body.articles[0]!.key, plain.body.articles[0]!.key);
  assert.is.not(body.articles[0]!.portal_link, plain.body.articles[0]!.portal_link);
});

const refused: [string, string, RegExp][] = [
  [
    'an unknown criterion names itself and the known ones',
    '/__truth/keyword-days?min_pages=2',
    /^unknown criterion min_pages; expected one of query, from, to, min_articles/,
  ],
  ['a count that is not a whole number', '/__truth/articles?min_comments=many', /^min_comments="many" must be a whole number$/],
  ['a day in another format', '/__truth/keyword-days?to=2024.11.25', /^to="2024.11.25" must be a day written YYYY-MM-DD$/],
  ['dates other than relative, absolute or mixed', '/__truth/keyword-days?dates=old', /^dates="old" must be relative, absolute or mixed$/],
];
for (const [name, path, message] of refused) {
  test(`refused: ${name}`, async () => {
    const { status, body } = await get<{ error: string }>(path);
    assert.is(status, 400);
    assert.match(body.error, message);
  });
}

test.run();
