// External integration: PostgreSQL. Decorates `db` with the pool, and turns a lost connection into
// a 503 problem with Retry-After (reads are served from here only): the gateway starts and stays ready
// without PostgreSQL, answering this problem until the database is back.
import { hash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Pool } from '../../../lib/db/pool.js';
import { isConnectionError, isSchemaMissing } from '../../../lib/db/errors.js';
import { HttpProblem } from '../../domain/problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Pool;
  }
}

export { isConnectionError };

export const databaseUnavailable = (cause?: unknown): HttpProblem =>
  Object.assign(new HttpProblem(503, 'the database is not available; try again shortly', undefined, { 'retry-after': '5' }), { cause });

/**
 * A named (prepared) statement: each connection plans it once and reuses the plan, which matters for the
 * hot read pages, whose planning costs more than their execution. The name follows from the text.
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: 'api_' + hash('sha1', text, 'hex').slice(0, 20), text, values };
}

/** Runs a database call, turning connection failures (and a schema not migrated yet, at first start) into 503. */
export async function dbCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isConnectionError(e) || isSchemaMissing(e)) throw databaseUnavailable(e);
    throw e;
  }
}

export default fp(
  async (app, opts: { pool: Pool }) => {
    app.decorate('db', opts.pool);
  },
  { name: 'database' },
);
