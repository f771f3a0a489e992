// A thin JSON client of the Kubernetes REST API on node:https, sharing the credentials of a KubeConfig.
// The generated client covers single calls well, but list/watch with our own restarts, merge patches
// carrying a resourceVersion (optimistic concurrency) and leases are simpler and cheaper spoken directly.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeCredentials } from './credentials.js';

export class KubeError extends Error {
  override name = 'KubeError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly reason?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string | Date;
    deletionTimestamp?: string | Date;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** An object's metadata, as every kind of this project types it (lib/crd/types.gen.ts). */
export type ObjectMeta = NonNullable<KubeObject['metadata']>;

export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export const MERGE_PATCH = 'application/merge-patch+json';

/** Sees every request, for rest_client_requests_total and rest_client_request_duration_seconds. */
export type RequestObserver = (method: string, code: string, seconds: number) => void;

/** How long the kubeconfig's credentials (headers, client certificate) are reused before reading them again. */
const CREDENTIALS_TTL_MS = 60_000;

export class KubeRest {
  private agent: http.Agent;
  private server: URL;
  private credentials?: { at: number; opts: https.RequestOptions };
  observe: RequestObserver = () => undefined;

  /**
   * userAgent names the program to the apiserver: its audit log, its metrics and the `manager` of the
   * managedFields it records for our writes (the part before a '/'); without one every write is "unknown".
   */
  constructor(
    private kc: KubeCredentials,
    private userAgent = 'newsroom-collector',
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig names no current cluster');
    this.server = new URL(cluster.server);
    const isHttps = this.server.protocol === 'https:';
    this.agent = isHttps ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  /**
   * The kubeconfig's TLS options and headers. KubeConfig.applyToHTTPSOptions also puts a brand-new
   * agent on the options every time it is called: using it would cost a TLS handshake per request, so
   * its result is cached for a while and requests go through our keep-alive agent (the TLS options
   * ride on each request; the agent pools connections by them). A proxy's agent is kept as it is.
   */
  private async credentialOptions(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (this.credentials && now - this.credentials.at < CREDENTIALS_TTL_MS) return this.credentials.opts;
    const opts: https.RequestOptions = { headers: {} };
    await this.kc.applyToHTTPSOptions(opts);
    if (!this.kc.getCurrentCluster()?.proxyUrl) opts.agent = this.agent;
    this.credentials = { at: now, opts };
    return opts;
  }

  private async options(
    method: string,
    path: string,
    query: RequestOptions['query'],
    headers: Record<string, string>,
  ): Promise<https.RequestOptions> {
    const url = new URL(this.server.toString().replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const cred = await this.credentialOptions();
    return {
      ...cred,
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { ...(cred.headers as Record<string, string>), accept: 'application/json', 'user-agent': this.userAgent, ...headers },
    };
  }

  private transport() {
    return this.server.protocol === 'https:' ? https : http;
  }

  /** One JSON request; non-2xx answers become a KubeError with the apiserver's status code and reason. */
  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const headers: Record<string, string> = payload
      ? { 'content-type': o.contentType ?? 'application/json', 'content-length': String(payload.length) }
      : {};
    const opts = await this.options(method, path, o.query, headers);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    return new Promise<T>((resolve, reject) => {
      const req = this.transport().request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new KubeError(`${method} ${path}: ${e.message}`, undefined, undefined, { cause: e })));
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          this.observe(method, String(code), seconds());
          const text = Buffer.concat(chunks).toString();
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          if (code >= 200 && code < 300) return resolve(body as T);
          const st = body as { message?: string; reason?: string } | undefined;
          // The Status object rides along as `body` (the generated client's shape), for callers that quote its message.
          reject(
            Object.assign(new KubeError(`${method} ${path} answered ${code}: ${st?.message ?? String(text).slice(0, 200)}`, code, st?.reason), {
              body,
            }),
          );
        });
      });
      req.setTimeout(o.timeoutMs ?? 30_000, () => req.destroy(new Error(`timed out after ${o.timeoutMs ?? 30_000} ms`)));
      req.on('error', (e) => {
        this.observe(method, '<error>', seconds());
        reject(new KubeError(`${method} ${path}: ${e.message}`, undefined, undefined, { cause: e }));
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /**
   * A streaming GET of newline-delimited JSON (a watch). Calls onLine for each parsed line; resolves
   * when the server ends the stream, rejects on errors or a non-200 answer. Aborting the signal ends it.
   */
  async stream(path: string, query: RequestOptions['query'], onLine: (obj: unknown) => void, signal: AbortSignal): Promise<void> {
    const opts = await this.options('GET', path, query, {});
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) return resolve();
      const req = this.transport().request({ ...opts, agent: false }, (res) => {
        this.observe('WATCH', String(res.statusCode ?? 0), 0);
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            reject(new KubeError(`watch ${path} answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`, res.statusCode)),
          );
          res.on('error', reject);
          return;
        }
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', (line) => {
          if (!line.trim()) return;
          let obj: unknown;
          try {
            obj = JSON.parse(line);
          } catch {
            return;
          }
          onLine(obj);
        });
        // readline re-emits errors of its input on itself: without this listener a reset connection
        // would be an uncaught 'error' event.
        lines.on('error', (e: Error) => (signal.aborted ? resolve() : reject(e)));
        res.on('error', (e: Error) => (signal.aborted ? resolve() : reject(e)));
        res.on('aborted', () => (signal.aborted ? resolve() : reject(new Error('the watch connection was aborted'))));
        lines.on('close', () => resolve());
      });
      req.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
      const onAbort = () => req.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', onAbort));
      req.on('socket', (s) => s.setKeepAlive(true, 30_000));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Built-in resources the programs read and write (their paths come from `resourcePath`). */
export const PODS = { group: '', version: 'v1', plural: 'pods' } as const;
export const SECRETS = { group: '', version: 'v1', plural: 'secrets' } as const;
export const EVENTS = { group: '', version: 'v1', plural: 'events' } as const;
export const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' } as const;
export const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' } as const;

/** The REST path of a collection or object. */
export function resourcePath(r: { group: string; version: string; plural: string }, namespace?: string, name?: string, sub?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
}

export const isNotFound = (e: unknown): boolean => (e as KubeError)?.status === 404;
export const isConflict = (e: unknown): boolean => (e as KubeError)?.status === 409;
