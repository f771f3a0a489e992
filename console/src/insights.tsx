// Insights on collected data for a job or a filter: articles per day per keyword (gaps where nothing
// was collected), top publishers, comments by hour of the day and by day, the most-commented articles
// linked to their threads, comments by hour after publication, likes against dislikes. Every chart is
// drawn by uPlot on a category axis labelled the language's way in Asia/Seoul, counts from zero, legends
// with real names, and has its numbers as a table with a CSV download.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { qs } from './api.js';
import { byDay, byHourOfDay, dayLabel, hourLabel, perDay, zeroBased } from './chart-data.js';
import { DateInput, withDays } from './date-input.js';
import { formatDay } from './dates.js';
import { num, seoulToday, timeAt } from './format.js';
import { lang, t } from './i18n.js';
import { Card, DataTable, Err, usePoll } from './ui.js';
import type { Filters } from './data.js';
import { JobPicker } from './job-picker.js';
import type { Precision } from './times.js';

interface Insights {
  articles_per_day: { day: string; keyword: string; articles: number }[];
  /** Absent from a gateway that predates it: then only days with articles have values. */
  collected_days?: { keyword: string; from: string; to: string }[];
  top_publishers: { publisher: string; articles: number; comments: number }[];
  most_commented: {
    id: number;
    title: string;
    publisher: string | null;
    published_at: string | null;
    published_precision?: Precision | null;
    comments: number;
  }[];
  comments_by_hour: { hour: number; comments: number }[];
  comments_by_hour_of_day?: { hour: number; comments: number }[];
  comments_by_day?: { day: string; comments: number }[];
  likes_dislikes: { id: number; article_id: number; likes: number; dislikes: number }[];
}

const COLORS = ['#1f5fbf', '#c0392b', '#1e8449', '#8e44ad', '#b9770e', '#117a8b', '#6c3483', '#7b241c'];
type ChartOpts = Omit<Options, 'width' | 'height'>;

function Chart({ opts, data, label, testid }: { opts: ChartOpts; data: AlignedData; label: string; testid: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = Math.max(280, Math.min(Math.floor(el.getBoundingClientRect().width) - 4 || 600, 900));
    // The scales as drawn, for whoever checks the chart (the browser suite): counts start at zero.
    const drawn = (u: uPlot) => void (el.dataset.yMin = String(u.scales.y?.min ?? ''));
    const plot = new uPlot(
      { ...opts, width, height: 260, hooks: { ...opts.hooks, setScale: [...(opts.hooks?.setScale ?? []), drawn], ready: [drawn] } },
      data,
      el,
    );
    return () => plot.destroy();
  }, [opts, data]);
  return (
    <figure role="img" aria-label={label} class="chart" data-chart={testid}>
      <div ref={ref} />
    </figure>
  );
}

const bars = () => uPlot.paths.bars!({ size: [0.7, 60] });
const count = (v: number | null | undefined) => (v === null || v === undefined ? '—' : num(v));

/**
 * A chart over categories 0..n-1 (days, hours, publishers), labelled by `label`, with counts from zero.
 * The legend's first entry names the category (never "Time"), and a missing value reads as what it is.
 */
function categoryChart(
  labels: string[],
  xName: string,
  series: { name: string; values: (number | null)[]; color: string; bar?: boolean }[],
  missing: string,
): { data: AlignedData; opts: ChartOpts } {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return {
    data: [labels.map((_, i) => i), ...series.map((s) => s.values)],
    opts: {
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: () => zeroBased(max) } },
      axes: [
        {
          values: (_u: uPlot, ticks: number[]) => ticks.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')),
          incrs: [1, 2, 3, 4, 6, 7, 12, 14, 30, 60],
        },
        {
          values: (_u: uPlot, ticks: number[]) => ticks.map((v) => (Number.isInteger(v) ? num(v) : '')),
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
        },
      ],
      series: [
        { label: xName, value: (_u: uPlot, i: number | null) => (i === null ? '—' : (labels[i] ?? '—')) },
        ...series.map((s) => ({
          label: s.name,
          stroke: s.color,
          width: 2,
          ...(s.bar ? { fill: `${s.color}99`, paths: bars() } : { points: { show: true } }),
          // A gap is drawn as a gap: no line across a day nothing was collected on.
          spanGaps: false,
          // No day under the cursor reads "—"; a day under it without a value reads as not collected.
          value: (_u: uPlot, v: number | null, _s: number, idx: number | null) =>
            idx === null ? '—' : v === null || v === undefined ? missing : num(v),
        })),
      ],
    },
  };
}

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
  const c = d ? build(d) : null;
  const l = lang();
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
                placeholder={formatDay(seoulToday(), l)}
              />
            ) : (
              <input name={k} type="text" value={draft[k]} onInput={(e) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value })} />
            )}
          </label>
        ))}
        <button type="submit">{t('apply')}</button>
      </form>
      <p class="hint">{t('chartsNote')}</p>
      <Err text={dayError ?? res.error} />
      {!d || !c ? (
        <p>{t('loading')}</p>
      ) : (
        <div class="insights">
          <Card title={t('perDay')} id="i-perday">
            <Chart testid="per-day" label={t('perDay')} opts={c.perDay.opts} data={c.perDay.data} />
            <p class="hint">{t('gapsNote')}</p>
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="articles-per-day"
                caption={t('perDay')}
                rows={c.perDayRows}
                columns={[
                  ['day', t('day')],
                  ['keyword', t('keyword')],
                  ['articles', t('articles')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('topPublishers')} id="i-pub">
            <Chart testid="publishers" label={t('topPublishers')} opts={c.publishers.opts} data={c.publishers.data} />
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
          <Card title={t('byHourOfDay')} id="i-hourofday">
            <Chart testid="hour-of-day" label={t('byHourOfDay')} opts={c.hourOfDay.opts} data={c.hourOfDay.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="comments-by-hour-of-day"
                caption={t('byHourOfDay')}
                rows={c.hourOfDayRows}
                columns={[
                  ['hour', t('hourOfDay')],
                  ['comments', t('comments')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('byDay')} id="i-byday">
            <Chart testid="by-day" label={t('byDay')} opts={c.byDay.opts} data={c.byDay.data} />
            <details>
              <summary>{t('table')}</summary>
              <DataTable
                name="comments-by-day"
                caption={t('byDay')}
                rows={c.byDayRows}
                columns={[
                  ['day', t('day')],
                  ['comments', t('comments')],
                ]}
              />
            </details>
          </Card>
          <Card title={t('mostCommented')} id="i-most">
            <div class="table-wrap">
              <table data-testid="most-commented">
                <caption class="sr-only">{t('mostCommented')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('title')}</th>
                    <th scope="col">{t('publisher')}</th>
                    <th scope="col">{t('published')}</th>
                    <th scope="col" class="num">
                      {t('comments')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.most_commented.length === 0 ? (
                    <tr>
                      <td colSpan={4}>{t('noData')}</td>
                    </tr>
                  ) : (
                    d.most_commented.map((a) => (
                      <tr>
                        <td>
                          <a href={`#/article/${a.id}`} data-article-link={a.id}>
                            {a.title}
                          </a>
                        </td>
                        <td>{a.publisher ?? '—'}</td>
                        <td>{timeAt(a.published_at, a.published_precision)}</td>
                        <td class="num">{num(a.comments)}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            <DataTable
              name="most-commented"
              caption={t('mostCommented')}
              hidden
              rows={d.most_commented.map((a) => ({ ...a, published_at: timeAt(a.published_at, a.published_precision) }))}
              columns={[
                ['id', 'ID'],
                ['title', t('title')],
                ['publisher', t('publisher')],
                ['published_at', t('published')],
                ['comments', t('comments')],
              ]}
            />
          </Card>
          <Card title={t('byHour')} id="i-hour">
            <Chart testid="after-publication" label={t('byHour')} opts={c.hours.opts} data={c.hours.data} />
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
            <Chart testid="likes" label={t('likesDislikes')} opts={c.likes.opts} data={c.likes.data} />
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
  const l = lang();
  const pd = perDay(d.articles_per_day, d.collected_days ?? []);
  const perDayChart = categoryChart(
    pd.days.map((day) => dayLabel(day, l)),
    t('day'),
    pd.series.map((s, i) => ({ name: s.keyword || t('noKeyword'), values: s.values, color: COLORS[i % COLORS.length]! })),
    t('notCollectedDay'),
  );
  // The table says which days were not collected rather than leaving them out.
  const perDayRows = pd.days.flatMap((day, i) =>
    pd.series.map((s) => ({ day: formatDay(day, l), keyword: s.keyword || t('noKeyword'), articles: s.values[i] ?? t('notCollectedDay') })),
  );
  const pubs = d.top_publishers;
  const publishers = categoryChart(
    pubs.map((p) => p.publisher || '—'),
    t('publisher'),
    [{ name: t('articles'), values: pubs.map((p) => p.articles), color: '#1f5fbf', bar: true }],
    '—',
  );
  const hod = byHourOfDay(d.comments_by_hour_of_day ?? []);
  const hourOfDay = categoryChart(
    hod.map((_, h) => hourLabel(h, l)),
    t('hourOfDay'),
    [{ name: t('comments'), values: hod, color: '#1e8449', bar: true }],
    '—',
  );
  const bd = byDay(d.comments_by_day ?? []);
  const byDayChart = categoryChart(
    bd.days.map((day) => dayLabel(day, l)),
    t('day'),
    [{ name: t('comments'), values: bd.values, color: '#117a8b', bar: true }],
    '—',
  );
  const after = d.comments_by_hour;
  const hours = categoryChart(
    after.map((h) => (l === 'ko' ? `${h.hour}시간${h.hour === 72 ? '+' : ''}` : `${h.hour}h${h.hour === 72 ? '+' : ''}`)),
    t('hour'),
    [{ name: t('comments'), values: after.map((h) => h.comments), color: '#8e44ad', bar: true }],
    '—',
  );
  const ld = [...d.likes_dislikes].sort((a, b) => a.likes - b.likes);
  const maxLikes = Math.max(0, ...ld.map((r) => r.likes));
  const maxDislikes = Math.max(0, ...ld.map((r) => r.dislikes));
  const likes = {
    data: [ld.map((r) => r.likes), ld.map((r) => r.dislikes)] as AlignedData,
    opts: {
      mode: 1,
      scales: { x: { time: false, range: () => zeroBased(maxLikes) }, y: { range: () => zeroBased(maxDislikes) } },
      axes: [
        { label: t('likes'), values: (_u: uPlot, ticks: number[]) => ticks.map((v) => num(v)) },
        { label: t('dislikes'), values: (_u: uPlot, ticks: number[]) => ticks.map((v) => num(v)) },
      ],
      series: [
        { label: t('likes'), value: (_u: uPlot, v: number | null) => count(v) },
        {
          label: t('dislikes'),
          stroke: '#c0392b',
          paths: () => null,
          points: { show: true, size: 6, fill: '#c0392b' },
          value: (_u: uPlot, v: number | null) => count(v),
        },
      ],
    } as ChartOpts,
  };
  return {
    perDay: perDayChart,
    perDayRows,
    publishers,
    hourOfDay,
    hourOfDayRows: hod.map((comments, h) => ({ hour: hourLabel(h, l), comments })),
    byDay: byDayChart,
    byDayRows: bd.days.map((day, i) => ({ day: formatDay(day, l), comments: bd.values[i] })),
    hours,
    likes,
  };
}
