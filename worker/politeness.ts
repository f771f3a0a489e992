// Politeness towards a site within a task: the job's random pause between a task's requests. The
// site's rate (the profile's requestsPerMinute and burst) is the fleet's budget, in budget.ts.

/** A pause uniformly drawn between min and max ms. `random` in [0,1). */
export function randomDelay(minMs: number, maxMs: number, random: number): number {
  const lo = Math.max(0, Math.min(minMs, maxMs));
  const hi = Math.max(lo, maxMs);
  return Math.round(lo + (hi - lo) * random);
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
