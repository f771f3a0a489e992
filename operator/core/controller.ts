// The shared shape of every controller: a keyed work queue fed by informer events, a reconcile
// function per key, controller-runtime's metrics, and the leader gate: only the leader reconciles.
// Keys arriving while not leading are dropped; becoming the leader enqueues every key again.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../../lib/log.js';
import { WorkQueue, type ProcessResult } from '../../lib/kube/workqueue.js';

export interface ControllerOptions {
  name: string;
  concurrency: number;
  registry: Registry;
  log: Logger;
  reconcile: (key: string) => Promise<ProcessResult | void>;
  isLeader: () => boolean;
}

interface ControllerMetrics {
  total: Counter<'controller' | 'result'>;
  errors: Counter<'controller'>;
  time: Histogram<'controller'>;
  maxConcurrent: Gauge<'controller'>;
  active: Gauge<'controller'>;
}

const byRegistry = new WeakMap<Registry, ControllerMetrics>();

function metricsFor(registry: Registry): ControllerMetrics {
  let m = byRegistry.get(registry);
  if (m) return m;
  const registers = [registry];
  m = {
    total: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller.',
      labelNames: ['controller', 'result'],
      registers,
    }),
    errors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller.',
      labelNames: ['controller'],
      registers,
    }),
    time: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller.',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    maxConcurrent: new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller.',
      labelNames: ['controller'],
      registers,
    }),
    active: new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller.',
      labelNames: ['controller'],
      registers,
    }),
  };
  byRegistry.set(registry, m);
  return m;
}

export class Controller {
  readonly queue: WorkQueue;
  private m: ControllerMetrics;

  constructor(private o: ControllerOptions) {
    this.queue = new WorkQueue({ name: o.name, registry: o.registry });
    this.m = metricsFor(o.registry);
    this.m.maxConcurrent.set({ controller: o.name }, o.concurrency);
    this.m.active.set({ controller: o.name }, 0);
  }

  get name(): string {
    return this.o.name;
  }

  enqueue(key: string): void {
    if (this.o.isLeader()) this.queue.add(key);
  }

  /** Enqueues ahead of the waiting keys: the first reconcile of a new object. */
  enqueueFirst(key: string): void {
    if (this.o.isLeader()) this.queue.addFirst(key);
  }

  enqueueAfter(key: string, ms: number): void {
    if (this.o.isLeader()) this.queue.addAfter(key, ms);
  }

  start(): void {
    const name = this.o.name;
    this.queue.run(
      this.o.concurrency,
      async (key) => {
        if (!this.o.isLeader()) return;
        this.m.active.inc({ controller: name });
        const end = this.m.time.startTimer({ controller: name });
        try {
          const r = await this.o.reconcile(key);
          this.m.total.inc({ controller: name, result: r?.requeueAfterMs !== undefined ? 'requeue_after' : 'success' });
          return r;
        } catch (e) {
          this.m.total.inc({ controller: name, result: 'error' });
          this.m.errors.inc({ controller: name });
          throw e;
        } finally {
          end();
          this.m.active.dec({ controller: name });
        }
      },
      (key, e) =>
        this.o.log.warn(
          { controller: name, key, err: (e as Error).message, cause: ((e as Error).cause as Error)?.message },
          'reconcile failed; retrying with backoff',
        ),
    );
  }

  stop(): Promise<void> {
    return this.queue.shutdown();
  }
}
