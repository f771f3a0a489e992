// The console's shell: sign-in, the header (department, quota, priority range), navigation by the
// URL's hash (#/jobs, #/job/<request id>, ...), the language switch, and the overview and jobs pages.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, follow, get, hasToken, qs, send, setToken, whenUnauthorized } from './api.js';
import { DataPage } from './data.js';
import { day, duration, num, time } from './format.js';
import { NewJob } from './form.js';
import { lang, setLang, t } from './i18n.js';
import { InsightsPage } from './insights.js';
import { Card, Err, Progress, StatusBadge, usePoll, type Entry, type Session } from './ui.js';

function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'overview').split('/').map(decodeURIComponent);
  const [r, setR] = useState(read);
  useEffect(() => {
    const on = () => setR(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return r;
}

function SignIn({ onDone }: { onDone: (s: Session) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The moment the page can be used (read by the browser suite's time-to-usable figure).
  useEffect(() => void performance.mark('console-usable'), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setToken(value.trim());
    try {
      onDone(await get<Session>('/v1/session'));
    } catch (err) {
      setToken(null);
      setError(err instanceof ApiError && err.status === 401 ? t('badToken') : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <h1>{t('app')}</h1>
      <form onSubmit={submit} aria-describedby="token-help">
        <div class={`field${error ? ' invalid' : ''}`}>
          <label for="token">{t('token')}</label>
          <input id="token" name="token" type="password" autocomplete="off" required value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            aria-invalid={error ? 'true' : 'false'} aria-describedby={error ? 'token-error' : 'token-help'} />
          <small id="token-help">{t('tokenHelp')}</small>
          {error ? <small id="token-error" class="field-error" role="alert">{error}</small> : null}
        </div>
        <button type="submit" disabled={busy}>{t('signin')}</button>
      </form>
      <LangSwitch />
    </main>
  );
}

function LangSwitch() {
  const [, force] = useState(0);
  return (
    <button type="button" class="link lang" lang={lang() === 'ko' ? 'en' : 'ko'} onClick={() => { setLang(lang() === 'ko' ? 'en' : 'ko'); force((n) => n + 1); rerender(); }}>
      {t('language')}
    </button>
  );
}

const pages = ['overview', 'new', 'jobs', 'data', 'insights'] as const;
const pageLabel = { overview: 'overview', new: 'newJob', jobs: 'jobs', data: 'data', insights: 'insights' } as const;

function Header({ session, route, onSignOut }: { session: Session; route: string; onSignOut: () => void }) {
  const d = session.department;
  return (
    <header class="top">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('skip')}</a>
      <div class="brand">{t('app')}</div>
      <nav aria-label={t('app')}>
        <ul>
          {pages.map((p) => (
            <li><a href={`#/${p}`} aria-current={route === p || (p === 'jobs' && route === 'job') ? 'page' : undefined}>{t(pageLabel[p])}</a></li>
          ))}
        </ul>
      </nav>
      <div class="who" data-testid="who">
        {d ? (
          <>
            <span><b>{t('department')}</b> <span data-testid="department">{d.name}</span></span>
            <span><b>{t('quota')}</b> {d.quota === null ? '—' : `${num(d.in_flight)} / ${num(d.quota)}`}</span>
            <span><b>{t('priorityRange')}</b> <span data-testid="priority-range">{d.default_priority} ({1}–{d.max_priority})</span></span>
            {d.paused ? <span class="badge s-suspended">{t('paused')}</span> : null}
          </>
        ) : (
          <span><b>{t('admin')}</b> {session.name}</span>
        )}
        <LangSwitch />
        <button type="button" class="link" onClick={onSignOut}>{t('signout')}</button>
      </div>
    </header>
  );
}

interface Overview { jobs: Record<string, number>; articles: { today: number; total: number }; comments: { today: number; total: number }; day: string }
interface Usage { recorded: boolean; taken_at: string | null; selenium: Record<string, unknown> | null; queues: Record<string, unknown> | null; workers: Record<string, unknown> | null; pools: { pool: string; data: Record<string, unknown> }[] }

const STATES = ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUSPENDED'];

function OverviewPage({ session, refreshSession }: { session: Session; refreshSession: () => void }) {
  const ov = usePoll<Overview>('/v1/overview');
  const o = ov.data;
  return (
    <>
      <h1>{t('overview')}</h1>
      <Err text={ov.error} />
      <div class="tiles">
        <Card title={t('jobsByState')} id="tile-jobs">
          <dl class="states">{STATES.map((s) => <div><dt><StatusBadge status={s} /></dt><dd data-state={s}>{num(o?.jobs[s] ?? 0)}</dd></div>)}</dl>
        </Card>
        <Card title={`${t('collectedToday')} (${o ? day(o.day + 'T12:00:00+09:00') : '…'})`} id="tile-today">
          <p class="big"><span data-testid="articles-today">{num(o?.articles.today)}</span> <small>{t('articles')}</small></p>
          <p class="big"><span>{num(o?.comments.today)}</span> <small>{t('comments')}</small></p>
        </Card>
        <Card title={t('collectedTotal')} id="tile-total">
          <p class="big"><span data-testid="articles-total">{num(o?.articles.total)}</span> <small>{t('articles')}</small></p>
          <p class="big"><span data-testid="comments-total">{num(o?.comments.total)}</span> <small>{t('comments')}</small></p>
        </Card>
      </div>
      {session.kind === 'admin' ? <Fleet session={session} refreshSession={refreshSession} /> : null}
    </>
  );
}

function Fleet({ session, refreshSession }: { session: Session; refreshSession: () => void }) {
  const usage = usePoll<Usage>('/resources/usage', 2000);
  const [error, setError] = useState<string | null>(null);
  const act = async (paused: boolean, department?: string) => {
    setError(null);
    try {
      await send('POST', paused ? '/collectors/pause' : '/collectors/resume', department ? { department } : {});
      setTimeout(refreshSession, 300);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const u = usage.data;
  const queues = (u?.queues ?? {});
  const workers = (u?.workers ?? {});
  const selenium = (u?.selenium ?? {});
  return (
    <Card title={t('fleet')} id="fleet">
      <Err text={error ?? usage.error} />
      <p data-testid="fleet-state">
        {session.fleet?.paused ? <span class="badge s-suspended">{t('fleetPaused')}</span> : <span class="badge s-completed">{t('active')}</span>}{' '}
        {session.fleet?.paused
          ? <button type="button" onClick={() => act(false)}>{t('resumeFleet')}</button>
          : <button type="button" class="danger" onClick={() => act(true)}>{t('pauseFleet')}</button>}
      </p>
      <div class="tiles">
        <div>
          <table>
            <caption>{t('queues')}</caption>
            <thead><tr><th scope="col">{t('queues')}</th><th scope="col">ready</th><th scope="col">unacked</th><th scope="col">consumers</th></tr></thead>
            <tbody>
              {Object.entries(queues).map(([name, q]) => {
                const v = (q ?? {}) as Record<string, unknown>;
                return <tr data-queue={name}><th scope="row">{name}</th><td>{num(v.ready as number)}</td><td>{num(v.unacked as number)}</td><td>{num(v.consumers as number)}</td></tr>;
              })}
            </tbody>
          </table>
        </div>
        <KeyValues title={t('workers')} values={workers} />
        <KeyValues title={t('sessions')} values={selenium} />
      </div>
      <p><small>{time(u?.taken_at)}</small></p>
      <table>
        <caption>{t('department')}</caption>
        <thead><tr><th scope="col">{t('department')}</th><th scope="col">{t('inFlight')} / {t('quota')}</th><th scope="col">{t('priorityRange')}</th><th scope="col">{t('status')}</th><th scope="col"><span class="sr-only">{t('pause')}</span></th></tr></thead>
        <tbody>
          {session.departments.map((d) => (
            <tr>
              <th scope="row">{d.name}</th>
              <td>{num(d.in_flight)} / {d.quota === null ? '—' : num(d.quota)}</td>
              <td>{d.default_priority} (1–{d.max_priority})</td>
              <td>{d.paused ? t('paused') : t('active')}</td>
              <td><button type="button" class="secondary" onClick={() => act(!d.paused, d.name)}>{d.paused ? t('resume') : t('pause')} <span class="sr-only">{d.name}</span></button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** A snapshot object as a flat list of name and value (nested objects as a.b). */
function KeyValues({ title, values }: { title: string; values: Record<string, unknown> }) {
  const flat: [string, unknown][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else flat.push([prefix, v]);
  };
  walk('', values);
  return (
    <div>
      <h3>{title}</h3>
      {flat.length ? <dl class="timings">{flat.map(([k, v]) => <><dt>{k}</dt><dd>{typeof v === 'number' ? num(v) : String(v)}</dd></>)}</dl> : <p>{t('noData')}</p>}
    </div>
  );
}

function JobsPage() {
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  // Keyset pages of 50 (a long history stays one page of DOM); the page in view refreshes every second.
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [status, type]);
  const list = usePoll<{ collectors: Entry[]; next_cursor: string | null }>(`/collectors${type ? '/' + type : ''}/status${qs({ limit: 50, status, cursor: cursors[cursors.length - 1] })}`);
  return (
    <>
      <h1>{t('jobs')}</h1>
      <div class="filters">
        <label>{t('status')} <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">{t('all')}</option>{[...STATES, 'CANCELLED'].map((s) => <option value={s}>{s}</option>)}
        </select></label>
        <label>{t('type')} <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
          <option value="">{t('all')}</option><option value="metadata">{t('metadata')}</option><option value="comments">{t('commentsJob')}</option>
        </select></label>
      </div>
      <Err text={list.error} />
      <div class="table-wrap">
        <table class="jobs">
          <caption class="sr-only">{t('jobs')}</caption>
          <thead><tr><th scope="col">{t('requestId')}</th><th scope="col">{t('type')}</th><th scope="col">{t('keywords')}</th><th scope="col">{t('department')}</th><th scope="col">{t('priority')}</th><th scope="col">{t('status')}</th><th scope="col">{t('progress')}</th><th scope="col">{t('articles')}</th><th scope="col">{t('comments')}</th><th scope="col">{t('created')}</th></tr></thead>
          <tbody>
            {(list.data?.collectors ?? []).map((j) => (
              <tr data-request-id={j.request_id}>
                <td><a href={`#/job/${encodeURIComponent(j.request_id)}`}>{j.request_id.slice(0, 8)}</a></td>
                <td>{j.type === 'metadata' ? t('metadata') : t('commentsJob')}</td>
                <td>{j.keyword || '—'}</td>
                <td>{j.department}</td>
                <td>{j.priority}</td>
                <td><StatusBadge status={j.status} /></td>
                <td><Progress value={j.progress_percent} label={`${j.request_id.slice(0, 8)} ${t('progress')}`} /></td>
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
        <button type="button" class="secondary" disabled={!cursors.length} onClick={() => setCursors([])}>{t('prev')}</button>
        <button type="button" class="secondary" disabled={!list.data?.next_cursor} onClick={() => list.data?.next_cursor && setCursors([...cursors, list.data.next_cursor])}>{t('next')}</button>
      </div>
    </>
  );
}

interface LogLine { id: number; time: string; level: string; component: string; message: string }
interface TaskError { task: string; shard: string; state: string; attempts: number; error: string | null; kind: string | null; at: string | null }

function JobPage({ id }: { id: string }) {
  const job = usePoll<Entry>(`/collectors/status/${encodeURIComponent(id)}`);
  const errors = usePoll<{ errors: TaskError[] }>(`/v1/jobs/${encodeURIComponent(id)}/errors`, 3000);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    setLines([]);
    follow(`/logs${qs({ job: id, follow: true, limit: 200 })}`, (event, data) => {
      if (event !== 'log') return;
      const l = JSON.parse(data) as LogLine;
      setLines((old) => [...old.slice(-199), l]);
    }, ctl.signal);
    return () => ctl.abort();
  }, [id]);
  const j = job.data;
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
  if (!j) return <><h1>{t('job')} {id.slice(0, 8)}</h1><Err text={job.error} />{job.error ? null : <p>{t('loading')}</p>}</>;
  const done = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.status);
  return (
    <>
      <h1>{t('job')} <span data-testid="job-id">{j.request_id}</span></h1>
      <p class="job-head">
        <StatusBadge status={j.status} /> {j.type === 'metadata' ? t('metadata') : t('commentsJob')} · {j.keyword || '—'} · {t('priority')} {j.priority} · {j.department}
      </p>
      <Progress value={j.progress_percent} label={t('progress')} />
      <div class="actions">
        {j.status === 'SUSPENDED'
          ? <button type="button" onClick={() => act('resume')}>{t('resume')}</button>
          : <button type="button" disabled={done} onClick={() => act('suspend')}>{t('suspend')}</button>}
        <button type="button" class="danger" disabled={done} onClick={() => act('stop')}>{t('stop')}</button>
        <a class="button secondary" href={`#/new/${encodeURIComponent(j.request_id)}`}>{t('runAgain')}</a>
        <a class="button secondary" href={`#/data/${encodeURIComponent(j.request_id)}`}>{t('data')}</a>
        <a class="button secondary" href={`#/insights/${encodeURIComponent(j.request_id)}`}>{t('insights')}</a>
      </div>
      <Err text={actionError ?? job.error} />
      <div class="tiles">
        <Card title={t('tasks')} id="tasks">
          <dl class="states">{(['total', 'pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const).map((k) => <div><dt>{k}</dt><dd data-task={k}>{num(j.tasks[k])}</dd></div>)}</dl>
        </Card>
        <Card title={`${t('articles')} / ${t('comments')}`} id="counts">
          <p class="big"><span data-testid="job-articles">{num(j.articles)}</span> <small>{t('articles')}</small></p>
          <p class="big"><span data-testid="job-comments">{num(j.comments)}</span> <small>{t('comments')}</small></p>
        </Card>
        <Card title={t('duration')} id="timings">
          <dl class="timings">
            <dt>{t('created')}</dt><dd>{time(j.queued_at)}</dd>
            <dt>{t('started')}</dt><dd>{time(j.started_at)}</dd>
            <dt>{t('completed')}</dt><dd>{time(j.completed_at)}</dd>
            <dt>{t('duration')}</dt><dd>{duration(j.started_at ?? j.queued_at, j.completed_at)}</dd>
          </dl>
        </Card>
      </div>
      <Card title={t('lastErrors')} id="errors">
        {j.error_message ? <p class="error">{j.error_message}</p> : null}
        {errors.data && errors.data.errors.length ? (
          <ul class="errors">{errors.data.errors.map((e) => <li><code>{e.shard}</code> ({e.state}, ×{e.attempts}, {time(e.at)}): {e.error}</li>)}</ul>
        ) : <p>{t('noErrors')}</p>}
      </Card>
      <Card title={`${t('log')}`} id="log">
        <ol class="log" aria-live="polite" data-testid="log" tabIndex={0}>
          {lines.map((l) => <li class={`lvl-${l.level}`}><time>{time(l.time)}</time> <b>{l.level}</b> <i>{l.component}</i> {l.message}</li>)}
        </ol>
      </Card>
    </>
  );
}

let rerender: () => void = () => undefined;

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(hasToken());
  const [, force] = useState(0);
  rerender = () => force((n) => n + 1);
  const route = useRoute();
  const refreshSession = () => void get<Session>('/v1/session').then(setSession).catch(() => undefined);
  useEffect(() => {
    whenUnauthorized(() => { setToken(null); setSession(null); });
    if (hasToken()) get<Session>('/v1/session').then(setSession).catch(() => setToken(null)).finally(() => setChecking(false));
  }, []);
  useEffect(() => { document.documentElement.lang = lang(); }, []);
  if (checking) return <main id="main"><p>{t('loading')}</p></main>;
  if (!session) return <SignIn onDone={(s) => { setSession(s); if (!location.hash) location.hash = '#/overview'; }} />;
  const [page = 'overview', arg] = route;
  const signOut = () => { setToken(null); setSession(null); location.hash = ''; };
  return (
    <>
      <Header session={session} route={page} onSignOut={signOut} />
      <main id="main" tabIndex={-1}>
        {page === 'overview' ? <OverviewPage session={session} refreshSession={refreshSession} />
          : page === 'new' ? <NewJob session={session} from={arg} />
          : page === 'jobs' ? <JobsPage />
          : page === 'job' && arg ? <JobPage id={arg} />
          : page === 'data' ? <DataPage session={session} job={arg} />
          : page === 'insights' ? <InsightsPage job={arg} />
          : <OverviewPage session={session} refreshSession={refreshSession} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
