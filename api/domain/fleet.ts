// The fleet's task queues by priority, from per-department task counts (pure, for GET /v1/fleet).
export interface TaskCounts {
  queue: string;
  priority: number;
  pending: number;
  queued: number;
  running: number;
}

/** Per-department task counts summed by queue and priority, highest priority first. */
export function byQueueAndPriority(rows: TaskCounts[]): TaskCounts[] {
  const out = new Map<string, TaskCounts>();
  for (const r of rows) {
    const k = `${r.queue} ${r.priority}`;
    const o = out.get(k) ?? { queue: r.queue, priority: r.priority, pending: 0, queued: 0, running: 0 };
    o.pending += r.pending;
    o.queued += r.queued;
    o.running += r.running;
    out.set(k, o);
  }
  return [...out.values()].sort((a, b) => a.queue.localeCompare(b.queue) || b.priority - a.priority);
}
