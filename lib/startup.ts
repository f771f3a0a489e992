// Start in any order: a program serves its health port at once and waits for what it needs
// (PostgreSQL, RabbitMQ, the apiserver) with capped exponential backoff, its /readyz saying what it
// waits for (never a host, user or address: those go to the log) instead of exiting and being
// restarted. Errors that waiting cannot fix (a wrong password, a broken migration) still end the start.
import { backoffDelay } from './amqp/connection.js';
import type { ReadinessCheck } from './health-server.js';
import type { Logger } from './log.js';

export interface WaitOptions {
  minMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class Startup {
  private waitingFor: string | null = null;
  private check: ReadinessCheck | null = null;

  constructor(private readonly log: Logger) {}

  /** The readiness of the program: what it waits for while starting, then its own check. */
  readonly readiness: ReadinessCheck = async () => {
    if (this.check) return this.check();
    return this.waitingFor ? `starting: waiting for ${this.waitingFor}` : 'starting';
  };

  /** Runs `attempt` until it succeeds, waiting with backoff after each error `transient` accepts; other errors are thrown. */
  async until<T>(what: string, attempt: () => Promise<T>, transient: (e: unknown) => boolean, o: WaitOptions = {}): Promise<T> {
    const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.waitingFor = what;
    for (let n = 0; ; n++) {
      try {
        const value = await attempt();
        if (n > 0) this.log.info({ attempts: n + 1 }, `${what} answers`);
        this.waitingFor = null;
        return value;
      } catch (e) {
        if (!transient(e)) throw e;
        const ms = backoffDelay(n, o.minMs ?? 500, o.maxMs ?? 15_000);
        this.log.warn({ err: (e as Error).message, retryInMs: ms, attempt: n + 1 }, `waiting for ${what}`);
        await sleep(ms);
      }
    }
  }

  /** Started: from now on /readyz answers with the program's own check. */
  running(check: ReadinessCheck): void {
    this.check = check;
  }
}

/** A readiness reason for a dependency that does not answer: its name and the error's code, no connection details. */
export function notAnswering(what: string, e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return `${what} does not answer${typeof code === 'string' && /^[A-Z0-9_]{2,20}$/.test(code) ? ` (${code})` : ''}`;
}
