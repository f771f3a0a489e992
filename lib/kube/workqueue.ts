// A keyed work queue in the manner of client-go's: adding a key that is already waiting does nothing,
// a key being processed is never handed to a second worker (it is re-queued once it is done), errors
// re-add the key after a per-key exponential backoff combined with a global token bucket (the larger
// delay wins), and addAfter schedules timed work. Metrics carry controller-runtime's names.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WorkQueueOptions {
  name: string;
  /** Per-key backoff: base * 2^failures, capped. Defaults 5 ms and 1000 s (controller-runtime). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Global token bucket for rate-limited re-adds. Defaults 10 per second, burst 100. */
  qps?: number;
  burst?: number;
  registry?: Registry;
  /** The clock, for tests. */
  now?: () => number;
}

interface QueueMetrics {
  depth: Gauge<'name'>;
  adds: Counter<'name'>;
  queueDuration: Histogram<'name'>;
  workDuration: Histogram<'name'>;
  retries: Counter<'name'>;
  unfinished: Gauge<'name'>;
  longest: Gauge<'name'>;
}

const metricsByRegistry = new WeakMap<Registry, QueueMetrics>();
const buckets = [0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10, 100, 1000];

function metricsFor(registry: Registry): QueueMetrics {
  let m = metricsByRegistry.get(registry);
  if (m) return m;
  const registers = [registry];
  m = {
    depth: new Gauge({ name: 'workqueue_depth', help: 'Current depth of the work queue.', labelNames: ['name'], registers }),
    adds: new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by the work queue.', labelNames: ['name'], registers }),
    queueDuration: new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in the work queue before being requested.',
      labelNames: ['name'],
      buckets,
      registers,
    }),
    workDuration: new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from the work queue takes.',
      labelNames: ['name'],
      buckets,
      registers,
    }),
    retries: new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by the work queue.',
      labelNames: ['name'],
      registers,
    }),
    unfinished: new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'Seconds of work in progress not yet observed by work_duration.',
      labelNames: ['name'],
      registers,
    }),
    longest: new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'Seconds the longest running processor has been running.',
      labelNames: ['name'],
      registers,
    }),
  };
  metricsByRegistry.set(registry, m);
  return m;
}

/** What a handler asks for after processing a key. */
export interface ProcessResult {
  /** Process the key again after this long (timed work), without counting a failure. */
  requeueAfterMs?: number;
}

export class WorkQueue {
  private queue: string[] = [];
  private dirty = new Set<string>();
  private processing = new Map<string, number>();
  private addedAt = new Map<string, number>();
  private timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private failures = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private tokens: number;
  private tokensAt: number;
  private shuttingDown = false;
  private metrics?: QueueMetrics;
  private now: () => number;
  private workers: Promise<void>[] = [];
  private gauge?: NodeJS.Timeout;

  constructor(private o: WorkQueueOptions) {
    this.now = o.now ?? Date.now;
    this.tokens = o.burst ?? 100;
    this.tokensAt = this.now();
    if (o.registry) this.metrics = metricsFor(o.registry);
  }

  get name(): string {
    return this.o.name;
  }

  get length(): number {
    return this.queue.length;
  }

  /** Adds a key now; a key already waiting is not added twice. */
  add(key: string): void {
    if (this.shuttingDown) return;
    this.metrics?.adds.inc({ name: this.o.name });
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.now());
    if (this.processing.has(key)) return; // re-queued by done()
    this.queue.push(key);
    this.metrics?.depth.set({ name: this.o.name }, this.queue.length);
    this.waiters.shift()?.();
  }

  /**
   * Adds a key ahead of the waiting ones (a new object's first reconcile should not wait behind
   * routine refreshes); a key already waiting keeps its place.
   */
  addFirst(key: string): void {
    if (this.shuttingDown) return;
    this.metrics?.adds.inc({ name: this.o.name });
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.now());
    if (this.processing.has(key)) return;
    this.queue.unshift(key);
    this.metrics?.depth.set({ name: this.o.name }, this.queue.length);
    this.waiters.shift()?.();
  }

  /** Adds the key after a delay; an earlier pending schedule for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.now() + ms;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** The delay the rate limiter gives this key now (and records the failure). */
  nextDelay(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const perItem = Math.min(this.o.maxDelayMs ?? 1_000_000, (this.o.baseDelayMs ?? 5) * 2 ** n);
    // Token bucket: each rate-limited add takes a token; without one, wait for the next.
    const qps = this.o.qps ?? 10;
    const burst = this.o.burst ?? 100;
    const t = this.now();
    this.tokens = Math.min(burst, this.tokens + ((t - this.tokensAt) / 1000) * qps);
    this.tokensAt = t;
    this.tokens -= 1;
    const bucket = this.tokens >= 0 ? 0 : (-this.tokens / qps) * 1000;
    return Math.max(perItem, bucket);
  }

  addRateLimited(key: string): void {
    this.metrics?.retries.inc({ name: this.o.name });
    this.addAfter(key, this.nextDelay(key));
  }

  /** Forgets the key's failure history (after a success). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Waits for the next key; undefined once the queue shuts down. */
  async get(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.shuttingDown) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const key = this.queue.shift()!;
    this.metrics?.depth.set({ name: this.o.name }, this.queue.length);
    this.dirty.delete(key);
    this.processing.set(key, this.now());
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    if (added !== undefined) this.metrics?.queueDuration.observe({ name: this.o.name }, (this.now() - added) / 1000);
    return key;
  }

  /** Marks the key processed; if it was added meanwhile it goes back in the queue. */
  done(key: string): void {
    const started = this.processing.get(key);
    this.processing.delete(key);
    if (started !== undefined) this.metrics?.workDuration.observe({ name: this.o.name }, (this.now() - started) / 1000);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.metrics?.depth.set({ name: this.o.name }, this.queue.length);
      this.waiters.shift()?.();
    }
  }

  /**
   * Runs `concurrency` workers calling handler for each key: a thrown error re-adds the key rate
   * limited, a result with requeueAfterMs schedules it, a success forgets its failures.
   */
  run(concurrency: number, handler: (key: string) => Promise<ProcessResult | void>, onError?: (key: string, e: unknown) => void): void {
    if (this.metrics && !this.gauge) {
      this.gauge = setInterval(() => {
        const t = this.now();
        let total = 0;
        let longest = 0;
        for (const s of this.processing.values()) {
          total += (t - s) / 1000;
          longest = Math.max(longest, (t - s) / 1000);
        }
        this.metrics!.unfinished.set({ name: this.o.name }, total);
        this.metrics!.longest.set({ name: this.o.name }, longest);
      }, 1000);
      this.gauge.unref();
    }
    for (let i = 0; i < concurrency; i++) {
      this.workers.push(
        (async () => {
          for (;;) {
            const key = await this.get();
            if (key === undefined) return;
            try {
              const r = await handler(key);
              this.forget(key);
              if (r?.requeueAfterMs !== undefined) this.addAfter(key, r.requeueAfterMs);
            } catch (e) {
              onError?.(key, e);
              this.addRateLimited(key);
            } finally {
              this.done(key);
            }
          }
        })(),
      );
    }
  }

  /** Stops handing out keys; waits for workers to finish the key they hold. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    clearInterval(this.gauge);
    for (const w of this.waiters.splice(0)) w();
    await Promise.all(this.workers);
  }
}
