// The console's shell: sign-in, the header (department, quota, priority range), navigation by the
// URL's hash (#/jobs, #/job/<request id>, ...), the language switch, and which page is shown.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, hasToken, setToken, whenUnauthorized } from './api.js';
import { ArticlePage, DataPage } from './data.js';
import { num } from './format.js';
import { NewJob } from './form.js';
import { lang, setLang, t } from './i18n.js';
import { InsightsPage } from './insights.js';
import { JobPage, JobsPage } from './jobs.js';
import { OverviewPage } from './overview.js';
import { setTitle, type Session } from './ui.js';

const SESSION_EVERY_MS = 3000;

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
    if (!value.trim()) return setError(t('tokenRequired'));
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
      <form onSubmit={submit} aria-describedby="token-help" noValidate>
        <div class={`field${error ? ' invalid' : ''}`}>
          <label for="token">{t('token')}</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            aria-required="true"
            value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={error ? 'token-error' : 'token-help'}
          />
          <small id="token-help">{t('tokenHelp')}</small>
          {error ? (
            <small id="token-error" class="field-error" role="alert">
              {error}
            </small>
          ) : null}
        </div>
        <button type="submit" disabled={busy}>
          {t('signin')}
        </button>
      </form>
      <LangSwitch />
    </main>
  );
}

function LangSwitch() {
  const [, force] = useState(0);
  return (
    <button
      type="button"
      class="link lang"
      lang={lang() === 'ko' ? 'en' : 'ko'}
      onClick={() => {
        setLang(lang() === 'ko' ? 'en' : 'ko');
        force((n) => n + 1);
        rerender();
      }}
    >
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
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skip')}
      </a>
      <div class="brand">{t('app')}</div>
      <nav aria-label={t('app')}>
        <ul>
          {pages.map((p) => (
            <li>
              <a href={`#/${p}`} aria-current={route === p || (p === 'jobs' && route === 'job') ? 'page' : undefined}>
                {t(pageLabel[p])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who" data-testid="who">
        {d ? (
          <>
            <span>
              <b>{t('department')}</b> <span data-testid="department">{d.name}</span>
            </span>
            <span>
              <b>{t('quota')}</b>{' '}
              <span data-testid="quota" data-in-flight={d.in_flight}>
                {d.quota === null ? '—' : `${num(d.in_flight)} / ${num(d.quota)}`}
              </span>
            </span>
            <span>
              <b>{t('priorityRange')}</b>{' '}
              <span data-testid="priority-range">
                {d.default_priority} ({1}–{d.max_priority})
              </span>
            </span>
            {d.paused ? <span class="badge s-suspended">{t('paused')}</span> : null}
          </>
        ) : (
          <span>
            <b>{t('admin')}</b> {session.name}
          </span>
        )}
        <LangSwitch />
        <button type="button" class="link" onClick={onSignOut}>
          {t('signout')}
        </button>
      </div>
    </header>
  );
}

let rerender: () => void = () => undefined;

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(hasToken());
  const [, force] = useState(0);
  rerender = () => force((n) => n + 1);
  const route = useRoute();
  const refreshSession = () =>
    void get<Session>('/v1/session')
      .then(setSession)
      .catch(() => undefined);
  useEffect(() => {
    whenUnauthorized(() => {
      setToken(null);
      setSession(null);
    });
    if (hasToken())
      get<Session>('/v1/session')
        .then(setSession)
        .catch(() => setToken(null))
        .finally(() => setChecking(false));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang();
  }, []);
  // The header's quota counts the tasks in flight: read again every few seconds, not only at sign-in.
  useEffect(() => {
    if (!session) return;
    const timer = window.setInterval(refreshSession, SESSION_EVERY_MS);
    return () => clearInterval(timer);
  }, [session !== null]);
  // Keyboard users land on the new page's content after signing in or following a link; the first
  // route after a reload keeps the browser's own focus.
  const where = route.join('/');
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (session) document.getElementById('main')?.focus();
  }, [where, session !== null]);
  if (checking)
    return (
      <main id="main">
        <p>{t('loading')}</p>
      </main>
    );
  if (!session) {
    setTitle(t('signin'));
    return (
      <SignIn
        onDone={(s) => {
          setSession(s);
          if (!location.hash) location.hash = '#/overview';
        }}
      />
    );
  }
  const [page = 'overview', arg] = route;
  // A job's page titles the tab with the job and its state itself.
  const known = (pages as readonly string[]).includes(page) ? (page as (typeof pages)[number]) : 'overview';
  if (page === 'article') setTitle(t('articlePage'));
  else if (page !== 'job') setTitle(t(pageLabel[known]));
  const signOut = () => {
    setToken(null);
    setSession(null);
    location.hash = '';
  };
  return (
    <>
      <Header session={session} route={page} onSignOut={signOut} />
      <main id="main" tabIndex={-1}>
        {page === 'overview' ? (
          <OverviewPage session={session} refreshSession={refreshSession} />
        ) : page === 'new' ? (
          <NewJob session={session} from={arg} />
        ) : page === 'jobs' ? (
          <JobsPage />
        ) : page === 'job' && arg ? (
          <JobPage id={arg} session={session} />
        ) : page === 'data' ? (
          <DataPage session={session} job={arg} />
        ) : page === 'insights' ? (
          <InsightsPage job={arg} />
        ) : page === 'article' && arg ? (
          <ArticlePage id={arg} />
        ) : (
          <OverviewPage session={session} refreshSession={refreshSession} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
