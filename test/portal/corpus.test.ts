import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommentStore, countComments, generateComments, visibleComments } from './comments.js';
import { generateCorpus } from './corpus.js';
import { ANCHOR, corpus, NOW, SEED } from './fixtures.js';
import { HOUR_MS, kstDay, kstDayStart, parseDay } from './kst.js';
import { findArticles } from './search.js';

const serialize = (seed: number, anchorDate: string): string => {
  const c = generateCorpus({ seed, anchorDate });
  return JSON.stringify({ articles: c.articles, firstDate: c.firstDate });
};

test('same seed and anchor date give byte-identical corpora', () => {
  assert.is(serialize(SEED, ANCHOR), serialize(SEED, ANCHOR));
});

test('another seed or anchor date gives another corpus', () => {
  const base = serialize(SEED, ANCHOR);
  assert.is.not(serialize(SEED + 1, ANCHOR), base);
  assert.is.not(serialize(SEED, '2024-12-01'), base);
});

test('generation is fast', () => {
  generateCorpus({ seed: 7, anchorDate: ANCHOR }); // warm-up
  const started = performance.now();
  generateCorpus({ seed: 8, anchorDate: ANCHOR });
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

test('a few thousand articles over about four months ending at the anchor date', () => {
  const c = corpus();
  assert.ok(c.articles.length >= 2500 && c.articles.length <= 5000, `${c.articles.length} articles`);
  assert.is(c.firstDate, '2024-08-05');
  assert.is(kstDay(c.articles[0]!.publishedAt), c.firstDate);
  assert.is(kstDay(c.articles[c.articles.length - 1]!.publishedAt), ANCHOR);
  for (let i = 1; i < c.articles.length; i++) assert.ok(c.articles[i - 1]!.publishedAt <= c.articles[i]!.publishedAt);
});

test('identities: 3-digit oid, 10-digit aid, unique keys, aid growing with time per publisher', () => {
  const c = corpus();
  const last = new Map<string, number>();
  for (const a of c.articles) {
    assert.match(a.oid, /^\d{3}$/);
    assert.match(a.aid, /^\d{10}$/);
    assert.is(a.key, `${a.oid}/${a.aid}`);
    assert.ok(Number(a.aid) > (last.get(a.oid) ?? 0));
    last.set(a.oid, Number(a.aid));
  }
  assert.is(c.byKey.size, c.articles.length);
});

test('dozens of publishers and all six sections are used', () => {
  const c = corpus();
  assert.ok(new Set(c.articles.map((a) => a.oid)).size >= 30);
  assert.equal([...new Set(c.articles.map((a) => a.section.sid))].sort(), [100, 101, 102, 103, 104, 105]);
});

test('about half of the articles are on the portal', () => {
  const share = corpus().articles.filter((a) => a.portal).length / corpus().articles.length;
  assert.ok(share > 0.4 && share < 0.65, `portal share ${share}`);
});

test('every topic of an article appears in its title or summary', () => {
  for (const a of corpus().articles) {
    assert.ok(a.topics.length >= 1 && a.topics.length <= 3);
    for (const t of a.topics) assert.ok(a.title.includes(t) || a.summary.includes(t), `${a.key} lacks ${t}`);
  }
});

test('publication times spread over the KST day', () => {
  const hours = new Set(corpus().articles.map((a) => Math.floor((a.publishedAt - kstDayStart(kstDay(a.publishedAt))) / HOUR_MS)));
  assert.ok(hours.size >= 20, `${hours.size} distinct hours`);
});

test('some keyword-days span several result pages', () => {
  const c = corpus();
  let best = 0;
  for (const day of c.byDay.keys()) {
    for (const kw of c.keywords) best = Math.max(best, findArticles(c, { query: kw, terms: [kw], from: day, to: day, sort: 'latest' }, NOW).length);
  }
  assert.ok(best > 20, `largest keyword-day has ${best} results`);
});

test('byDay groups by KST day', () => {
  for (const [day, list] of corpus().byDay) {
    assert.ok(parseDay(day) === day);
    for (const a of list) assert.is(kstDay(a.publishedAt), day);
  }
});

test('comments: after the article, replies after their parent, unique numbers, masked nicknames', () => {
  const c = corpus();
  const store = new CommentStore(c);
  const numbers = new Set<number>();
  let replies = 0;
  let deleted = 0;
  let max = 0;
  for (const a of c.articles) {
    const list = store.all(a);
    if (!a.portal) assert.is(list.length, 0);
    max = Math.max(max, list.length);
    const byNo = new Map(list.map((x) => [x.commentNo, x] as const));
    for (const cm of list) {
      assert.not.ok(numbers.has(cm.commentNo));
      numbers.add(cm.commentNo);
      assert.ok(cm.regTime > a.publishedAt);
      assert.ok(cm.modTime >= cm.regTime);
      if (cm.deleted) {
        deleted++;
        assert.is(cm.contents, '');
        assert.is(cm.userName, '');
      } else {
        assert.match(cm.userName, /^[a-z][a-z0-9]{3}\*{4}$/);
        assert.ok(cm.contents.length > 0);
      }
      if (cm.parentCommentNo !== 0) {
        replies++;
        const parent = byNo.get(cm.parentCommentNo);
        assert.ok(parent && parent.parentCommentNo === 0);
        assert.ok(cm.regTime > parent!.regTime && cm.commentNo > parent!.commentNo);
        assert.is(cm.replyLevel, 2);
      }
    }
    const replyCounts = new Map<number, number>();
    for (const cm of list) if (cm.parentCommentNo !== 0) replyCounts.set(cm.parentCommentNo, (replyCounts.get(cm.parentCommentNo) ?? 0) + 1);
    for (const cm of list) if (cm.parentCommentNo === 0) assert.is(cm.replyCount, replyCounts.get(cm.commentNo) ?? 0);
  }
  assert.ok(replies > 100 && deleted > 50, `${replies} replies, ${deleted} deleted`);
  assert.ok(max >= 200, `busiest article has ${max} comments`);
});

test('comments are the same every time they are generated', () => {
  const c = corpus();
  const a = c.articles.find((x) => x.topLevelComments > 30)!;
  assert.equal(generateComments(c, a), generateComments(c, a));
});

test('visible comments: only those written by now, reply counts as of now', () => {
  const c = corpus();
  const a = c.articles.find((x) => x.topLevelComments > 50)!;
  const all = generateComments(c, a);
  const mid = all[Math.floor(all.length / 2)]!.regTime;
  const visible = visibleComments(all, mid);
  assert.ok(visible.length < all.length && visible.every((x) => x.regTime <= mid));
  for (const cm of visible) if (cm.parentCommentNo === 0) assert.is(cm.replyCount, visible.filter((r) => r.parentCommentNo === cm.commentNo).length);
  const counts = countComments(visible);
  assert.is(counts.total, visible.length);
  assert.is(counts.comments + counts.replies, counts.total);
});

test('growing likes: every third live comment gains a like per period since written, the others keep theirs', () => {
  const c = corpus();
  const a = c.articles.find((x) => x.topLevelComments > 50)!;
  const all = generateComments(c, a);
  const later = all[all.length - 1]!.regTime + 13 * 3_600_000;
  const fixed = visibleComments(all, later);
  const grown = visibleComments(all, later, 6);
  assert.is(grown.length, fixed.length);
  for (let i = 0; i < fixed.length; i++) {
    const f = fixed[i]!;
    const g = grown[i]!;
    const gain = !f.deleted && f.commentNo % 3 === 0 ? Math.floor((later - f.regTime) / (6 * 3_600_000)) : 0;
    assert.is(g.sympathyCount, f.sympathyCount + gain, `comment ${f.commentNo}`);
    assert.equal({ ...g, sympathyCount: 0 }, { ...f, sympathyCount: 0 });
  }
  assert.ok(grown.some((g, i) => g.sympathyCount > fixed[i]!.sympathyCount));
  assert.equal(visibleComments(all, later, 6), grown, 'the same instant gives the same counts');
});

test.run();
