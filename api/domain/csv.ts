// Helpers for downloads that people open in spreadsheets.

/** UTF-8 byte order mark: Excel reads Korean text correctly only with it. */
export const BOM = '\uFEFF';

/** The first characters that make a spreadsheet evaluate a cell (OWASP: CSV injection). */
export const FORMULA_FIRST_CHARS = ['=', '+', '-', '@', '\t', '\r'] as const;

/**
 * A cell text that a spreadsheet will not evaluate: text starting with =, +, -, @, tab or CR gets a
 * leading apostrophe. Comments are written by strangers.
 */
export function neutralise(text: string): string {
  return (FORMULA_FIRST_CHARS as readonly string[]).includes(text.charAt(0)) ? `'${text}` : text;
}

/** The same rule as neutralise(), as a SQL expression over a text expression (for COPY ... TO STDOUT). */
export function neutraliseSql(expr: string): string {
  const chars = FORMULA_FIRST_CHARS.map((c) => (c === '\t' ? 'chr(9)' : c === '\r' ? 'chr(13)' : `'${c}'`)).join(', ');
  return `CASE WHEN left(${expr}, 1) IN (${chars}) THEN '''' || ${expr} ELSE ${expr} END`;
}

/**
 * A Content-Disposition value that is safe whatever the name: an ASCII fallback limited to
 * [A-Za-z0-9._-] and the full name percent-encoded in filename* (RFC 6266).
 */
export function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 120) || 'download';
  // eslint-disable-next-line no-control-regex
  const encoded = encodeURIComponent(name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_')).replace(
    /['()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Escapes % _ and \ for a LIKE pattern. */
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
