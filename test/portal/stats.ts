// Request counters for tests and benchmarks (`GET /__admin/stats`).

export class RequestStats {
  private startedAt = Date.now();
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private faults = new Map<string, number>();
  /** When each request of the site (not the control routes) arrived, epoch ms: rates over any window. */
  private times: number[] = [];

  record(route: string, control = false): void {
    if (!control) this.times.push(Date.now());
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  recordStatus(status: number | 'reset'): void {
    const key = String(status);
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
  }

  recordFault(action: string): void {
    this.faults.set(action, (this.faults.get(action) ?? 0) + 1);
  }

  /** The most requests the site received within any `windowMs` (a sliding window over the arrivals). */
  busiestWindow(windowMs: number): { requests: number; from: string | null } {
    let best = 0;
    let from: number | null = null;
    for (let i = 0, j = 0; j < this.times.length; j++) {
      while (this.times[j]! - this.times[i]! >= windowMs) i++;
      if (j - i + 1 > best) {
        best = j - i + 1;
        from = this.times[i]!;
      }
    }
    return { requests: best, from: from === null ? null : new Date(from).toISOString() };
  }

  snapshot(windowMs?: number): Record<string, unknown> {
    const obj = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    return {
      since: new Date(this.startedAt).toISOString(),
      total: this.total,
      by_route: obj(this.byRoute),
      by_status: obj(this.byStatus),
      faults_applied: obj(this.faults),
      ...(windowMs ? { busiest_window: { window_ms: windowMs, ...this.busiestWindow(windowMs) } } : {}),
    };
  }

  reset(): void {
    this.startedAt = Date.now();
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.faults.clear();
    this.times = [];
  }
}
