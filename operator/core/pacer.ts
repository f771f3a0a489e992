// The pace of status writes, shared by every controller: at most one write per object per interval, and
// optionally not before a given time (a new job's first status waits for its first publish). Times come
// from the controller's injected clock.

/** What the pacer knows of one object, for a pure decision to compute its wait with `paceWaitMs`. */
export interface Pace {
  intervalMs: number;
  /** Time of the last write (ms since the epoch), if any. */
  lastMs?: number;
  /** No write before this time (ms since the epoch), if held. */
  holdUntilMs?: number;
}

/** Milliseconds until a write is allowed; 0 or less: now. `ignoreHold`: as if the hold were released. */
export function paceWaitMs(p: Pace, nowMs: number, ignoreHold = false): number {
  const hold = ignoreHold ? -Infinity : (p.holdUntilMs ?? -Infinity);
  return Math.max((p.lastMs ?? -Infinity) + p.intervalMs, hold) - nowMs;
}

export class StatusPacer {
  private last = new Map<string, number>();
  private notBefore = new Map<string, number>();

  constructor(
    readonly intervalMs: number,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds until a write of this object is allowed; 0 or less: now. */
  waitMs(key: string): number {
    return paceWaitMs(this.pace(key), this.now().getTime());
  }

  /** This object's pace, for a pure decision. */
  pace(key: string): Pace {
    const lastMs = this.last.get(key);
    const holdUntilMs = this.notBefore.get(key);
    return { intervalMs: this.intervalMs, ...(lastMs !== undefined ? { lastMs } : {}), ...(holdUntilMs !== undefined ? { holdUntilMs } : {}) };
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
