// Small shared pieces: live polling, status badges, progress bars, tables with a download.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getText } from './api.js';
import { statusLabel, t } from './i18n.js';

export interface Session {
  kind: 'admin' | 'department';
  name: string;
  department: Department | null;
  departments: Department[];
  fleet: { pool: string; paused: boolean } | null;
}
export interface Department {
  name: string;
  namespaces: string[];
  default_priority: number;
  max_priority: number;
  paused: boolean;
  quota: number | null;
  borrowing_limit: number | null;
  in_flight: number;
}
export interface Entry {
  id: string;
  request_id: string | null;
  name: string;
  namespace: string;
  type: 'metadata' | 'comments';
  status: string;
  keyword: string;
  keywords: string[];
  method?: string;
  department: string;
  priority: number;
  progress_percent: number;
  total_collected: number;
  articles: number;
  comments: number;
  tasks: Record<'total' | 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', number>;
  queued_at: string;
  admitted_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  message?: string | null;
  error_message?: string | null;
  is_test?: boolean;
  /** Given at submission to tell jobs apart (absent from a gateway that predates them). */
  title?: string | null;
  note?: string | null;
  requested_by?: string | null;
  date_range?: { from: string; to: string } | null;
  include_comments?: boolean;
  /** DataComplete of a finished job: false with what is missing. */
  data_complete?: boolean | null;
  data_shortfall?: string | null;
}

/** The tab's title: the page (and a job's state), then the console's name. */
export function setTitle(page: string): void {
  document.title = `${page} · ${t('app')}`;
}

// A job's key in the console's addresses (#/job/<key>) is its entry's id: the request id, or the job's
// name for a CollectionJob applied with kubectl (it has no request id).
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The route of a job's status entry: the compatibility route for a request id, else the job's own (its summary). */
export const entryPath = (key: string): string =>
  REQUEST_ID.test(key) ? `/collectors/status/${encodeURIComponent(key)}` : `/v1/jobs/${encodeURIComponent(key)}`;
/** The short form of a job's key for lists: the request id's first 8 characters, or the name. */
export const shortKey = (j: Entry): string => (j.request_id ? j.request_id.slice(0, 8) : j.name);

/**
 * Loads `path` now and every `everyMs` (at most once a second), keeping the last good value. A reply
 * equal to the last one (the 304s of a quiet page) draws nothing. Until the new path's first reply,
 * `data` is `seed` when given (a page fetched ahead), else the last path's value; `fresh` says whether
 * `data` is the current path's own.
 */
export function usePoll<T>(
  path: string | null,
  everyMs = 1000,
  seed?: T,
): { data: T | null; fresh: boolean; error: string | null; reload: () => void } {
  const [got, setGot] = useState<{ path: string | null; text: string; data: T | null }>({ path: null, text: '', data: null });
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    let timer = 0;
    const load = async () => {
      try {
        const text = await getText(path, ctl.signal);
        setGot((old) => (old.path === path && old.text === text ? old : { path, text, data: JSON.parse(text) as T }));
        setError(null);
      } catch (e) {
        if (ctl.signal.aborted) return;
        setError(e instanceof ApiError ? e.message : String(e));
      }
      if (everyMs > 0 && !ctl.signal.aborted) timer = window.setTimeout(load, Math.max(1000, everyMs));
    };
    void load();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [path, everyMs, tick]);
  const fresh = got.path === path;
  return { data: fresh ? got.data : (seed ?? got.data), fresh, error, reload: () => setTick((n) => n + 1) };
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge s-${status.toLowerCase()}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  return (
    <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label}>
      <div class="bar" style={{ width: `${value}%` }} />
      <span class="pct">{value}%</span>
    </div>
  );
}

export const Err = ({ text }: { text: string | null }) =>
  text ? (
    <p class="error" role="alert">
      {text}
    </p>
  ) : null;

export function Card({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}

export function Field({
  label,
  error,
  children,
  id,
  help,
}: {
  label: string;
  error?: string | undefined;
  children: ComponentChildren;
  id: string;
  help?: string;
}) {
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {help ? <small id={`${id}-help`}>{help}</small> : null}
      {/* Not an alert of its own: the form announces its errors once, and the field's description reads this one when it is focused. */}
      {error ? (
        <small class="field-error" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** CSV of plain rows, with a BOM so spreadsheet programs read Korean as UTF-8. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '\uFEFF';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : asText(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function saveText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A table of rows with its own CSV download. */
export function DataTable({
  rows,
  columns,
  name,
  caption,
  hidden,
}: {
  rows: Record<string, unknown>[];
  columns: [string, string][];
  name: string;
  caption: string;
  hidden?: boolean;
}) {
  return (
    <div class="table-wrap">
      {hidden ? null : (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map(([, label]) => (
                <th scope="col">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{t('noData')}</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr>
                  {columns.map(([c]) => (
                    <td>{fmtCell(r[c])}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
      <button
        type="button"
        class="secondary"
        onClick={() => saveText(`${name}.csv`, toCsv(rows.map((r) => Object.fromEntries(columns.map(([c]) => [c, r[c]])))), 'text/csv;charset=utf-8')}
      >
        {t('download')} CSV
      </button>
    </div>
  );
}
const fmtCell = (v: unknown) => (typeof v === 'number' ? v.toLocaleString() : v === null || v === undefined ? '—' : asText(v));

/** A table value as text: strings as they are, numbers and booleans printed, anything else as JSON. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
