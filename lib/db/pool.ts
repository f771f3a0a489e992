// The PostgreSQL pool every program uses. Timestamps come back as Date, bigint counts as number
// (counts here stay far below 2^53).
import pg from 'pg';
import { notAnswering } from '../startup.js';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Pool = pg.Pool;

/** `settings` are session parameters of every connection (`-c name=value` at connect). */
export function createPool(
  databaseUrl: string,
  opts: { max?: number; applicationName?: string; schema?: string; settings?: Record<string, string> } = {},
): pg.Pool {
  const settings = { ...(opts.schema ? { search_path: `${opts.schema},public` } : {}), ...opts.settings };
  const options = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'newsroom',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options ? { options } : {}),
  });
  // An idle client losing its connection must not crash the program; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** A readiness probe for /readyz: null when the database answers; the reason names no host, user or address. */
export function databaseReadiness(pool: pg.Pool) {
  return async (): Promise<string | null> => {
    try {
      await pool.query('SELECT 1');
      return null;
    } catch (e) {
      return notAnswering('PostgreSQL', e);
    }
  };
}
