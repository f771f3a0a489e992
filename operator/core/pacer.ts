// The pace of status writes, shared by every controller: at most one write per object per interval, and
// optionally not before a given time (a new job's first status waits for its first publish). Times come
// from the controller's injected clock.

export class StatusPacer {
  private last = new Map<string, number>();
  private notBefore = new Map<string, number>();

  constructor(
    readonly intervalMs: number,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds until a write of this object is allowed; 0 or less: now. */
  waitMs(key: string): number {
    return Math.max((this.last.get(key) ?? -Infinity) + this.intervalMs, this.notBefore.get(key) ?? -Infinity) - this.now().getTime();
  }

  /** Milliseconds since this object's last write (Infinity before the first). */
  sinceLastMs(key: string): number {
    return this.now().getTime() - (this.last.get(key) ?? -Infinity);
  }

  /** Records a write of this object, now or at the time the caller decided it. */
  wrote(key: string, at: Date = this.now()): void {
    this.last.set(key, at.getTime());
  }

  /** Holds this object's writes for `ms` from now; `release` ends the hold early. */
  hold(key: string, ms: number): void {
    this.notBefore.set(key, this.now().getTime() + ms);
  }

  release(key: string): void {
    this.notBefore.delete(key);
  }

  /** The object is gone. */
  forget(key: string): void {
    this.last.delete(key);
    this.notBefore.delete(key);
  }
}
