// A site's request budget shared by the whole fleet: a token bucket per host in PostgreSQL
// (site_budgets), refilled at the profile's requestsPerMinute up to its burst. Every request reserves
// its tokens in one atomic upsert on PostgreSQL's clock (one clock for every worker) and waits until
// its reservation is covered; a negative balance is the wait of the requests already promised. So the
// site receives at most burst + requestsPerMinute per minute from all workers together, whatever their
// number. The wait itself is decided by reservationWaitMs (pure).
import type { Pool } from '../lib/db/pool.js';
import { sleep } from './politeness.js';

/** How long a request waits after its reservation left `balance` tokens in a bucket refilled at perMinute. Pure. */
export function reservationWaitMs(balance: number, perMinute: number): number {
  if (balance >= 0) return 0;
  return Math.ceil((-balance * 60_000) / perMinute);
}

/** The budget's key: the host a URL names (the text itself when it is not a URL). */
export function budgetHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export class SiteBudget {
  constructor(private pool: Pool) {}

  /**
   * Reserves `requests` tokens of the URL's host and waits until they are covered (or the signal
   * aborts). Returns the wait in ms.
   */
  async acquire(url: string, perMinute: number, burst: number, requests = 1, signal?: AbortSignal): Promise<number> {
    const r = await this.pool.query<{ tokens: number }>(
      `INSERT INTO site_budgets AS b (host, tokens, at) VALUES ($1, $2::float8 - $4, clock_timestamp())
       ON CONFLICT (host) DO UPDATE SET
         tokens = least($2::float8, b.tokens + extract(epoch FROM clock_timestamp() - b.at) * $3::float8 / 60) - $4,
         at = clock_timestamp()
       RETURNING tokens`,
      [budgetHost(url), burst, perMinute, requests],
    );
    const waitMs = reservationWaitMs(r.rows[0]!.tokens, perMinute);
    await sleep(waitMs, signal);
    return waitMs;
  }
}
