// Politeness towards a site: a token bucket per domain shared by every task of the process (the
// profile's requestsPerMinute and burst), plus the job's random pause between a task's requests.

export interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

/** Takes one token at `now`; returns how long to wait before the request may go, and the new bucket. Pure. */
export function takeToken(b: Bucket | undefined, now: number, perMinute: number, burst: number): { waitMs: number; bucket: Bucket } {
  const rate = perMinute / 60_000;
  const cur = b ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, cur.tokens + Math.max(0, now - cur.at) * rate);
  if (tokens >= 1) return { waitMs: 0, bucket: { tokens: tokens - 1, at: now } };
  const waitMs = Math.ceil((1 - tokens) / rate);
  // The token is spent now; the request waits for it to refill.
  return { waitMs, bucket: { tokens: tokens - 1, at: now } };
}

/** A pause uniformly drawn between min and max ms. `random` in [0,1). */
export function randomDelay(minMs: number, maxMs: number, random: number): number {
  const lo = Math.max(0, Math.min(minMs, maxMs));
  const hi = Math.max(lo, maxMs);
  return Math.round(lo + (hi - lo) * random);
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  /** Waits until a request to the URL's host is allowed. */
  async acquire(url: string, perMinute: number, burst: number, signal?: AbortSignal): Promise<void> {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // keep the text as the key
    }
    const { waitMs, bucket } = takeToken(this.buckets.get(host), Date.now(), perMinute, burst);
    this.buckets.set(host, bucket);
    if (waitMs > 0) await sleep(waitMs, signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
