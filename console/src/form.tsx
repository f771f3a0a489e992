// New collection: a metadata form (keyword chips, dates, method, comments, priority, limits, delays)
// and a comments form (pasted URLs, a previous job, or a query over stored articles). Field errors
// from the API are shown beside their fields; the reply's effective priority and notes are shown.
// "Run again" (#/new/<request id>) fills the form from that job's spec.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, send } from './api.js';
import { DateInput, dayHelp, dayValue } from './date-input.js';
import { seoulToday } from './format.js';
import { formErrors } from './field-errors.js';
import { lang, t } from './i18n.js';
import { isRepeat, requestKey, type Sent } from './submit-guard.js';
import { entryPath, Field, type Session } from './ui.js';

interface Reply {
  request_id: string;
  priority: number;
  priority_capped: boolean;
  notes?: string[];
  message: string;
}
interface JobDoc {
  spec: {
    type: 'Metadata' | 'Comments';
    title?: string;
    note?: string;
    method?: string;
    keywords?: string[];
    dateRange?: { from: string; to: string };
    includeComments?: boolean;
    maxArticles?: number;
    priority?: number;
    requestDelay?: { minMs?: number; maxMs?: number };
    articles?: {
      urls?: string[];
      fromJob?: string;
      query?: { keywords?: string[]; dateRange?: { from: string; to: string }; publishers?: string[]; limit?: number };
    };
  };
  summary?: { department: string };
}

type Errors = Record<string, string>;

function Chips({ id, values, onChange, error }: { id: string; values: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const v = draft.trim();
    if (v && !values.includes(v)) onChange([...values, v]);
    setDraft('');
  };
  return (
    <div class="chips">
      <ul aria-label={t('keywords')}>
        {values.map((k) => (
          <li class="chip">
            {k}
            <button type="button" aria-label={lang() === 'ko' ? `${k} 삭제` : `Remove ${k}`} onClick={() => onChange(values.filter((x) => x !== k))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        value={draft}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && !draft && values.length) onChange(values.slice(0, -1));
        }}
        onBlur={add}
      />
    </div>
  );
}

/** The priorities the department allows, highest first, the default named (what an empty choice gets). */
function priorityOptions(d: { default_priority: number; max_priority: number } | undefined): [string, string][] {
  if (!d) return [['', t('priorityDefault')]];
  const out: [string, string][] = [['', `${t('priorityDefault')} (${d.default_priority})`]];
  for (let p = d.max_priority; p >= 1; p--)
    out.push([String(p), p === d.max_priority ? `${p} — ${t('priorityHighest')}` : p === 1 ? `${p} — ${t('priorityLowest')}` : String(p)]);
  return out;
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

export function NewJob({ session, from }: { session: Session; from?: string | undefined }) {
  const [kind, setKind] = useState<'metadata' | 'comments'>('metadata');
  const [department, setDepartment] = useState(session.departments[0]?.name ?? '');
  const [keywords, setKeywords] = useState<string[]>([]);
  const [start, setStart] = useState(seoulToday());
  const [end, setEnd] = useState(seoulToday());
  const [method, setMethod] = useState('search');
  const [comments, setComments] = useState(false);
  const [priority, setPriority] = useState('');
  const [maxArticles, setMaxArticles] = useState('');
  const [minDelay, setMinDelay] = useState('');
  const [maxDelay, setMaxDelay] = useState('');
  const [source, setSource] = useState<'urls' | 'job' | 'query'>('urls');
  const [urls, setUrls] = useState('');
  const [requestId, setRequestId] = useState('');
  const [publishers, setPublishers] = useState('');
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [reply, setReply] = useState<Reply | null>(null);
  const [busy, setBusy] = useState(false);
  // A request in flight blocks a second one at once (state updates too late for a double click), and
  // the same request again within seconds waits for the reader to say so.
  const sending = useRef(false);
  const lastSent = useRef<Sent | null>(null);
  const [repeat, setRepeat] = useState<string | null>(null);
  const showKeywords = kind === 'metadata' || source === 'query';

  useEffect(() => {
    if (!from) return;
    // `from` is a request id (its status entry names the CollectionJob whose spec fills the form) or
    // the name of a job applied with kubectl (its own document).
    get<{ name?: string; summary?: unknown }>(entryPath(from))
      .then((e) => (e.summary ? (e as JobDoc) : get<JobDoc>(`/v1/jobs/${encodeURIComponent(e.name ?? from)}`)))
      .then((j) => {
        const s = j.spec;
        if (j.summary?.department && session.kind === 'admin') setDepartment(j.summary.department);
        setPriority(s.priority ? String(s.priority) : '');
        setTitle(s.title ?? '');
        setNote(s.note ?? '');
        setMinDelay(s.requestDelay?.minMs !== undefined ? String(s.requestDelay.minMs / 1000) : '');
        setMaxDelay(s.requestDelay?.maxMs !== undefined ? String(s.requestDelay.maxMs / 1000) : '');
        if (s.type === 'Metadata') {
          setKind('metadata');
          setKeywords(s.keywords ?? []);
          if (s.dateRange) {
            setStart(s.dateRange.from);
            setEnd(s.dateRange.to);
          }
          setMethod(s.method ?? 'search');
          setComments(s.includeComments ?? false);
          setMaxArticles(s.maxArticles ? String(s.maxArticles) : '');
        } else {
          setKind('comments');
          const a = s.articles ?? {};
          if (a.urls) {
            setSource('urls');
            setUrls(a.urls.join('\n'));
          } else if (a.fromJob) {
            setSource('job');
            setRequestId(a.fromJob);
          } else if (a.query) {
            setSource('query');
            setKeywords(a.query.keywords ?? []);
            if (a.query.dateRange) {
              setStart(a.query.dateRange.from);
              setEnd(a.query.dateRange.to);
            }
            setPublishers((a.query.publishers ?? []).join(', '));
            setMaxArticles(a.query.limit ? String(a.query.limit) : '');
          }
        }
      })
      .catch((e: Error) => setMessage(e.message));
  }, [from]);

  const reset = () => {
    setKeywords([]);
    setStart(seoulToday());
    setEnd(seoulToday());
    setMethod('search');
    setComments(false);
    setPriority('');
    setMaxArticles('');
    setMinDelay('');
    setMaxDelay('');
    setUrls('');
    setRequestId('');
    setPublishers('');
    setTitle('');
    setNote('');
  };

  const submit = async (e: Event | null, confirmed = false) => {
    e?.preventDefault();
    if (sending.current) return;
    setErrors({});
    setMessage(null);
    // The days are read here, in the console's own words; what they mean is the API's to judge.
    const days = { start_date: dayValue(start), end_date: dayValue(end) };
    if (showKeywords) {
      const bad = Object.entries(days).flatMap(([k, v]) => ('error' in v ? [[k, v.error] as const] : []));
      if (bad.length) {
        setErrors(Object.fromEntries(bad));
        return;
      }
    }
    const day = (v: { day: string } | { error: string }) => ('day' in v && v.day ? v.day : undefined);
    const [startDay, endDay] = [day(days.start_date), day(days.end_date)];
    const common: Record<string, unknown> = {
      ...(session.kind === 'admin' ? { department } : {}),
      ...(priority ? { priority: /^\d$/.test(priority) ? Number(priority) : priority } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    let body: Record<string, unknown>;
    if (kind === 'metadata') {
      body = {
        ...common,
        keywords,
        start_date: startDay,
        end_date: endDay,
        method,
        include_comments: comments,
        max_articles: num(maxArticles),
        min_delay: num(minDelay),
        max_delay: num(maxDelay),
      };
    } else if (source === 'urls') {
      body = { ...common, article_urls: urls.split(/\s+/).filter(Boolean), min_delay: num(minDelay), max_delay: num(maxDelay) };
    } else if (source === 'job') {
      body = { ...common, request_id: requestId.trim() };
    } else {
      body = {
        ...common,
        keywords,
        start_date: startDay,
        end_date: endDay,
        publishers: publishers
          ? publishers
              .split(',')
              .map((p) => p.trim())
              .filter(Boolean)
          : undefined,
        max_articles: num(maxArticles),
      };
    }
    const key = `${kind}:${requestKey(body)}`;
    if (!confirmed && isRepeat(lastSent.current, key, Date.now())) {
      setRepeat(key);
      return;
    }
    setRepeat(null);
    setReply(null);
    sending.current = true;
    setBusy(true);
    try {
      const r = await send<Reply>('POST', `/collectors/${kind}/start`, JSON.parse(JSON.stringify(body)));
      lastSent.current = { key, at: Date.now() };
      setReply(r);
      reset();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        const map = formErrors(err.errors, lang());
        setErrors(map);
        setMessage(`${t('checkFields')} (${Object.keys(map).length})`);
      } else if (err instanceof ApiError) setMessage(`${t(`http${err.status}` as 'http403') ?? ''} ${err.message}`.trim());
      else setMessage((err as Error).message);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  // After a reply, the keyboard's focus goes where the reader must look: the first field with an error,
  // or the notice with the new job's link.
  useEffect(() => {
    if (Object.keys(errors).length) document.querySelector<HTMLElement>('.job-form .field.invalid :is(input, select, textarea)')?.focus();
  }, [errors]);
  useEffect(() => {
    if (reply) document.querySelector<HTMLElement>('[data-testid=submitted]')?.focus();
  }, [reply]);

  const input = (id: string, value: string, set: (v: string) => void, type = 'text', extra: Record<string, unknown> = {}) => (
    <input
      id={id}
      name={id}
      type={type}
      value={value}
      onInput={(e) => set((e.target as HTMLInputElement).value)}
      aria-invalid={errors[id] ? 'true' : 'false'}
      aria-describedby={errors[id] ? `${id}-error` : undefined}
      {...extra}
    />
  );
  const dateInput = (id: string, value: string, set: (v: string) => void) => (
    <DateInput id={id} value={value} onChange={set} invalid={!!errors[id]} describedBy={`${id}-help${errors[id] ? ` ${id}-error` : ''}`} />
  );
  // The tabs follow the ARIA pattern: one tab stop, the arrow keys choose.
  const tabKeys = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next = e.key === 'Home' ? 'metadata' : e.key === 'End' ? 'comments' : kind === 'metadata' ? 'comments' : 'metadata';
    setKind(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const d = session.department ?? session.departments.find((x) => x.name === department);
  // An error about a field this form does not show (or about the request as a whole) is listed apart.
  const shownFields = new Set([
    ...(session.kind === 'admin' ? ['department'] : []),
    'priority',
    'title',
    'note',
    ...(kind === 'comments' && source === 'urls' ? ['article_urls'] : []),
    ...(kind === 'comments' && source === 'job' ? ['request_id'] : []),
    ...(showKeywords ? ['keywords', 'start_date', 'end_date', 'max_articles'] : []),
    ...(kind === 'metadata' ? ['method'] : []),
    ...(kind === 'comments' && source === 'query' ? ['publishers'] : []),
    ...(kind === 'metadata' || source === 'urls' ? ['min_delay', 'max_delay'] : []),
  ]);
  const elsewhere = Object.entries(errors).filter(([k]) => !shownFields.has(k));
  return (
    <>
      <h1>{t('newJob')}</h1>
      {from ? (
        <p class="notice" data-testid="run-again-note">
          {t('runAgainNote')} <a href={`#/job/${encodeURIComponent(from)}`}>{from.slice(0, 8)}</a>
        </p>
      ) : null}
      <div role="tablist" class="tabs" aria-label={t('type')} onKeyDown={tabKeys}>
        {(['metadata', 'comments'] as const).map((k) => (
          <button
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-controls="job-form"
            aria-selected={kind === k}
            tabIndex={kind === k ? 0 : -1}
            onClick={() => setKind(k)}
          >
            {k === 'metadata' ? t('metadata') : t('commentsJob')}
          </button>
        ))}
      </div>
      <form onSubmit={submit} noValidate class="job-form" id="job-form" role="tabpanel" aria-labelledby={`tab-${kind}`} data-kind={kind}>
        {session.kind === 'admin' ? (
          <Field id="department" label={t('department')} error={errors.department}>
            <select id="department" value={department} onChange={(e) => setDepartment((e.target as HTMLSelectElement).value)}>
              {session.departments.map((x) => (
                <option value={x.name}>{x.name}</option>
              ))}
            </select>
          </Field>
        ) : null}
        {kind === 'comments' ? (
          <fieldset>
            <legend>{t('source')}</legend>
            {(['urls', 'job', 'query'] as const).map((s) => (
              <label class="inline">
                <input type="radio" name="source" value={s} checked={source === s} onChange={() => setSource(s)} />{' '}
                {s === 'urls' ? t('urls') : s === 'job' ? t('fromJob') : t('fromQuery')}
              </label>
            ))}
          </fieldset>
        ) : null}
        {kind === 'comments' && source === 'urls' ? (
          <Field id="article_urls" label={t('urls')} error={errors.article_urls}>
            <textarea
              id="article_urls"
              rows={6}
              value={urls}
              onInput={(e) => setUrls((e.target as HTMLTextAreaElement).value)}
              aria-invalid={errors.article_urls ? 'true' : 'false'}
              aria-describedby={errors.article_urls ? 'article_urls-error' : undefined}
            />
          </Field>
        ) : null}
        {kind === 'comments' && source === 'job' ? (
          <Field id="request_id" label={t('requestId')} error={errors.request_id}>
            {input('request_id', requestId, setRequestId)}
          </Field>
        ) : null}
        {showKeywords ? (
          <Field id="keywords" label={t('keywords')} error={errors.keywords} help={t('keywordHelp')}>
            <Chips id="keywords" values={keywords} onChange={setKeywords} error={errors.keywords} />
          </Field>
        ) : null}
        {showKeywords ? (
          <div class="row">
            <Field id="start_date" label={t('startDate')} error={errors.start_date} help={dayHelp()}>
              {dateInput('start_date', start, setStart)}
            </Field>
            <Field id="end_date" label={t('endDate')} error={errors.end_date} help={dayHelp()}>
              {dateInput('end_date', end, setEnd)}
            </Field>
          </div>
        ) : null}
        {kind === 'metadata' ? (
          <div class="row">
            <Field id="method" label={t('method')} error={errors.method} help={t('methodHelp')}>
              <select id="method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}>
                <option value="search">{t('methodSearch')}</option>
                <option value="api">{t('methodApi')}</option>
              </select>
            </Field>
            <div class="field">
              <label class="inline">
                <input
                  id="include_comments"
                  type="checkbox"
                  checked={comments}
                  aria-describedby="include_comments-help"
                  onChange={(e) => setComments((e.target as HTMLInputElement).checked)}
                />{' '}
                {t('includeComments')}
              </label>
              <small id="include_comments-help">{t('includeCommentsHelp')}</small>
            </div>
          </div>
        ) : null}
        {kind === 'comments' && source === 'query' ? (
          <Field id="publishers" label={t('publishers')} error={errors.publishers}>
            {input('publishers', publishers, setPublishers)}
          </Field>
        ) : null}
        <div class="row">
          <Field id="priority" label={t('priority')} error={errors.priority} help={d ? `${t('priorityHelp')} 1–${d.max_priority}` : undefined}>
            <select
              id="priority"
              value={priority}
              onChange={(e) => setPriority((e.target as HTMLSelectElement).value)}
              aria-invalid={errors.priority ? 'true' : 'false'}
              aria-describedby={`priority-help${errors.priority ? ' priority-error' : ''}`}
            >
              {priorityOptions(d).map(([v, label]) => (
                <option value={v}>{label}</option>
              ))}
            </select>
          </Field>
          {showKeywords ? (
            <Field id="max_articles" label={t('maxArticles')} error={errors.max_articles}>
              {input('max_articles', maxArticles, setMaxArticles, 'number', { min: 1 })}
            </Field>
          ) : null}
          {kind === 'metadata' || source === 'urls' ? (
            <Field id="min_delay" label={t('minDelay')} error={errors.min_delay} help={t('delayHelp')}>
              {input('min_delay', minDelay, setMinDelay, 'number', { min: 0, step: 0.1 })}
            </Field>
          ) : null}
          {kind === 'metadata' || source === 'urls' ? (
            <Field id="max_delay" label={t('maxDelay')} error={errors.max_delay}>
              {input('max_delay', maxDelay, setMaxDelay, 'number', { min: 0, step: 0.1 })}
            </Field>
          ) : null}
        </div>
        <div class="row">
          <Field id="title" label={t('jobName')} error={errors.title} help={t('jobNameHelp')}>
            {input('title', title, setTitle, 'text', { maxLength: 120, 'aria-describedby': `title-help${errors.title ? ' title-error' : ''}` })}
          </Field>
          <Field id="note" label={t('jobNote')} error={errors.note} help={t('jobNoteHelp')}>
            <textarea
              id="note"
              name="note"
              rows={2}
              maxLength={1000}
              value={note}
              onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
              aria-invalid={errors.note ? 'true' : 'false'}
              aria-describedby={`note-help${errors.note ? ' note-error' : ''}`}
            />
          </Field>
        </div>
        <button type="submit" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy ? t('submitting') : t('submit')}
        </button>
      </form>
      {repeat ? (
        <div class="notice warn" role="alertdialog" aria-labelledby="repeat-q" data-testid="repeat">
          <p id="repeat-q">{t('repeatQuestion')}</p>
          <button type="button" onClick={() => void submit(null, true)}>
            {t('repeatSend')}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setRepeat(null)}>
            {t('cancel')}
          </button>
        </div>
      ) : null}
      <p class="error" role="alert" data-testid="form-error" hidden={!message}>
        {message}
      </p>
      {elsewhere.length ? (
        <div class="error" data-testid="other-errors">
          <p>{t('otherErrors')}</p>
          <ul>
            {elsewhere.map(([f, m]) => (
              <li>
                {f ? <code>{f}</code> : t('wholeRequest')}: {m}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {reply ? (
        <div class="notice" role="status" data-testid="submitted" tabIndex={-1}>
          <p>
            {t('submitted')}{' '}
            <a href={`#/job/${encodeURIComponent(reply.request_id)}`} data-request-id={reply.request_id}>
              {t('openJob')}
            </a>{' '}
            <small aria-hidden="true">({reply.request_id.slice(0, 8)})</small>
          </p>
          <p>{t('formReset')}</p>
          <p>
            {t('effectivePriority')}: <b data-testid="effective-priority">{reply.priority}</b>
            {reply.priority_capped ? ` (${t('capped')})` : ''}
          </p>
          {reply.notes?.length ? (
            <ul>
              {reply.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
