// Jobs: the department's jobs filtered by state and type with live progress bars, and a job's page
// (task counts by state, articles and comments, timings, last errors, the live log tail, suspend /
// resume / stop, links to its data and insights).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { follow, get, qs, send } from './api.js';
import { formatDay } from './dates.js';
import { duration, num, time } from './format.js';
import { lang, statusLabel, t } from './i18n.js';
import { atBottom, hideInternal, levelWord, logSummary } from './log-lines.js';
import { STATES } from './overview.js';
import { Card, entryPath, Err, Progress, setTitle, shortKey, StatusBadge, usePoll, type Entry, type Session } from './ui.js';

/** A job as people tell it apart: its name if it was given one, else its keywords or its kind and short id. */
export const jobLabel = (j: Entry): string => j.title || j.keyword || `${j.type === 'metadata' ? t('metadata') : t('commentsJob')} ${shortKey(j)}`;

/** What a job collected (or is collecting): articles, articles with their comments, or comments. */
export const collectedWhat = (j: Entry): string =>
  j.type === 'comments' ? t('collectedComments') : j.include_comments || j.comments > 0 ? t('collectedBoth') : t('collectedArticles');

/** The days a job covers, in the reader's way; '—' for a job over given URLs or another job's articles. */
export function dateRange(j: Entry): string {
  if (!j.date_range) return '—';
  const [a, b] = [formatDay(j.date_range.from, lang()), formatDay(j.date_range.to, lang())];
  return a === b ? a : `${a} – ${b}`;
}

interface JobList {
  collectors: Entry[];
  next_cursor: string | null;
}

export function JobsPage() {
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  // Keyset pages of 50 (a long history stays one page of DOM); the page in view refreshes every second.
  // The next page is fetched while this one is read, so "next" draws at once; pages already seen are
  // kept, so "previous" does too (each is refreshed as soon as it is shown).
  const [cursors, setCursors] = useState<string[]>([]);
  const seen = useRef(new Map<string, JobList>());
  const [ahead, setAhead] = useState<string | null>(null);
  useEffect(() => {
    setCursors([]);
    seen.current.clear();
  }, [status, type]);
  const pathOf = (cursor: string | undefined) => `/collectors${type ? '/' + type : ''}/status${qs({ limit: 50, status, cursor })}`;
  const path = pathOf(cursors[cursors.length - 1]);
  const seed = seen.current.get(path);
  const list = usePoll<JobList>(path, 1000, seed);
  if (list.fresh && list.data) seen.current.set(path, list.data);
  // The shown page's own next cursor (not the one of the page before it, shown while this one loads).
  const next = list.fresh || seed ? (list.data?.next_cursor ?? null) : null;
  useEffect(() => {
    if (!next) return;
    const p = pathOf(next);
    if (seen.current.has(p)) {
      setAhead(p);
      return;
    }
    const ctl = new AbortController();
    get<JobList>(p, ctl.signal)
      .then((d) => {
        seen.current.set(p, d);
        setAhead(p);
      })
      .catch(() => undefined);
    return () => ctl.abort();
  }, [next]);
  return (
    <>
      <h1>{t('jobs')}</h1>
      <div class="filters">
        <label>
          {t('status')}{' '}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">{t('all')}</option>
            {[...STATES, 'CANCELLED'].map((s) => (
              <option value={s}>{statusLabel(s)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('type')}{' '}
          <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">{t('all')}</option>
            <option value="metadata">{t('metadata')}</option>
            <option value="comments">{t('commentsJob')}</option>
          </select>
        </label>
      </div>
      <Err text={list.error} />
      <div class="table-wrap">
        <table class="jobs">
          <caption class="sr-only">{t('jobs')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('job')}</th>
              <th scope="col">{t('collected')}</th>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t('requestedBy')}</th>
              <th scope="col">{t('priority')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('progress')}</th>
              <th scope="col">{t('articles')}</th>
              <th scope="col">{t('comments')}</th>
              <th scope="col">{t('created')}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.collectors ?? []).map((j) => (
              <tr data-request-id={j.id}>
                <td>
                  <a href={`#/job/${encodeURIComponent(j.id)}`} data-testid="job-link">
                    {jobLabel(j)}
                  </a>{' '}
                  <small class="muted">{shortKey(j)}</small>
                  {j.note ? <small class="job-note">{j.note}</small> : null}
                </td>
                <td data-testid="collected">{collectedWhat(j)}</td>
                <td>{dateRange(j)}</td>
                <td>
                  {j.requested_by ?? '—'}
                  {j.department ? <small class="muted"> · {j.department}</small> : null}
                </td>
                <td>{j.priority}</td>
                <td>
                  <StatusBadge status={j.status} />
                </td>
                <td>
                  <Progress value={j.progress_percent} label={`${jobLabel(j)} ${t('progress')}`} />
                </td>
                <td>{num(j.articles)}</td>
                <td>{num(j.comments)}</td>
                <td>{time(j.queued_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.collectors.length === 0 ? <p>{t('noData')}</p> : null}
      </div>
      <div class="actions">
        <button type="button" class="secondary" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('prev')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!next}
          data-next-ready={next && ahead === pathOf(next) ? 'true' : undefined}
          onClick={() => next && setCursors([...cursors, next])}
        >
          {t('next')}
        </button>
        <span class="page-no" aria-live="polite">
          {t('page')} {cursors.length + 1}
        </span>
      </div>
    </>
  );
}

const TASK_STATES = [
  ['total', 'taskTotal'],
  ['pending', 'taskPending'],
  ['queued', 'taskQueued'],
  ['running', 'taskRunning'],
  ['succeeded', 'taskSucceeded'],
  ['failed', 'taskFailed'],
  ['cancelled', 'taskCancelled'],
] as const;
/** A task's state (pending, running, ...) in words; an unknown one as it came. */
const taskState = (s: string): string => {
  const known = TASK_STATES.find(([k]) => k === s);
  return known ? t(known[1]) : s;
};

interface LogLine {
  id: number;
  time: string;
  level: string;
  component: string;
  message: string;
}
interface TaskError {
  task: string;
  shard: string;
  state: string;
  attempts: number;
  error: string | null;
  kind: string | null;
  at: string | null;
}

const DONE = ['COMPLETED', 'FAILED', 'CANCELLED'];
const canNotify = (): boolean => typeof Notification !== 'undefined';
// How often the screen reader hears what arrived in the log (a summary, not every line).
const SUMMARY_EVERY_MS = 10_000;

/** The live log: follows new lines unless the reader scrolled up; a polite summary for screen readers. */
function LiveLog({ id, session }: { id: string; session: Session }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [summary, setSummary] = useState('');
  const box = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const [behind, setBehind] = useState(0);
  const unannounced = useRef<string[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    setLines([]);
    follow(
      `/logs${qs({ job: id, follow: true, limit: 200 })}`,
      (event, data) => {
        if (event !== 'log') return;
        const l = JSON.parse(data) as LogLine;
        unannounced.current.push(l.level);
        setLines((old) => [...old.slice(-199), l]);
        if (!following.current) setBehind((n) => n + 1);
      },
      ctl.signal,
    );
    const timer = window.setInterval(() => {
      const levels = unannounced.current.splice(0);
      if (levels.length) setSummary(logSummary(levels, lang()));
    }, SUMMARY_EVERY_MS);
    return () => {
      ctl.abort();
      clearInterval(timer);
    };
  }, [id]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  const toEnd = () => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
    following.current = true;
    setBehind(0);
  };
  // Internal addresses mean nothing to a department's reader and map the cluster: an admin sees them.
  const shown = (m: string) => (session.kind === 'admin' ? m : hideInternal(m, lang()));
  return (
    <Card title={t('log')} id="log">
      <ol
        class="log"
        data-testid="log"
        tabIndex={0}
        ref={box}
        aria-label={t('log')}
        data-following={following.current ? 'true' : 'false'}
        onScroll={(e) => {
          following.current = atBottom(e.currentTarget);
          if (following.current) setBehind(0);
        }}
      >
        {lines.map((l) => (
          <li class={`lvl-${l.level}`}>
            <time>{time(l.time)}</time> <b>{levelWord(l.level, lang())}</b> <i>{l.component}</i> {shown(l.message)}
          </li>
        ))}
      </ol>
      {behind ? (
        <button type="button" class="secondary" data-testid="log-latest" onClick={toEnd}>
          {t('logLatest')} ({num(behind)})
        </button>
      ) : null}
      <p class="hint" aria-live="polite" data-testid="log-summary">
        {summary}
      </p>
    </Card>
  );
}

export function JobPage({ id, session }: { id: string; session: Session }) {
  // A job applied with kubectl has no request id: its page reads the job's own route (its summary).
  const job = usePoll<Entry & { summary?: Entry }>(entryPath(id));
  const errors = usePoll<{ errors: TaskError[] }>(`/v1/jobs/${encodeURIComponent(id)}/errors`, 3000);
  const [actionError, setActionError] = useState<string | null>(null);
  const j = job.data?.summary ?? job.data;
  // The tab's title names the job and its state, so a reader in another tab sees it end; when it ends
  // while the page is open, a browser notification too if the reader allowed them.
  const label = j ? jobLabel(j) : id.slice(0, 8);
  useEffect(() => setTitle(`${j ? `${DONE.includes(j.status) ? '✓ ' : ''}${statusLabel(j.status)} · ` : ''}${label}`), [j?.status, label]);
  const last = useRef<string | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [permission, setPermission] = useState(canNotify() ? Notification.permission : 'denied');
  useEffect(() => {
    if (!j) return;
    const was = last.current;
    last.current = j.status;
    if (!was || DONE.includes(was) || !DONE.includes(j.status)) return;
    const words = `${label}: ${statusLabel(j.status)} (${t('articles')} ${num(j.articles)}, ${t('comments')} ${num(j.comments)})`;
    setEnded(words);
    if (canNotify() && Notification.permission === 'granted') new Notification(t('jobEnded'), { body: words, tag: j.id });
  }, [j?.status]);
  // A running job's duration counts on every second, also while its status reply stays the same.
  const running = !!j && !j.completed_at;
  const [, setSecond] = useState(0);
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setSecond((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [running]);
  const act = async (what: 'suspend' | 'resume' | 'stop') => {
    if (!j) return;
    setActionError(null);
    try {
      if (what === 'stop') await send('DELETE', `/v1/jobs/${encodeURIComponent(j.name)}`);
      else await send('POST', `/v1/jobs/${encodeURIComponent(j.name)}/${what}`);
      job.reload();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  if (!j)
    return (
      <>
        <h1>
          {t('job')} {id.slice(0, 8)}
        </h1>
        <Err text={job.error} />
        {job.error ? null : <p>{t('loading')}</p>}
      </>
    );
  const done = DONE.includes(j.status);
  return (
    <>
      <h1>{label}</h1>
      <p class="job-head">
        <StatusBadge status={j.status} /> {collectedWhat(j)} · {dateRange(j)} · {t('priority')} {j.priority} · {j.department}
        {j.requested_by ? ` · ${t('requestedBy')} ${j.requested_by}` : ''}
      </p>
      {j.note ? (
        <p class="job-note" data-testid="job-note">
          {j.note}
        </p>
      ) : null}
      <p class="hint">
        {t('requestId')} <span data-testid="job-id">{j.id}</span>
      </p>
      {ended ? (
        <p class="notice" role="status" data-testid="job-ended">
          {t('jobEnded')}: {ended}
        </p>
      ) : null}
      {!done && canNotify() && permission === 'default' ? (
        <button type="button" class="secondary" data-action="notify" onClick={() => void Notification.requestPermission().then(setPermission)}>
          {t('notifyMe')}
        </button>
      ) : null}
      <Progress value={j.progress_percent} label={t('progress')} />
      <div class="actions">
        {j.status === 'SUSPENDED' ? (
          <button type="button" data-action="resume" onClick={() => act('resume')}>
            {t('resume')}
          </button>
        ) : (
          <button type="button" data-action="suspend" disabled={done} onClick={() => act('suspend')}>
            {t('suspend')}
          </button>
        )}
        <button type="button" class="danger" data-action="stop" disabled={done} onClick={() => act('stop')}>
          {t('stop')}
        </button>
        <a class="button secondary" href={`#/new/${encodeURIComponent(j.id)}`} aria-describedby="run-again-help">
          {t('runAgain')}
        </a>
        <a class="button secondary" href={`#/data/${encodeURIComponent(j.id)}`}>
          {t('data')}
        </a>
        <a class="button secondary" href={`#/insights/${encodeURIComponent(j.id)}`}>
          {t('insights')}
        </a>
      </div>
      <p class="hint" id="run-again-help">
        {t('runAgainHelp')}
      </p>
      <Err text={actionError ?? job.error} />
      {j.data_complete === false ? (
        <p class="error" data-testid="job-shortfall">
          {t('dataIncomplete')}: {j.data_shortfall}
        </p>
      ) : null}
      <div class="tiles">
        <Card title={t('tasks')} id="tasks">
          <dl class="states">
            {TASK_STATES.map(([k, label]) => (
              <div>
                <dt>{t(label)}</dt>
                <dd data-task={k}>{num(j.tasks[k])}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={`${t('articles')} / ${t('comments')}`} id="counts">
          <p class="big">
            <span data-testid="job-articles">{num(j.articles)}</span> <small>{t('articles')}</small>
          </p>
          <p class="big">
            <span data-testid="job-comments">{num(j.comments)}</span> <small>{t('comments')}</small>
          </p>
        </Card>
        <Card title={t('duration')} id="timings">
          <dl class="timings">
            <dt>{t('created')}</dt>
            <dd>{time(j.queued_at)}</dd>
            <dt>{t('started')}</dt>
            <dd>{time(j.started_at)}</dd>
            <dt>{t('completed')}</dt>
            <dd>{time(j.completed_at)}</dd>
            <dt>{t('duration')}</dt>
            <dd>{duration(j.started_at ?? j.queued_at, j.completed_at)}</dd>
          </dl>
        </Card>
      </div>
      <Card title={t('lastErrors')} id="errors">
        {j.error_message ? <p class="error">{j.error_message}</p> : null}
        {errors.data && errors.data.errors.length ? (
          <ul class="errors">
            {errors.data.errors.map((e) => (
              <li>
                <code>{e.shard}</code> ({taskState(e.state)}, {t('attempts')} {e.attempts}, {time(e.at)}): {e.error}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('noErrors')}</p>
        )}
      </Card>
      <LiveLog id={id} session={session} />
    </>
  );
}
