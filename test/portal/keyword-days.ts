// Every keyword-day of the corpus as the search shows it now: how many articles, portal articles and
// comments it has, and whether its results show relative or absolute dates.
import { countComments, type CommentStore } from './comments.js';
import type { Corpus } from './corpus.js';
import { kstDay, searchDateText } from './kst.js';
import { matches } from './search.js';

export interface KeywordDay {
  query: string;
  date: string;
  articles: number;
  portal_articles: number;
  /** Comments and replies of the day's portal articles (deleted included). */
  comments: number;
  /** Of those, the replies and the deleted ones. */
  replies: number;
  deleted: number;
  /** What the day's results show as their date now: all relative ("3시간 전"), all absolute, or both. */
  dates: 'relative' | 'absolute' | 'mixed';
}

/** Every keyword-day of the articles published by now, latest day first. */
export function keywordDays(ctx: { corpus: Corpus; store: CommentStore; now: number }): KeywordDay[] {
  const { corpus, now } = ctx;
  const days = new Map<string, KeywordDay & { rel: number }>();
  for (const a of corpus.articles) {
    if (a.publishedAt > now) break;
    const date = kstDay(a.publishedAt);
    const counts = a.portal ? countComments(ctx.store.visible(a, now)) : { total: 0, replies: 0, deleted: 0 };
    const relative = searchDateText(a.publishedAt, now).endsWith('전');
    for (const keyword of corpus.keywords) {
      if (!matches(a, [keyword])) continue;
      const key = `${keyword}|${date}`;
      let kd = days.get(key);
      if (!kd)
        days.set(
          key,
          (kd = { query: keyword, date, articles: 0, portal_articles: 0, comments: 0, replies: 0, deleted: 0, dates: 'absolute', rel: 0 }),
        );
      kd.articles++;
      if (a.portal) kd.portal_articles++;
      kd.comments += counts.total;
      kd.replies += counts.replies;
      kd.deleted += counts.deleted;
      if (relative) kd.rel++;
    }
  }
  return [...days.values()]
    .map(({ rel, ...d }) => ({ ...d, dates: rel === 0 ? 'absolute' : rel === d.articles ? 'relative' : 'mixed' }) as KeywordDay)
    .sort((a, b) => b.date.localeCompare(a.date) || a.query.localeCompare(b.query));
}
