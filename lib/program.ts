// What every program does at start: configuration, logger, metrics registry, graceful shutdown.
import { createLogger, type Logger } from './log.js';
import { createRegistry } from './metrics.js';
import { Shutdown } from './shutdown.js';
import type { Registry } from 'prom-client';

export interface Program {
  log: Logger;
  registry: Registry;
  shutdown: Shutdown;
}

export function startProgram(name: string, logLevel: string): Program {
  const log = createLogger(name, logLevel);
  const registry = createRegistry(name);
  const shutdown = new Shutdown(log);
  shutdown.install();
  process.on('unhandledRejection', (e) => log.error({ err: e }, 'unhandled rejection'));
  return { log, registry, shutdown };
}

/** Runs main and turns an error during start into a logged message and exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const err = e as Error;
    const causes: string[] = [];
    for (let c: unknown = err.cause; c; c = c instanceof Error ? c.cause : undefined)
      causes.push(c instanceof Error ? c.message : typeof c === 'string' ? c : JSON.stringify(c));
    process.stderr.write(`${name}: failed to start: ${err.message}${causes.length ? ` (${causes.join(': ')})` : ''}\n`);
    process.exit(1);
  });
}
