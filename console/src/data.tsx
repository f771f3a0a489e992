// Collected data: articles with filters and keyset paging, an article's comments as threads (replies
// under their parent, deleted ones marked), and downloads of exactly what is filtered. Titles and
// comment text are rendered as text nodes, never as markup.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { download, get, qs } from './api.js';
import { DateInput, withDays } from './date-input.js';
import { formatDay } from './dates.js';
import { num, seoulToday, time, timeAt } from './format.js';
import type { Precision } from './times.js';
import { lang, t } from './i18n.js';
import { JobPicker } from './job-picker.js';
import { readingOrder, threads, type Comment, type Thread, type ThreadOrder } from './threads.js';
import { Err, usePoll, type Session } from './ui.js';
import { useVirtualList } from './virtual.js';

export interface Article {
  id: number;
  title: string;
  publisher: string | null;
  published_at: string | null;
  portal_url: string | null;
  original_url: string | null;
  section: string | null;
  /** Absent from a gateway that predates them: the time is then taken as exact, the count as unknown. */
  published_precision?: Precision | null;
  comment_count?: number;
  comments_read_at?: string | null;
}
type Sort = '-published_at' | 'published_at' | '-comments' | 'comments';

export interface Filters {
  job: string;
  keyword: string;
  publisher: string;
  from: string;
  to: string;
  q: string;
}

export function DataPage({ session, job }: { session: Session; job?: string | undefined }) {
  const empty: Filters = { job: job ?? '', keyword: '', publisher: '', from: '', to: '', q: '' };
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [cursors, setCursors] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort>('-published_at');
  const [headers, setHeaders] = useState<'en' | 'ko'>(lang());
  const [open, setOpen] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(empty);
    setFilters(empty);
    setCursors([]);
  }, [job]);
  const cursor = cursors[cursors.length - 1];
  const page = usePoll<{ data: Article[]; next_cursor: string | null; total?: number }>(
    `/data/metadata${qs({ ...filters, sort, limit: 50, cursor, count: true })}`,
    0,
  );
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const apply = (next: Filters) => {
    const read = withDays(next);
    if ('error' in read) return setError(read.error);
    setError(null);
    setFilters(read.value);
    setCursors([]);
  };
  const dl = (set: 'metadata' | 'comments', format: string) =>
    download(`/data/${set}/download${qs({ ...filters, format, headers })}`).catch((e: Error) => setError(e.message));
  // A column header sorts by it: first the largest (newest), then the smallest; the active one is marked.
  const sortBy = (key: 'published_at' | 'comments') => {
    setSort(sort === `-${key}` ? key : `-${key}`);
    setCursors([]);
  };
  const ariaSort = (key: string) => (sort === `-${key}` ? 'descending' : sort === key ? 'ascending' : undefined);
  const arrow = (key: string) => (sort === `-${key}` ? ' ↓' : sort === key ? ' ↑' : '');
  void session;
  return (
    <>
      <h1>{t('data')}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <JobPicker
          id="data-job"
          value={draft.job}
          onChange={(job) => {
            const next = { ...draft, job };
            setDraft(next);
            apply(next);
          }}
        />
        {(['keyword', 'publisher', 'from', 'to', 'q'] as const).map((k) => (
          <label>
            {k === 'q' ? t('text') : t(k)}{' '}
            {k === 'from' || k === 'to' ? (
              <DateInput
                id={`data-${k}`}
                name={k}
                value={draft[k]}
                onChange={(v) => setDraft({ ...draft, [k]: v })}
                placeholder={formatDay(seoulToday(), lang())}
              />
            ) : (
              <input name={k} type="text" value={draft[k]} onInput={set(k)} />
            )}
          </label>
        ))}
        <button type="submit">{t('apply')}</button>
      </form>
      <div class="actions" role="group" aria-label={t('download')}>
        {(['xlsx', 'csv', 'ndjson', 'json'] as const).map((f) => (
          <button type="button" class="secondary" data-download={`metadata-${f}`} onClick={() => dl('metadata', f)}>
            {t('articles')} {f === 'xlsx' ? 'Excel' : f.toUpperCase()}
          </button>
        ))}
        {(['xlsx', 'csv', 'ndjson', 'json'] as const).map((f) => (
          <button type="button" class="secondary" data-download={`comments-${f}`} onClick={() => dl('comments', f)}>
            {t('comments')} {f === 'xlsx' ? 'Excel' : f.toUpperCase()}
          </button>
        ))}
        <label class="inline">
          {t('headerLanguage')}{' '}
          <select value={headers} data-testid="download-headers" onChange={(e) => setHeaders((e.target as HTMLSelectElement).value as 'en' | 'ko')}>
            <option value="ko">{t('headersKo')}</option>
            <option value="en">{t('headersEn')}</option>
          </select>
        </label>
      </div>
      <Err text={error ?? page.error} />
      <p>
        {t('total')}: <span data-testid="articles-count">{num(page.data?.total)}</span>
      </p>
      <div class="table-wrap">
        <table class="articles">
          <caption class="sr-only">{t('articles')}</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort('published_at')}>
                <button type="button" class="sort" data-sort="published_at" onClick={() => sortBy('published_at')}>
                  {t('published')}
                  {arrow('published_at')}
                </button>
              </th>
              <th scope="col">{t('publisher')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col" aria-sort={ariaSort('comments')}>
                <button type="button" class="sort" data-sort="comments" onClick={() => sortBy('comments')}>
                  {t('comments')}
                  {arrow('comments')}
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.data ?? []).map((a) => (
              <tr data-article-id={a.id}>
                <td data-precision={a.published_precision ?? undefined}>{timeAt(a.published_at, a.published_precision)}</td>
                <td>{a.publisher ?? '—'}</td>
                <td>
                  {a.portal_url ? (
                    <a href={a.portal_url} target="_blank" rel="noopener noreferrer" class="title">
                      {a.title}
                    </a>
                  ) : (
                    <span class="title">{a.title}</span>
                  )}
                </td>
                <td class="num" data-comment-count={a.comment_count ?? ''}>
                  <button type="button" class="secondary" onClick={() => setOpen(a)} data-thread={a.id}>
                    {a.comment_count === undefined
                      ? t('thread')
                      : a.comment_count === 0 && !a.comments_read_at
                        ? t('notCollected')
                        : `${t('comments')} ${num(a.comment_count)}`}
                    <span class="sr-only"> {a.title}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button type="button" class="secondary" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('prev')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!page.data?.next_cursor}
          onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}
        >
          {t('next')}
        </button>
      </div>
      {open ? (
        <Thread
          article={open}
          headers={headers}
          onClose={() => {
            const id = open.id;
            setOpen(null);
            document.querySelector<HTMLElement>(`[data-thread="${id}"]`)?.focus();
          }}
        />
      ) : null}
    </>
  );
}

/** One article's thread on a page of its own (#/article/<id>), as the insights' most-commented list links it. */
export function ArticlePage({ id }: { id: string }) {
  const res = usePoll<{ data: Article[] }>(`/data/metadata${qs({ article: id, limit: 1 })}`, 0);
  const a = res.data?.data[0];
  const [headers] = useState<'en' | 'ko'>(lang());
  if (!a)
    return (
      <>
        <h1>{t('articlePage')}</h1>
        <Err text={res.error} />
        {res.data ? <p>{t('noData')}</p> : <p>{t('loading')}</p>}
      </>
    );
  return (
    <>
      <h1 class="title">{a.title}</h1>
      <p>
        {a.publisher ?? '—'} · {timeAt(a.published_at, a.published_precision)}
        {a.portal_url ? (
          <>
            {' '}
            ·{' '}
            <a href={a.portal_url} target="_blank" rel="noopener noreferrer">
              {t('original')}
            </a>
          </>
        ) : null}
      </p>
      <Thread article={a} headers={headers} onClose={() => history.back()} />
    </>
  );
}

function CommentView({ c, tabbable, onFocus }: { c: Comment; tabbable: boolean; onFocus: () => void }) {
  return (
    <article
      class={`comment${c.is_deleted ? ' deleted' : ''}`}
      data-comment-no={c.comment_no}
      data-likes={c.likes}
      tabIndex={tabbable ? 0 : -1}
      onFocus={onFocus}
    >
      <header>
        <b>{c.author ?? '—'}</b> <time>{time(c.written_at)}</time>{' '}
        <span class="likes">
          {t('likes')} {num(c.likes)} · {t('dislikes')} {num(c.dislikes)}
        </span>
        {c.is_deleted ? <span class="badge s-cancelled">{t('deleted')}</span> : null}
      </header>
      <p class="text">{c.text ?? ''}</p>
    </article>
  );
}

/** Runs fn when the browser is idle (soon, where it cannot say); returns the cancel. */
function whenIdle(fn: () => void): () => void {
  if ('requestIdleCallback' in window) {
    const id = requestIdleCallback(fn, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 100);
  return () => clearTimeout(id);
}

// The first page is small so the first comments are drawn at once; the rest come 1,000 a request.
const FIRST_PAGE = 100;
const NEXT_PAGES = 1000;
const KEY_STEPS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity };

/** The comments whose text or author holds the query (case and spacing aside); all of them for an empty one. */
export function matching(list: Comment[], query: string): Comment[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return list;
  return list.filter((c) => (c.text ?? '').toLocaleLowerCase().includes(q) || (c.author ?? '').toLocaleLowerCase().includes(q));
}

function Thread({ article, onClose, headers }: { article: Article; onClose: () => void; headers: 'en' | 'ko' }) {
  const [query, setQuery] = useState('');
  const [list, setList] = useState<Comment[] | null>(null);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [by, setBy] = useState<ThreadOrder>('time');
  useEffect(() => {
    let all: Comment[] = [];
    let stop = false;
    setList(null);
    setComplete(false);
    const load = async (cursor?: string) => {
      const p = await get<{ data: Comment[]; next_cursor: string | null }>(
        `/data/comments${qs({ article: article.id, sort: 'written_at', limit: cursor ? NEXT_PAGES : FIRST_PAGE, cursor })}`,
      );
      if (stop) return;
      all = [...all, ...p.data];
      setList(all);
      if (p.next_cursor && p.data.length) await load(p.next_cursor);
      else setComplete(true);
    };
    load().catch((e: Error) => setError(e.message));
    return () => {
      stop = true;
    };
  }, [article.id]);
  // Each order is sorted once in memory per set of comments (the time it takes is left for the browser
  // suite to read: performance entries "console-thread-sort"). Once every comment is loaded, the other
  // order is sorted while the browser is idle, so choosing it only redraws the rows in view.
  const sorted = useRef<{ list: Comment[] | null; orders: Map<ThreadOrder, Thread[]> }>({ list: null, orders: new Map() });
  const sortedAs = (l: Comment[] | null, order: ThreadOrder): Thread[] => {
    if (sorted.current.list !== l) sorted.current = { list: l, orders: new Map() };
    let out = sorted.current.orders.get(order);
    if (!out) {
      const started = performance.now();
      out = threads(l ?? [], order);
      performance.measure('console-thread-sort', { start: started, detail: { comments: l?.length ?? 0, by: order } });
      sorted.current.orders.set(order, out);
    }
    return out;
  };
  const shownList = useMemo(() => (list ? matching(list, query) : null), [list, query]);
  const nodes = sortedAs(shownList, by);
  useEffect(() => {
    if (!complete) return;
    return whenIdle(() => void sortedAs(shownList, by === 'time' ? 'likes' : 'time'));
  }, [complete, shownList]);
  const order = useMemo(() => readingOrder(nodes), [nodes]);
  const place = useMemo(() => new Map(order.map((o, i) => [o.no, i])), [order]);
  const scroller = useRef<HTMLDivElement>(null);
  // Stable per order, so the list recomputes its rows' positions only when the threads change.
  const estimate = useCallback((i: number) => 74 + (nodes[i]?.replies.length ?? 0) * 66, [nodes]);
  const key = useCallback((i: number) => nodes[i]?.c.comment_no ?? i, [nodes]);
  const v = useVirtualList({ count: nodes.length, scroller: () => scroller.current, estimate, key });
  useEffect(() => {
    v.scrollToOffset(0);
  }, [by]);
  // One comment is the list's tab stop (the last one focused, else the first drawn); the arrow keys,
  // Page Up/Down, Home and End move between comments, bringing rows into the DOM as they go.
  const [active, setActive] = useState<number | null>(null);
  const focusNext = useRef<number | null>(null);
  useEffect(() => {
    const no = focusNext.current;
    if (no === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-comment-no="${no}"]`);
    if (el) {
      focusNext.current = null;
      el.focus();
    }
  });
  const onKeyDown = (e: KeyboardEvent) => {
    const step = KEY_STEPS[e.key];
    const from = (e.target as HTMLElement).closest<HTMLElement>('[data-comment-no]');
    if (step === undefined || !from) return;
    e.preventDefault();
    const i = place.get(Number(from.dataset.commentNo)) ?? 0;
    const to = order[Math.max(0, Math.min(order.length - 1, i + step))];
    if (!to || to.no === Number(from.dataset.commentNo)) return;
    setActive(to.no);
    const drawn = scroller.current?.querySelector<HTMLElement>(`[data-comment-no="${to.no}"]`);
    if (drawn) return drawn.focus();
    // Not drawn yet: scroll its thread into the window, and focus it once it is drawn.
    focusNext.current = to.no;
    v.scrollToIndex(to.thread, { align: 'auto' });
  };
  // Opening a thread takes the keyboard's focus to it; Escape closes it and focus returns to its button.
  useEffect(() => document.getElementById('thread-title')?.focus(), [article.id]);
  const items = v.getVirtualItems();
  const holds = (n: (typeof nodes)[number], no: number | null) => n.c.comment_no === no || n.replies.some((r) => r.comment_no === no);
  const tabStop = items.some((it) => holds(nodes[it.index]!, active)) ? active : (nodes[items[0]?.index ?? -1]?.c.comment_no ?? null);
  const view = (c: Comment) => <CommentView c={c} tabbable={c.comment_no === tabStop} onFocus={() => setActive(c.comment_no)} />;
  return (
    <section
      class="card thread"
      aria-labelledby="thread-title"
      data-testid="thread"
      data-loaded={list?.length ?? 0}
      data-complete={complete ? 'true' : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="thread-title" tabIndex={-1}>
        {t('thread')}: <span class="title">{article.title}</span>
      </h2>
      <p>
        <button type="button" class="secondary" aria-pressed={by === 'time'} onClick={() => setBy('time')}>
          {t('sortTime')}
        </button>{' '}
        <button type="button" class="secondary" aria-pressed={by === 'likes'} onClick={() => setBy('likes')}>
          {t('sortLikes')}
        </button>{' '}
        <button
          type="button"
          class="secondary"
          data-action="thread-download"
          onClick={() =>
            void download(`/data/comments/download${qs({ article: article.id, format: 'xlsx', headers })}`).catch((e: Error) => setError(e.message))
          }
        >
          {t('threadDownload')}
        </button>{' '}
        <button type="button" class="secondary" data-action="thread-close" onClick={onClose}>
          {t('close')}
        </button>{' '}
        <span aria-live="polite" data-testid="thread-count">
          {list
            ? `${t('comments')} ${num(list.length)}${complete ? '' : ` (${t('loadingMore')})`}${query.trim() && shownList ? ` · ${t('found')} ${num(shownList.length)}` : ''}`
            : t('loading')}
        </span>
      </p>
      <label class="inline search">
        {t('searchComments')}{' '}
        <input type="search" data-testid="comment-search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      </label>
      {complete && list && list.length === 0 ? (
        <p class="notice" data-testid="no-comments">
          {article.comments_read_at ? `${t('noCommentsThen')} (${t('lastRead')} ${time(article.comments_read_at)})` : t('commentsNotCollected')}
        </p>
      ) : null}
      <p class="hint" id="thread-keys">
        {t('threadKeys')}
      </p>
      <Err text={error} />
      <div class="thread-scroll" ref={scroller} onKeyDown={onKeyDown}>
        <ol class="threads" style={{ height: `${v.getTotalSize()}px` }} aria-label={t('thread')} aria-describedby="thread-keys">
          {items.map((it) => {
            const n = nodes[it.index]!;
            return (
              <li
                key={it.key}
                data-index={it.index}
                ref={v.measureElement}
                style={{ transform: `translateY(${it.start}px)` }}
                aria-posinset={it.index + 1}
                aria-setsize={nodes.length}
              >
                {view(n.c)}
                {n.replies.length ? (
                  <ol class="replies" aria-label={`${t('replies')} ${n.replies.length}`}>
                    {n.replies.map((r) => (
                      <li>{view(r)}</li>
                    ))}
                  </ol>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
