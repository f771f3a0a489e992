// Collected data: articles with filters and keyset paging, an article's comments as threads (replies
// under their parent, deleted ones marked), and downloads of exactly what is filtered. Titles and
// comment text are rendered as text nodes, never as markup.
import { useEffect, useState } from 'preact/hooks';
import { download, get, qs } from './api.js';
import { num, time } from './format.js';
import { t } from './i18n.js';
import { JobPicker } from './job-picker.js';
import { Err, usePoll, type Session } from './ui.js';

interface Article { id: number; title: string; publisher: string | null; published_at: string | null; portal_url: string | null; original_url: string | null; section: string | null }
interface Comment { id: number; comment_no: number; parent_comment_no: number | null; author: string | null; text: string | null; written_at: string | null; likes: number; dislikes: number; reply_count: number; is_reply: boolean; is_deleted: boolean }

export interface Filters { job: string; keyword: string; publisher: string; from: string; to: string; q: string }

export function DataPage({ session, job }: { session: Session; job?: string | undefined }) {
  const empty: Filters = { job: job ?? '', keyword: '', publisher: '', from: '', to: '', q: '' };
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setDraft(empty); setFilters(empty); setCursors([]); }, [job]);
  const cursor = cursors[cursors.length - 1];
  const page = usePoll<{ data: Article[]; next_cursor: string | null; total?: number }>(`/data/metadata${qs({ ...filters, limit: 50, cursor, count: true })}`, 0);
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const dl = (set: 'metadata' | 'comments', format: string) => download(`/data/${set}/download${qs({ ...filters, format })}`).catch((e: Error) => setError(e.message));
  void session;
  return (
    <>
      <h1>{t('data')}</h1>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); setFilters(draft); setCursors([]); }}>
        <JobPicker id="data-job" value={draft.job} onChange={(job) => { const next = { ...draft, job }; setDraft(next); setFilters(next); setCursors([]); }} />
        {(['keyword', 'publisher', 'from', 'to', 'q'] as const).map((k) => (
          <label>{k === 'q' ? t('text') : t(k)} <input name={k} type={k === 'from' || k === 'to' ? 'date' : 'text'} value={draft[k]} onInput={set(k)} /></label>
        ))}
        <button type="submit">{t('apply')}</button>
      </form>
      <div class="actions" aria-label={t('download')}>
        {(['csv', 'ndjson', 'json'] as const).map((f) => <button type="button" class="secondary" data-download={`metadata-${f}`} onClick={() => dl('metadata', f)}>{t('articles')} {f.toUpperCase()}</button>)}
        {(['csv', 'ndjson', 'json'] as const).map((f) => <button type="button" class="secondary" data-download={`comments-${f}`} onClick={() => dl('comments', f)}>{t('comments')} {f.toUpperCase()}</button>)}
      </div>
      <Err text={error ?? page.error} />
      <p>{t('total')}: <span data-testid="articles-count">{num(page.data?.total)}</span></p>
      <div class="table-wrap">
        <table class="articles">
          <caption class="sr-only">{t('articles')}</caption>
          <thead><tr><th scope="col">{t('published')}</th><th scope="col">{t('publisher')}</th><th scope="col">{t('title')}</th><th scope="col">{t('comments')}</th></tr></thead>
          <tbody>
            {(page.data?.data ?? []).map((a) => (
              <tr data-article-id={a.id}>
                <td>{time(a.published_at)}</td>
                <td>{a.publisher ?? '—'}</td>
                <td>{a.portal_url ? <a href={a.portal_url} target="_blank" rel="noopener noreferrer" class="title">{a.title}</a> : <span class="title">{a.title}</span>}</td>
                <td><button type="button" class="secondary" onClick={() => setOpen(a)} data-thread={a.id}>{t('thread')} <span class="sr-only">{a.title}</span></button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button type="button" class="secondary" disabled={!cursors.length} onClick={() => setCursors([])}>{t('prev')}</button>
        <button type="button" class="secondary" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('next')}</button>
      </div>
      {open ? <Thread article={open} onClose={() => { const id = open.id; setOpen(null); document.querySelector<HTMLElement>(`[data-thread="${id}"]`)?.focus(); }} /> : null}
    </>
  );
}

interface Node { c: Comment; replies: Comment[] }

/** Groups comments into threads: each top-level comment with its replies, oldest reply first. */
export function threads(list: Comment[], by: 'time' | 'likes'): Node[] {
  const top = new Map<number, Node>();
  const orphans: Comment[] = [];
  for (const c of list) if (c.parent_comment_no === null || !c.is_reply) top.set(c.comment_no, { c, replies: [] });
  for (const c of list) {
    if (c.parent_comment_no === null || !c.is_reply) continue;
    const p = top.get(c.parent_comment_no);
    if (p) p.replies.push(c);
    else orphans.push(c);
  }
  const when = (c: Comment) => (c.written_at ? Date.parse(c.written_at) : 0);
  const nodes = [...top.values(), ...orphans.map((c) => ({ c, replies: [] }))];
  nodes.sort(by === 'likes' ? (a, b) => b.c.likes - a.c.likes || when(a.c) - when(b.c) : (a, b) => when(a.c) - when(b.c));
  for (const n of nodes) n.replies.sort((a, b) => when(a) - when(b));
  return nodes;
}

function CommentView({ c }: { c: Comment }) {
  return (
    <article class={`comment${c.is_deleted ? ' deleted' : ''}`} data-comment-no={c.comment_no}>
      <header>
        <b>{c.author ?? '—'}</b> <time>{time(c.written_at)}</time>{' '}
        <span class="likes">{t('likes')} {num(c.likes)} · {t('dislikes')} {num(c.dislikes)}</span>
        {c.is_deleted ? <span class="badge s-cancelled">{t('deleted')}</span> : null}
      </header>
      <p class="text">{c.text ?? ''}</p>
    </article>
  );
}

function Thread({ article, onClose }: { article: Article; onClose: () => void }) {
  const [list, setList] = useState<Comment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [by, setBy] = useState<'time' | 'likes'>('time');
  // Threads are drawn 100 at a time, so an article with 10,000 comments stays quick to scroll.
  const [shown, setShown] = useState(100);
  useEffect(() => {
    let all: Comment[] = [];
    let stop = false;
    const load = async (cursor?: string) => {
      const p = await get<{ data: Comment[]; next_cursor: string | null }>(`/data/comments${qs({ article: article.id, sort: 'written_at', limit: 1000, cursor })}`);
      if (stop) return;
      all = [...all, ...p.data];
      setList(all);
      if (p.next_cursor && p.data.length) await load(p.next_cursor);
    };
    load().catch((e: Error) => setError(e.message));
    return () => { stop = true; };
  }, [article.id]);
  const nodes = list ? threads(list, by) : [];
  // Opening a thread takes the keyboard's focus to it; Escape closes it and focus returns to its button.
  useEffect(() => document.getElementById('thread-title')?.focus(), [article.id]);
  return (
    <section class="card thread" aria-labelledby="thread-title" data-testid="thread" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <h2 id="thread-title" tabIndex={-1}>{t('thread')}: <span class="title">{article.title}</span></h2>
      <p>
        <button type="button" class="secondary" aria-pressed={by === 'time'} onClick={() => setBy('time')}>{t('sortTime')}</button>{' '}
        <button type="button" class="secondary" aria-pressed={by === 'likes'} onClick={() => setBy('likes')}>{t('sortLikes')}</button>{' '}
        <button type="button" onClick={onClose}>{t('close')}</button>{' '}
        {list ? `${t('comments')} ${num(list.length)}` : t('loading')}
      </p>
      <Err text={error} />
      <ol class="threads">
        {nodes.slice(0, shown).map((n) => (
          <li>
            <CommentView c={n.c} />
            {n.replies.length ? <ol class="replies" aria-label={`${t('replies')} ${n.replies.length}`}>{n.replies.map((r) => <li><CommentView c={r} /></li>)}</ol> : null}
          </li>
        ))}
      </ol>
      {nodes.length > shown ? <button type="button" class="secondary" onClick={() => setShown(shown + 100)}>{t('more')} ({num(shown)} / {num(nodes.length)})</button> : null}
    </section>
  );
}
