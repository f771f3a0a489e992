// A list/watch cache that does not die silently. @kubernetes/client-node's informer stops for good on
// errors other than 410 and can go quiet on half-open connections; this one:
//   - restarts the watch on any error or close, with exponential backoff (reset after a healthy watch),
//   - restarts a watch that has been quiet longer than the watchdog period (bookmarks count as traffic;
//     the server is also asked to close each watch after a randomised timeout),
//   - relists on 410 Gone (resourceVersion too old), emitting adds/updates/deletes for the difference,
//   - calls the handler with 'resync' for every cached object periodically.
// Handlers are expected only to enqueue keys: they run synchronously on the event.
import type { Logger } from '../log.js';
import { KubeError, type KubeObject, type KubeRest, type ObjectList } from './rest.js';

export type InformerEvent = 'add' | 'update' | 'delete' | 'resync';
export type InformerHandler<T> = (event: InformerEvent, obj: T, old?: T) => void;

export interface InformerOptions {
  /** Collection path, e.g. /apis/collection.newsroom.dev/v1alpha1/namespaces/ns/collectionjobs. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Periodic resync (0: none). Default 5 minutes. */
  resyncMs?: number;
  /** Restart a watch that has delivered nothing (not even a bookmark) for this long. Default 90 s. */
  watchdogMs?: number;
  /** The server closes each watch after a random time between 1x and 2x this. Default 240 s. */
  watchTimeoutSeconds?: number;
  /** Restart backoff bounds. Defaults 200 ms and 30 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Page size of a list (0: unpaged). Default 500. */
  pageSize?: number;
  log?: Logger;
  /**
   * Applied to every object before it is cached (default: drop metadata.managedFields, which nobody
   * here reads and which is often the larger part of an object, as controller-runtime's
   * TransformStripManagedFields does).
   */
  transform?: <O extends KubeObject>(obj: O) => O;
  /** Called on every restart with its reason (metrics). */
  onRestart?: (reason: 'error' | 'closed' | 'watchdog' | 'gone') => void;
}

/** Drops metadata.managedFields. */
export function stripManagedFields<O extends KubeObject>(obj: O): O {
  if (obj.metadata && 'managedFields' in obj.metadata) delete obj.metadata.managedFields;
  return obj;
}

export const keyOf = (o: KubeObject): string => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata?.name));

interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string };
}

export class Informer<T extends KubeObject> {
  private cache = new Map<string, T>();
  private handlers: InformerHandler<T>[] = [];
  private resourceVersion = '';
  private stopped = true;
  private abort?: AbortController;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private resyncTimer?: NodeJS.Timeout;
  private lastTraffic = 0;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Counts restarts, for tests and status. */
  restarts = 0;

  constructor(
    private rest: KubeRest,
    private o: InformerOptions,
  ) {}

  on(handler: InformerHandler<T>): this {
    this.handlers.push(handler);
    return this;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  get size(): number {
    return this.cache.size;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
    const resync = this.o.resyncMs ?? 300_000;
    if (resync > 0) {
      this.resyncTimer = setInterval(() => {
        for (const obj of this.cache.values()) this.emit('resync', obj);
      }, resync);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  private emit(event: InformerEvent, obj: T, old?: T): void {
    for (const h of this.handlers) {
      try {
        h(event, obj, old);
      } catch (e) {
        this.o.log?.error({ err: e, path: this.o.path }, 'informer handler failed');
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const initial = this.o.backoffInitialMs ?? 200;
    const max = this.o.backoffMaxMs ?? 30_000;
    let backoff = initial;
    let needList = true;
    while (!this.stopped) {
      const started = Date.now();
      let reason: 'error' | 'closed' | 'watchdog' | 'gone' = 'closed';
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        reason = await this.watchOnce();
        if (reason === 'gone') needList = true;
      } catch (e) {
        reason = 'error';
        if ((e as KubeError).status === 410) {
          reason = 'gone';
          needList = true;
        }
        if (!this.stopped) this.o.log?.warn({ err: (e as Error).message, path: this.o.path }, 'list/watch failed; retrying');
      }
      if (this.stopped) break;
      this.restarts++;
      this.o.onRestart?.(reason);
      // A watch that ran healthily for a while restarts at once; failures back off exponentially.
      if (reason !== 'error' && Date.now() - started > 5_000) backoff = initial;
      const delay = reason === 'error' || Date.now() - started < 1_000 ? backoff : 0;
      if (delay > 0) {
        await this.sleep(delay * (0.8 + Math.random() * 0.4));
        backoff = Math.min(max, backoff * 2);
      }
    }
  }

  /** Lists everything (paged), replaces the cache and emits the differences. */
  private async relist(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.rest.request<ObjectList<T>>('GET', this.o.path, {
        query: {
          labelSelector: this.o.labelSelector,
          fieldSelector: this.o.fieldSelector,
          limit: this.o.pageSize ?? 500,
          continue: cont,
        },
        timeoutMs: 60_000,
      });
      items.push(...page.items);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? '';
    } while (cont);
    const seen = new Set<string>();
    const transform = this.o.transform ?? stripManagedFields;
    for (const listed of items) {
      const obj = transform(listed);
      const key = keyOf(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.cache.set(key, obj);
      if (!old) this.emit('add', obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit('update', obj, old);
    }
    for (const [key, old] of [...this.cache]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('delete', old);
      }
    }
    this.resourceVersion = rv;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** One watch from the current resourceVersion; resolves with why it ended. */
  private async watchOnce(): Promise<'closed' | 'watchdog' | 'gone'> {
    const abort = new AbortController();
    this.abort = abort;
    const watchdogMs = this.o.watchdogMs ?? 90_000;
    const timeoutBase = this.o.watchTimeoutSeconds ?? 240;
    let ended: 'closed' | 'watchdog' | 'gone' = 'closed';
    let failure: Error | undefined;
    this.lastTraffic = Date.now();
    const dog = setInterval(
      () => {
        if (Date.now() - this.lastTraffic > watchdogMs) {
          ended = 'watchdog';
          this.o.log?.warn({ path: this.o.path, quietMs: Date.now() - this.lastTraffic }, 'watch has been quiet too long; restarting it');
          abort.abort();
        }
      },
      Math.min(watchdogMs, 5_000),
    );
    try {
      await this.rest.stream(
        this.o.path,
        {
          watch: 1,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          labelSelector: this.o.labelSelector,
          fieldSelector: this.o.fieldSelector,
          timeoutSeconds: Math.round(timeoutBase * (1 + Math.random())),
        },
        (raw) => {
          this.lastTraffic = Date.now();
          const line = raw as WatchLine;
          if (line.type === 'ERROR') {
            if (line.object?.code === 410) {
              ended = 'gone';
              abort.abort();
              return;
            }
            failure = new KubeError(`watch error: ${line.object?.message ?? 'unknown'}`, line.object?.code);
            abort.abort();
            return;
          }
          this.apply(line);
        },
        abort.signal,
      );
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    } finally {
      clearInterval(dog);
    }
    if (failure) throw failure;
    return ended;
  }

  private apply(line: WatchLine): void {
    const obj = (this.o.transform ?? stripManagedFields)(line.object as T);
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (line.type === 'BOOKMARK') return;
    const key = keyOf(obj);
    const old = this.cache.get(key);
    if (line.type === 'DELETED') {
      this.cache.delete(key);
      this.emit('delete', obj);
      return;
    }
    this.cache.set(key, obj);
    this.emit(old ? 'update' : 'add', obj, old);
  }
}
