// What a PostgreSQL error means for the caller: the database cannot be reached (yet), as opposed to a
// statement that was wrong.

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True for errors that mean the database cannot be reached, not that a statement was wrong. */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof err?.code === 'string' && (CONNECTION_CODES.has(err.code) || err.code.startsWith('08'))) return true;
  const msg = typeof err?.message === 'string' ? err.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(msg);
}

/** True when a table the program reads does not exist yet: the schema is still being migrated. */
export const isSchemaMissing = (e: unknown): boolean => (e as { code?: unknown })?.code === '42P01';
