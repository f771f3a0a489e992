// Each outlet's robots.txt, read once a day per origin by plain HTTP and shared by the process's tasks.
// RFC 9309: an answer of 4xx means no rule; a server error or no answer means nothing may be fetched
// (the skip is reported with its reason, never silent).
import { parseRobots, robotsAllow, type RobotsRules } from './parse/robots.js';

const KEEP_MS = 24 * 3_600_000;
const TIMEOUT_MS = 10_000;

export interface RobotsVerdict {
  allowed: boolean;
  /** Why a page is not allowed, in plain words. */
  reason?: string;
}

type Entry = { at: number; rules: RobotsRules | null; unreachable?: string };

export class RobotsTxt {
  private cache = new Map<string, Promise<Entry>>();

  constructor(private fetchImpl: typeof fetch = fetch) {}

  async check(url: string, userAgent: string, now = Date.now()): Promise<RobotsVerdict> {
    const u = new URL(url);
    let entry = this.cache.get(u.origin);
    if (!entry || now - (await entry).at > KEEP_MS) {
      entry = this.read(u.origin, now);
      this.cache.set(u.origin, entry);
    }
    const e = await entry;
    if (e.unreachable) return { allowed: false, reason: `${u.origin}/robots.txt could not be read (${e.unreachable}), which forbids every page` };
    if (!e.rules || robotsAllow(e.rules, userAgent, u.pathname + u.search)) return { allowed: true };
    return { allowed: false, reason: `${u.origin}/robots.txt disallows ${u.pathname}${u.search} to ${userAgent}` };
  }

  private async read(origin: string, now: number): Promise<Entry> {
    try {
      const res = await this.fetchImpl(`${origin}/robots.txt`, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
      if (res.status >= 500) return { at: now, rules: null, unreachable: `HTTP ${res.status}` };
      if (res.status >= 400) return { at: now, rules: null };
      return { at: now, rules: parseRobots(await res.text()) };
    } catch (err) {
      return { at: now, rules: null, unreachable: (err as Error).message };
    }
  }
}
