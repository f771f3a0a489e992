// The portal's configuration from the environment, validated: a bad value stops the program
// with a message naming the variable.
import { kstDay, parseDay } from './kst.js';

export interface PortalConfig {
  host: string;
  port: number;
  seed: number;
  /** Last day of the corpus (KST, YYYY-MM-DD). */
  anchorDate: string;
  /** Frozen clock (epoch ms) for relative dates and visibility, or null for the real clock. */
  now: number | null;
  /** Base URL put in absolute links; null = taken from each request's Host header. */
  publicUrl: string | null;
  apiClientId: string;
  apiClientSecret: string;
  apiDailyQuota: number;
  /** Delay before the comment page's script makes its first request. */
  commentDelayMs: number;
  /** Comments per "more" page on the comment page. */
  commentPageSize: number;
  logRequests: boolean;
  /** Likes that grow with the clock (0 = fixed): see growingLikes in comments.ts. */
  likesGrowthHours: number;
}

type Env = Record<string, string | undefined>;

export function readPortalConfig(env: Env, realNow: number = Date.now()): PortalConfig {
  const now = optional(env, 'PORTAL_NOW', (v) => {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new Error('an ISO 8601 instant such as 2024-12-02T15:00:00+09:00');
    return ms;
  });
  const anchorDate =
    optional(env, 'PORTAL_ANCHOR_DATE', (v) => {
      const day = parseDay(v);
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error('a day written YYYY-MM-DD');
      return day;
    }) ?? kstDay(now ?? realNow);
  return {
    host: env['PORTAL_HOST'] || '127.0.0.1',
    port: optional(env, 'PORTAL_PORT', (v) => integer(v, 0, 65535)) ?? 18090,
    seed: optional(env, 'PORTAL_SEED', (v) => integer(v, 0, 2 ** 32 - 1)) ?? 42,
    anchorDate,
    now,
    publicUrl: optional(env, 'PORTAL_PUBLIC_URL', (v) => {
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        throw new Error('an http(s) URL');
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('an http(s) URL');
      return v.replace(/\/+$/, '');
    }),
    apiClientId: env['PORTAL_API_CLIENT_ID'] || 'local-client',
    apiClientSecret: env['PORTAL_API_CLIENT_SECRET'] || 'local-secret',
    apiDailyQuota: optional(env, 'PORTAL_API_DAILY_QUOTA', (v) => integer(v, 0, 1e9)) ?? 25_000,
    commentDelayMs: optional(env, 'PORTAL_COMMENT_DELAY_MS', (v) => integer(v, 0, 60_000)) ?? 150,
    commentPageSize: optional(env, 'PORTAL_COMMENT_PAGE_SIZE', (v) => integer(v, 1, 100)) ?? 20,
    likesGrowthHours: optional(env, 'PORTAL_LIKES_GROWTH_HOURS', (v) => integer(v, 0, 8760)) ?? 0,
    logRequests: ['1', 'true', 'yes'].includes((env['PORTAL_LOG_REQUESTS'] ?? '').toLowerCase()),
  };
}

function optional<T>(env: Env, name: string, parse: (v: string) => T): T | null {
  const v = env[name];
  if (v === undefined || v === '') return null;
  try {
    return parse(v);
  } catch (err) {
    throw new Error(`${name}=${JSON.stringify(v)} is invalid: expected ${(err as Error).message}`, { cause: err });
  }
}

function integer(v: string, min: number, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`an integer from ${min} to ${max}`);
  return n;
}
