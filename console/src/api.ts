// The gateway's REST API as the console uses it. The token lives in memory and in sessionStorage
// (gone when the tab closes); it is sent only in the Authorization header, never in a URL.
const KEY = 'newsroom.token';
let token: string | null = sessionStorage.getItem(KEY);

export const hasToken = (): boolean => token !== null;
export function setToken(t: string | null): void {
  token = t;
  if (t === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, t);
}

export interface FieldError {
  field: string;
  message: string;
}
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (fn: () => void): void => void (onUnauthorized = fn);

function headers(extra?: Record<string, string>): Record<string, string> {
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function fail(res: Response): Promise<never> {
  let body: { detail?: string; message?: string; errors?: FieldError[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not a problem document
  }
  if (res.status === 401) onUnauthorized();
  throw new ApiError(res.status, body.detail ?? body.message ?? `${res.status} ${res.statusText}`, body.errors ?? []);
}

/** GET as text; the browser's HTTP cache revalidates with the page's ETag (304 when unchanged). */
export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(path, { headers: headers(), cache: 'no-cache', signal });
  if (!res.ok) return fail(res);
  return res.text();
}

/** GET as JSON (revalidated like getText). */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return JSON.parse(await getText(path, signal)) as T;
}

export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: headers(body === undefined ? undefined : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) return fail(res);
  return res.json() as Promise<T>;
}

/** Downloads a file through fetch (so the token stays in a header) and hands it to the browser. */
export async function download(path: string): Promise<void> {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) return fail(res);
  const name = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : 'download';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Follows a Server-Sent Events route through fetch (EventSource cannot send a header). */
export function follow(path: string, onEvent: (event: string, data: string) => void, signal: AbortSignal): void {
  let lastId = '';
  const run = async () => {
    while (!signal.aborted) {
      try {
        const res = await fetch(path, { headers: headers(lastId ? { 'last-event-id': lastId } : undefined), signal });
        if (!res.ok || !res.body) await fail(res);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
              else if (line.startsWith('id: ')) lastId = line.slice(4);
            }
            if (data.length) onEvent(event, data.join('\n'));
          }
        }
      } catch (e) {
        if (signal.aborted || (e instanceof ApiError && e.status < 500)) return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
}

export const qs = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};
