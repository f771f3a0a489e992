// Keyset (cursor) pagination: pages are cut by the sort key of the last row seen, never by offset, so
// rows inserted while someone pages through neither repeat nor push others out of view. Cursors are
// opaque base64url JSON; sort keys are carried as the database's own text so no precision is lost.

export interface Cursor {
  /** The sort key of the last row, as text (null when the row had none). */
  k: string | null;
  /** The row's unique id, the tie-breaker. */
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k, c.id]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one of ours. */
export function decodeCursor(text: string): Cursor | null {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [k, id] = v as unknown[];
    if (!(k === null || typeof k === 'string') || typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
    if (k !== null && k.length > 64) return null;
    return { k, id };
  } catch {
    return null;
  }
}

export type Direction = 'asc' | 'desc';

/**
 * The ORDER BY and the WHERE condition that continue after `cursor` for a nullable sort column and a
 * unique id column. Descending puts NULLs first and ascending last, which is exactly the order a
 * b-tree index on (key, id) is read in either direction, so the database reads only the page.
 * `param(value)` adds a bound parameter and returns its placeholder.
 */
export function keyset(
  key: string,
  id: string,
  dir: Direction,
  cursor: Cursor | null,
  param: (v: unknown) => string,
  cast: { key: string; id: string },
): { orderBy: string; where: string | null } {
  const op = dir === 'desc' ? '<' : '>';
  const orderBy = dir === 'desc' ? `${key} DESC NULLS FIRST, ${id} DESC` : `${key} ASC NULLS LAST, ${id} ASC`;
  if (!cursor) return { orderBy, where: null };
  const i = `${param(cursor.id)}::${cast.id}`;
  if (cursor.k === null) {
    return {
      orderBy,
      where: dir === 'desc' ? `((${key} IS NULL AND ${id} ${op} ${i}) OR ${key} IS NOT NULL)` : `(${key} IS NULL AND ${id} ${op} ${i})`,
    };
  }
  const k = `${param(cursor.k)}::${cast.key}`;
  const after = `(${key} ${op} ${k} OR (${key} = ${k} AND ${id} ${op} ${i}))`;
  return { orderBy, where: dir === 'desc' ? after : `(${after} OR ${key} IS NULL)` };
}

/** Collects bound parameters of a query being built: `p(v)` returns `$n`. */
export function params(): { values: unknown[]; p: (v: unknown) => string } {
  const values: unknown[] = [];
  return { values, p: (v) => `$${values.push(v)}` };
}
