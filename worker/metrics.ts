// The worker's Prometheus metrics.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WorkerMetrics {
  tasks: Counter<'queue' | 'outcome'>;
  taskDuration: Histogram<'queue'>;
  items: Counter<'kind'>;
  pageLoad: Histogram<string>;
  sessionErrors: Counter<'reason'>;
  busySlots: Gauge<string>;
  budgetWait: Histogram<string>;
  consumerCancels: Counter<string>;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  return {
    budgetWait: new Histogram({
      name: 'newsroom_worker_site_budget_wait_seconds',
      help: "Time a request waited for the site's budget, shared by the fleet (the profile's rateLimit per host).",
      buckets: [0, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    consumerCancels: new Counter({
      name: 'newsroom_worker_consumer_cancels_total',
      help: 'Consumers the broker cancelled (a task queue deleted or lost); the worker declares the queues again and subscribes again.',
      registers: [registry],
    }),
    tasks: new Counter({
      name: 'newsroom_worker_tasks_total',
      help: 'Tasks handled, by queue and outcome (succeeded, retryable, failed, cancelled, dropped, requeued, dead_lettered, interrupted).',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    taskDuration: new Histogram({
      name: 'newsroom_worker_task_duration_seconds',
      help: 'Time from claim to outcome of a task.',
      labelNames: ['queue'],
      buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1200],
      registers: [registry],
    }),
    items: new Counter({
      name: 'newsroom_items_collected_total',
      help: 'Items written to the database, by kind (article, comment).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    pageLoad: new Histogram({
      name: 'newsroom_page_load_seconds',
      help: 'Browser page loads (navigation until DOM content loaded).',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    sessionErrors: new Counter({
      name: 'newsroom_selenium_session_errors_total',
      help: 'Browser session failures, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    busySlots: new Gauge({ name: 'newsroom_worker_busy_slots', help: 'Slots working on a task right now.', registers: [registry] }),
  };
}
