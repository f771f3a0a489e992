// Insights on collected data for a job or a filter: articles per day per keyword, top publishers,
// most-commented articles, comments by hour after publication, likes against dislikes. Each chart has
// its numbers as a table and a CSV download.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { qs } from './api.js';
import { DateInput, withDays } from './date-input.js';
import { formatDay } from './dates.js';
import { seoulToday } from './format.js';
import { lang, t } from './i18n.js';
import { Card, DataTable, Err, usePoll } from './ui.js';
import type { Filters } from './data.js';
import { JobPicker } from './job-picker.js';

interface Insights {
  articles_per_day: { day: string; keyword: string; articles: number }[];
  top_publishers: { publisher: string; articles: number; comments: number }[];
  most_commented: { id: number; title: string; publisher: string | null; published_at: string | null; comments: number }[];
  comments_by_hour: { hour: number; comments: number }[];
  likes_dislikes: { id: number; article_id: number; likes: number; dislikes: number }[];
}

const COLORS = ['#1f5fbf', '#c0392b', '#1e8449', '#8e44ad', '#b9770e', '#117a8b', '#6c3483', '#7b241c'];

function Chart({ opts, data, label }: { opts: Omit<Options, 'width' | 'height'>; data: AlignedData; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = Math.max(280, Math.min(Math.floor(el.getBoundingClientRect().width) - 4 || 600, 900));
    const plot = new uPlot({ ...opts, width, height: 260 }, data, el);
    return () => plot.destroy();
  }, [opts, data]);
  return (
    <figure role="img" aria-label={label} class="chart">
      <div ref={ref} />
    </figure>
  );
}

const bars = () => uPlot.paths.bars!({ size: [0.7, 60] });
const sec = (day: string) => Date.parse(`${day}T00:00:00+09:00`) / 1000;

export function InsightsPage({ job }: { job?: string | undefined }) {
  const empty: Filters = { job: job ?? '', keyword: '', publisher: '', from: '', to: '', q: '' };
  const [draft, setDraft] = useState(empty);
  const [filters, setFilters] = useState(empty);
  const [dayError, setDayError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(empty);
    setFilters(empty);
  }, [job]);
  const apply = (next: Filters) => {
    const read = withDays(next);
    if ('error' in read) return setDayError(read.error);
    setDayError(null);
    setFilters(read.value);
  };
  const { q: _q, ...f } = filters;
  const res = usePoll<Insights>(`/v1/insights${qs({ ...f, top: 10 })}`, 0);
  const d = res.data;
  const charts = d ? build(d) : null;
  return (
    <>
      <h1>{t('insights')}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <JobPicker
          id="insights-job"
          value={draft.job}
          onChange={(job) => {
            const next = { ...draft, job };
            setDraft(next);
            apply(next);
          }}
        />
        {(['keyword', 'publisher', 'from', 'to'] as const).map((k) => (
          <label>
            {t(k)}{' '}
            {k === 'from' || k === 'to' ? (
              <DateInput
                id={`insights-${k}`}
                name={k}
                value={draft[k]}
                onChange={(v) => setDraft({ ...draft, [k]: v })}
                placeholder={formatDay(seoulToday(), lang())}
              />
            ) : (
              <input name={k} type="text" value={draft[k]} onInput={(e) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value })} />
            )}
          </label>
        ))}
        <button type="submit">{t('apply')}</button>
      </form>
      <Err text={dayError ?? res.error} />
      {!d ? (
        <p>{t('loading')}</p>
      ) : (
        <div class="insights">
          <Card title={t('perDay')} id="i-perday">
            <Chart label={t('perDay')} opts={charts!.perDay.opts} data={charts!.perDay.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="articles-per-day"
                caption={t('perDay')}
                rows={d.articles_per_day}
                columns={[
                  ['day', t('day')],
                  ['keyword', t('keyword')],
                  ['articles', t('articles')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('topPublishers')} id="i-pub">
            <Chart label={t('topPublishers')} opts={charts!.publishers.opts} data={charts!.publishers.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="top-publishers"
                caption={t('topPublishers')}
                rows={d.top_publishers}
                columns={[
                  ['publisher', t('publisher')],
                  ['articles', t('articles')],
                  ['comments', t('comments')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('mostCommented')} id="i-most">
            <DataTable
              name="most-commented"
              caption={t('mostCommented')}
              rows={d.most_commented}
              columns={[
                ['title', t('title')],
                ['publisher', t('publisher')],
                ['published_at', t('published')],
                ['comments', t('comments')],
              ]}
            />
          </Card>
          <Card title={t('byHour')} id="i-hour">
            <Chart label={t('byHour')} opts={charts!.hours.opts} data={charts!.hours.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="comments-by-hour"
                caption={t('byHour')}
                rows={d.comments_by_hour}
                columns={[
                  ['hour', t('hour')],
                  ['comments', t('comments')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('likesDislikes')} id="i-likes">
            <Chart label={t('likesDislikes')} opts={charts!.likes.opts} data={charts!.likes.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="likes-dislikes"
                caption={t('likesDislikes')}
                rows={d.likes_dislikes}
                columns={[
                  ['id', 'ID'],
                  ['article_id', t('article')],
                  ['likes', t('likes')],
                  ['dislikes', t('dislikes')],
                ]}
              />
            </details>
          </Card>
        </div>
      )}
    </>
  );
}

function build(d: Insights) {
  const days = [...new Set(d.articles_per_day.map((r) => r.day))].sort();
  const keywords = [...new Set(d.articles_per_day.map((r) => r.keyword))].sort();
  const perDayData: AlignedData = [
    days.map(sec),
    ...keywords.map((k) => days.map((day) => d.articles_per_day.find((r) => r.day === day && r.keyword === k)?.articles ?? 0)),
  ];
  const perDay = {
    data: perDayData,
    opts: {
      scales: {
        x: days.length ? { time: true, auto: false, range: [sec(days[0]!) - 86_400, sec(days[days.length - 1]!) + 86_400] } : { time: true },
      },
      series: [{}, ...keywords.map((k, i) => ({ label: k, stroke: COLORS[i % COLORS.length], width: 2, points: { show: true } }))],
      tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Seoul'),
    } as Omit<Options, 'width' | 'height'>,
  };
  const pubs = d.top_publishers;
  const publishers = {
    data: [pubs.map((_, i) => i), pubs.map((p) => p.articles)] as AlignedData,
    opts: {
      scales: { x: { time: false } },
      axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((i) => pubs[i]?.publisher ?? '') }, {}],
      series: [{}, { label: t('articles'), fill: '#1f5fbf99', stroke: '#1f5fbf', paths: bars() }],
    } as Omit<Options, 'width' | 'height'>,
  };
  const hours = {
    data: [d.comments_by_hour.map((h) => h.hour), d.comments_by_hour.map((h) => h.comments)] as AlignedData,
    opts: {
      scales: { x: { time: false } },
      series: [{ label: t('hour') }, { label: t('comments'), fill: '#1e844999', stroke: '#1e8449', paths: bars() }],
    } as Omit<Options, 'width' | 'height'>,
  };
  const ld = [...d.likes_dislikes].sort((a, b) => a.likes - b.likes);
  const likes = {
    data: [ld.map((r) => r.likes), ld.map((r) => r.dislikes)] as AlignedData,
    opts: {
      mode: 1,
      scales: { x: { time: false } },
      series: [
        { label: t('likes') },
        { label: t('dislikes'), stroke: '#c0392b', paths: () => null, points: { show: true, size: 6, fill: '#c0392b' } },
      ],
    } as Omit<Options, 'width' | 'height'>,
  };
  return { perDay, publishers, hours, likes };
}
