// The deterministic article corpus: the same seed and anchor date always give the same articles.
// Pure: no clock, no I/O. Comments are generated per article on demand (comments.ts).
import { addDays, DAY_MS, HOUR_MS, kstDay, kstDayStart, kstParts } from './kst.js';
import { createRng, hashSeed, type Rng } from './rng.js';
import {
  GIVEN_SYLLABLES,
  PRINT_KINDS,
  PUBLISHERS,
  SECTIONS,
  SURNAMES,
  TOPICS,
  type Publisher,
  type PublisherKind,
  type Section,
  type Topic,
} from './vocabulary.js';
import { writeArticle } from './writer.js';

export interface CorpusOptions {
  seed: number;
  /** Last day of the corpus, YYYY-MM-DD in KST. */
  anchorDate: string;
  /** Number of days ending at the anchor date (default 120, about four months). */
  days?: number;
}

export interface Article {
  /** Position in `Corpus.articles` (publication order). */
  index: number;
  /** `${oid}/${aid}`. */
  key: string;
  oid: string;
  aid: string;
  publisher: Publisher;
  section: Section;
  /** Topic keywords, the first one leads; each appears in the title or the summary. */
  topics: string[];
  title: string;
  summary: string;
  paragraphs: string[];
  byline: string;
  publishedAt: number;
  modifiedAt: number | null;
  /** Hosted on the portal (has a portal page and comments) or only on the publisher's site. */
  portal: boolean;
  /** The publisher's own URL for the article. */
  originalLink: string;
  /** Print edition position shown in search results ("A12면 1단"), or null. */
  printPosition: string | null;
  /** Number of top-level comments planned (0 when not on the portal); replies come on top. */
  topLevelComments: number;
}

export interface Corpus {
  seed: number;
  anchorDate: string;
  firstDate: string;
  days: number;
  publishers: readonly Publisher[];
  sections: readonly Section[];
  keywords: readonly string[];
  /** In publication order. */
  articles: readonly Article[];
  byKey: ReadonlyMap<string, Article>;
  /** KST day -> its articles in publication order. */
  byDay: ReadonlyMap<string, readonly Article[]>;
}

const KIND_ACTIVITY: Record<PublisherKind, number> = { agency: 4, daily: 1.6, economy: 1.5, broadcast: 1.2, online: 0.9, tech: 0.9 };
const KIND_SECTIONS: Record<PublisherKind, Record<number, number>> = {
  agency: { 100: 1, 101: 1, 102: 1, 103: 1, 104: 1, 105: 1 },
  daily: { 100: 1.4, 101: 1, 102: 1.3, 103: 0.8, 104: 0.8, 105: 0.6 },
  economy: { 100: 0.3, 101: 3, 102: 0.5, 103: 0.3, 104: 0.6, 105: 1.2 },
  broadcast: { 100: 1.3, 101: 0.9, 102: 1.5, 103: 0.8, 104: 1, 105: 0.5 },
  online: { 100: 1, 101: 1, 102: 1, 103: 1, 104: 0.7, 105: 0.7 },
  tech: { 100: 0.1, 101: 0.8, 102: 0.4, 103: 0.6, 104: 0.2, 105: 3 },
};
/** Hour-of-day weights (KST) for publication times: a morning and an afternoon peak. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.5, 1.5, 3, 4.5, 5, 4.5, 4, 3.5, 3, 3.5, 4, 4, 3.5, 3, 2.5, 2, 2, 1.8, 1.5, 1.2];
const HOURS = HOUR_WEIGHTS.map((_, h) => h);

interface PublisherProfile {
  publisher: Publisher;
  reporters: { name: string; email: string }[];
  partner: boolean;
  aid: number;
  idxno: number;
}

/** Generates the corpus. Fast (tens of milliseconds) and byte-identical for the same options. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const days = options.days ?? 120;
  if (!Number.isInteger(days) || days < 1) throw new Error(`corpus days must be a positive integer, got ${days}`);
  const rng = createRng(hashSeed('corpus', options.seed, options.anchorDate));
  const firstDate = addDays(options.anchorDate, -(days - 1));

  const profiles = PUBLISHERS.map((publisher, i): PublisherProfile => ({
    publisher,
    reporters: makeReporters(rng, publisher),
    // Content partners put (nearly) every article on the portal; the others link out only.
    partner: publisher.kind === 'agency' || publisher.kind === 'broadcast' || (publisher.kind !== 'tech' && i % 2 === 0),
    aid: rng.int(100_000_000, 900_000_000),
    idxno: rng.int(100_000, 700_000),
  }));

  type Draft = Omit<Article, 'index' | 'key' | 'oid' | 'aid' | 'originalLink'> & { profile: PublisherProfile };
  const drafts: Draft[] = [];
  for (let d = 0; d < days; d++) {
    const day = addDays(firstDate, d);
    const dayStart = kstDayStart(day);
    const weekday = kstParts(dayStart).weekday;
    const weekend = weekday === 0 || weekday === 6;
    const count = weekend ? rng.int(14, 22) : rng.int(26, 38);
    const topicWeights = dailyTopicWeights(rng);
    for (let n = 0; n < count; n++) drafts.push(draftArticle(rng, profiles, topicWeights, dayStart));
  }
  drafts.sort((a, b) => a.publishedAt - b.publishedAt || Number(a.profile.publisher.oid) - Number(b.profile.publisher.oid));

  const articles: Article[] = drafts.map((d, index) => {
    const profile = d.profile;
    profile.aid += rng.int(1, 40);
    profile.idxno += rng.int(1, 9);
    const oid = profile.publisher.oid;
    const aid = String(profile.aid).padStart(10, '0');
    return {
      index,
      key: `${oid}/${aid}`,
      oid,
      aid,
      publisher: d.publisher,
      section: d.section,
      topics: d.topics,
      title: d.title,
      summary: d.summary,
      paragraphs: d.paragraphs,
      byline: d.byline,
      publishedAt: d.publishedAt,
      modifiedAt: d.modifiedAt,
      portal: d.portal,
      originalLink: originalLink(profile.publisher, profile.idxno, d.publishedAt, d.section),
      printPosition: d.printPosition,
      topLevelComments: d.topLevelComments,
    };
  });

  const byKey = new Map(articles.map((a) => [a.key, a] as const));
  const byDay = new Map<string, Article[]>();
  for (const a of articles) {
    const day = kstDay(a.publishedAt);
    const list = byDay.get(day);
    if (list) list.push(a);
    else byDay.set(day, [a]);
  }
  return {
    seed: options.seed,
    anchorDate: options.anchorDate,
    firstDate,
    days,
    publishers: PUBLISHERS,
    sections: SECTIONS,
    keywords: TOPICS.map((t) => t.keyword),
    articles,
    byKey,
    byDay,
  };
}

/** Popularity of each topic on one day: a couple of topics are "hot" and dominate the news. */
function dailyTopicWeights(rng: Rng): number[] {
  const weights = TOPICS.map((t) => t.weight);
  const hot = rng.weighted(
    TOPICS.map((_, i) => i),
    weights,
  );
  weights[hot] = (weights[hot] ?? 0) * rng.pick([4, 6, 9, 18]);
  if (rng.chance(0.6)) {
    const warm = rng.int(0, TOPICS.length - 1);
    weights[warm] = (weights[warm] ?? 0) * 3;
  }
  return weights;
}

function draftArticle(
  rng: Rng,
  profiles: readonly PublisherProfile[],
  topicWeights: readonly number[],
  dayStart: number,
): Omit<Article, 'index' | 'key' | 'oid' | 'aid' | 'originalLink'> & { profile: PublisherProfile } {
  const lead = rng.weighted(TOPICS, topicWeights);
  const sid = rng.weighted(
    lead.sections,
    lead.sections.map((_, i) => (i === 0 ? 3 : 1)),
  );
  const section = SECTIONS.find((s) => s.sid === sid) as Section;
  const profile = rng.weighted(profiles, publisherWeights(profiles, sid));

  const extra = rng.weighted([0, 1, 2], [45, 40, 15]);
  const related = TOPICS.filter((t) => t !== lead);
  const topics: Topic[] = [lead];
  for (let i = 0; i < extra; i++) {
    const pool = related.filter((t) => !topics.includes(t));
    topics.push(
      rng.weighted(
        pool,
        pool.map((t) => t.weight * (t.sections.includes(sid) ? 4 : 1)),
      ),
    );
  }
  const text = writeArticle(rng, topics);

  const hour = rng.weighted(HOURS, HOUR_WEIGHTS);
  const publishedAt = dayStart + hour * HOUR_MS + rng.int(0, 59) * 60_000 + rng.int(0, 59) * 1000;
  const modifiedAt = rng.chance(0.3) ? publishedAt + rng.int(10, 360) * 60_000 : null;
  const reporter = rng.pick(profile.reporters);
  const broadcast = profile.publisher.kind === 'broadcast';
  const portal = profile.partner ? rng.chance(0.95) : rng.chance(0.04);
  return {
    profile,
    publisher: profile.publisher,
    section,
    topics: topics.map((t) => t.keyword),
    title: text.title,
    summary: text.summary,
    paragraphs: text.paragraphs,
    byline: broadcast ? `${reporter.name} 기자` : `${reporter.name} 기자 (${reporter.email})`,
    publishedAt,
    modifiedAt,
    portal,
    printPosition: PRINT_KINDS.has(profile.publisher.kind) && rng.chance(0.45) ? `A${rng.int(1, 32)}면 ${rng.int(1, 5)}단` : null,
    topLevelComments: portal ? commentPlan(rng) : 0,
  };
}

const weightCache = new WeakMap<readonly PublisherProfile[], Map<number, number[]>>();

/** How likely each publisher writes in a section. */
function publisherWeights(profiles: readonly PublisherProfile[], sid: number): number[] {
  let bySid = weightCache.get(profiles);
  if (!bySid) weightCache.set(profiles, (bySid = new Map()));
  let weights = bySid.get(sid);
  if (!weights) {
    weights = profiles.map((p) => KIND_ACTIVITY[p.publisher.kind] * (KIND_SECTIONS[p.publisher.kind][sid] ?? 1));
    bySid.set(sid, weights);
  }
  return weights;
}

/** Top-level comments per portal article: a fifth have none, most a few dozen, a few hundreds. */
function commentPlan(rng: Rng): number {
  if (rng.chance(0.2)) return 0;
  return Math.min(600, Math.max(1, Math.floor(Math.exp(2.6 + 1.2 * rng.normal()))));
}

function makeReporters(rng: Rng, publisher: Publisher): { name: string; email: string }[] {
  const out: { name: string; email: string }[] = [];
  const n = rng.int(4, 8);
  for (let i = 0; i < n; i++) {
    const [surname, surnameLatin] = rng.pick(SURNAMES);
    const [g1, g1Latin] = rng.pick(GIVEN_SYLLABLES);
    const [g2, g2Latin] = rng.pick(GIVEN_SYLLABLES);
    out.push({ name: `${surname}${g1}${g2}`, email: `${g1Latin}${g2Latin}.${surnameLatin}@${publisher.domain}` });
  }
  return out;
}

function originalLink(publisher: Publisher, idxno: number, publishedAt: number, section: Section): string {
  const base = `https://${publisher.domain}`;
  const p = kstParts(publishedAt);
  const ymd = `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
  switch (publisher.urlStyle) {
    case 'idxno':
      return `${base}/news/articleView.html?idxno=${idxno}`;
    case 'dated':
      return `${base}/view/AKR${ymd}${String(idxno).padStart(7, '0')}`;
    case 'view':
      return `${base}/news/${ymd}/${idxno}`;
    case 'section':
      return `${base}/${section.sid}/${p.year}/${String(p.month).padStart(2, '0')}/${String(p.day).padStart(2, '0')}/${idxno}.html`;
  }
}

/** The number of days between two KST days (b - a). */
export function dayDistance(a: string, b: string): number {
  return Math.round((kstDayStart(b) - kstDayStart(a)) / DAY_MS);
}
