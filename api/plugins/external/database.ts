// External integration: PostgreSQL. Decorates `db` with the pool, and turns a lost connection into
// a 503 problem with Retry-After (reads are served from here only).
import { hash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Pool } from '../../../lib/db/pool.js';
import { HttpProblem } from '../../domain/problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Pool;
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True for errors that mean the database cannot be reached, not that a statement was wrong. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err?.code === 'string' && (CONNECTION_CODES.has(err.code) || err.code.startsWith('08'))) return true;
  const msg = typeof err?.message === 'string' ? err.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(msg);
}

export const databaseUnavailable = (cause?: unknown): HttpProblem =>
  Object.assign(new HttpProblem(503, 'the database is not available; try again shortly', undefined, { 'retry-after': '5' }), { cause });

/**
 * A named (prepared) statement: each connection plans it once and reuses the plan, which matters for the
 * hot read pages, whose planning costs more than their execution. The name follows from the text.
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: 'api_' + hash('sha1', text, 'hex').slice(0, 20), text, values };
}

/** Runs a database call, turning connection failures into 503. */
export async function dbCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isConnectionError(e)) throw databaseUnavailable(e);
    throw e;
  }
}

export default fp(
  async (app, opts: { pool: Pool }) => {
    app.decorate('db', opts.pool);
  },
  { name: 'database' },
);
