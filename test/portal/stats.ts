// Request counters for tests and benchmarks (`GET /__admin/stats`).

export class RequestStats {
  private startedAt = Date.now();
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private faults = new Map<string, number>();

  record(route: string): void {
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

  snapshot(): Record<string, unknown> {
    const obj = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    return {
      since: new Date(this.startedAt).toISOString(),
      total: this.total,
      by_route: obj(this.byRoute),
      by_status: obj(this.byStatus),
      faults_applied: obj(this.faults),
    };
  }

  reset(): void {
    this.startedAt = Date.now();
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.faults.clear();
  }
}
