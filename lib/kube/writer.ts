// Apiserver writes taken off a controller's reconcile path. A reconcile decides what to write and
// schedules it here; it does not wait for it. One write per key is in flight at a time, a newer write
// for a key replaces the one still waiting (the latest decision wins), and at most `concurrency`
// writes run at once. A failed write is reported (the controller re-queues the key with backoff, and
// its next reconcile decides again); the writes themselves carry resourceVersions, so a write decided
// on an older version of the object meets a 409 and is computed again from the stored object.
// A writer can be closed (a leader that lost its lease): the writes still waiting are dropped at once,
// new ones are refused, and only the writes already in flight finish; opening it again accepts writes.
export type WriteOp = () => Promise<void>;

export class KeyedWriter {
  private waiting = new Map<string, WriteOp>();
  private order: string[] = [];
  private running = new Set<string>();
  private idle: (() => void)[] = [];
  private isClosed = false;

  constructor(
    private concurrency: number,
    private onError: (key: string, e: unknown) => void,
  ) {}

  /** Schedules a write for the key, replacing one that has not started yet; false when closed. */
  schedule(key: string, op: WriteOp): boolean {
    if (this.isClosed) return false;
    if (!this.waiting.has(key)) this.order.push(key);
    this.waiting.set(key, op);
    this.pump();
    return true;
  }

  /** Drops every write that has not started and refuses new ones; returns how many were dropped. */
  close(): number {
    this.isClosed = true;
    const dropped = this.waiting.size;
    this.waiting.clear();
    this.order = [];
    this.settle();
    return dropped;
  }

  /** Accepts writes again. */
  open(): void {
    this.isClosed = false;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** True while a write for the key waits or runs. */
  busy(key: string): boolean {
    return this.waiting.has(key) || this.running.has(key);
  }

  get size(): number {
    return this.waiting.size + this.running.size;
  }

  /** Resolves once nothing waits or runs. */
  drain(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    for (let i = 0; i < this.order.length && this.running.size < this.concurrency;) {
      const key = this.order[i]!;
      if (this.running.has(key)) {
        i++;
        continue;
      }
      this.order.splice(i, 1);
      const op = this.waiting.get(key)!;
      this.waiting.delete(key);
      this.running.add(key);
      void Promise.resolve()
        .then(op)
        .catch((e: unknown) => this.onError(key, e))
        .finally(() => {
          this.running.delete(key);
          this.pump();
          this.settle();
        });
    }
  }

  private settle(): void {
    if (this.size === 0) for (const w of this.idle.splice(0)) w();
  }
}
