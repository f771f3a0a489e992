// Fault rules for tests: match requests by path pattern (and optionally a query substring or
// method) and make them slow, fail with a status, hit a block page, get the changed markup, or
// have their connection reset. Rules with `times` expire after that many matches.

export type FaultAction = 'slow' | 'status' | 'block' | 'markup' | 'reset';
const ACTIONS: readonly FaultAction[] = ['slow', 'status', 'block', 'markup', 'reset'];

export interface FaultRule {
  id: string;
  /** Regular expression (source) tested against the request path. */
  path: string;
  /** Substring of the query string (raw or decoded), or null for any. */
  query: string | null;
  method: string | null;
  action: FaultAction;
  /** `slow`: delay before answering normally. */
  delayMs: number;
  /** `status`: the HTTP status to answer; `block`: the block page's HTTP status (200 or 403). */
  status: number;
  /** `status` 429/503: Retry-After seconds, if any. */
  retryAfter: number | null;
  /** Matches left before the rule expires; null = never expires. */
  remaining: number | null;
  matched: number;
  /**
   * `markup`: which change, where a page has more than one (the `/wire/` comment API: `count`; search
   * pages: `unreadable-date` or `unreadable-title` change only the second result of every page).
   */
  variant: string | null;
}

export interface FaultRequest {
  method: string;
  path: string;
  /** Raw query string without the `?`. */
  query: string;
}

/** Validates a rule as posted to /__admin/faults; throws an Error naming the bad field. */
export function parseFaultRule(input: unknown, id: string): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('a fault rule must be a JSON object');
  const o = input as Record<string, unknown>;
  const action = o['action'];
  if (typeof action !== 'string' || !ACTIONS.includes(action as FaultAction)) {
    throw new Error(`action must be one of ${ACTIONS.join(', ')}`);
  }
  const path = o['path'] ?? '.*';
  if (typeof path !== 'string') throw new Error('path must be a regular expression string');
  try {
    new RegExp(path);
  } catch (err) {
    throw new Error(`path is not a valid regular expression: ${(err as Error).message}`, { cause: err });
  }
  const query = optionalString(o, 'query');
  const variant = optionalString(o, 'variant');
  const method = optionalString(o, 'method');
  const times = o['times'] ?? o['count'] ?? null;
  if (times !== null && (!Number.isInteger(times) || (times as number) < 1)) throw new Error('times must be a positive integer');
  const delayMs = o['delayMs'] ?? o['delay'] ?? (action === 'slow' ? 1000 : 0);
  if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 600_000) {
    throw new Error('delayMs must be an integer between 0 and 600000');
  }
  const defaultStatus = action === 'block' ? 403 : 500;
  const status = o['status'] ?? o['httpStatus'] ?? defaultStatus;
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) throw new Error('status must be an HTTP status code');
  if (action === 'block' && status !== 200 && status !== 403) throw new Error('a block page answers with status 200 or 403');
  const retryAfter = o['retryAfter'] ?? null;
  if (retryAfter !== null && (!Number.isInteger(retryAfter) || (retryAfter as number) < 0))
    throw new Error('retryAfter must be a whole number of seconds');
  return {
    id,
    path,
    query,
    method: method === null ? null : method.toUpperCase(),
    action: action as FaultAction,
    delayMs: delayMs as number,
    status: status as number,
    retryAfter: retryAfter as number | null,
    remaining: times as number | null,
    matched: 0,
    variant,
  };
}

export function ruleMatches(rule: FaultRule, req: FaultRequest): boolean {
  if (rule.remaining !== null && rule.remaining <= 0) return false;
  if (rule.method !== null && rule.method !== req.method.toUpperCase()) return false;
  if (!new RegExp(rule.path).test(req.path)) return false;
  if (rule.query !== null && !req.query.includes(rule.query) && !decodeQuery(req.query).includes(rule.query)) return false;
  return true;
}

export interface FaultDecision {
  /** Total delay of the matching `slow` rules. */
  delayMs: number;
  /** The first matching rule of another kind, which decides the answer. */
  rule: FaultRule | null;
}

/**
 * Picks what happens to a request: every matching `slow` rule (in order) adds its delay, the first
 * matching non-slow rule decides the answer. Each rule that applies uses up one of its `times`.
 */
export function decide(rules: readonly FaultRule[], req: FaultRequest): FaultDecision {
  let delayMs = 0;
  for (const rule of rules) {
    if (!ruleMatches(rule, req)) continue;
    use(rule);
    if (rule.action === 'slow') {
      delayMs += rule.delayMs;
      continue;
    }
    return { delayMs, rule };
  }
  return { delayMs, rule: null };
}

function use(rule: FaultRule): void {
  rule.matched++;
  if (rule.remaining !== null) rule.remaining--;
}

/** The rules in force, in the order they were added. */
export class FaultBoard {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: unknown): FaultRule {
    const rule = parseFaultRule(input, `f${this.nextId}`);
    this.nextId++;
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  decide(req: FaultRequest): FaultDecision {
    if (this.rules.length === 0) return { delayMs: 0, rule: null };
    return decide(this.rules, req);
  }
}

function optionalString(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new Error(`${key} must be a string`);
  return v;
}

function decodeQuery(query: string): string {
  try {
    return decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return query;
  }
}
