// Helpers for downloads that people open in spreadsheets.

/** UTF-8 byte order mark: Excel reads Korean text correctly only with it. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell text that a spreadsheet will not evaluate: text starting with =, +, -, @, tab or CR gets a
 * leading apostrophe (OWASP's advice for CSV injection). Comments are written by strangers.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text of a value for a CSV cell. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return neutralise(JSON.stringify(v));
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return neutralise(String(v));
}

/**
 * A Content-Disposition value that is safe whatever the name: an ASCII fallback limited to
 * [A-Za-z0-9._-] and the full name percent-encoded in filename* (RFC 6266).
 */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'download';
  // eslint-disable-next-line no-control-regex
  const encoded = encodeURIComponent(name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_')).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One CSV record (RFC 4180): cells quoted when they hold a comma, quote, CR or LF; ends with CRLF. */
export function csvRow(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const s = cellText(values[i]);
    if (i > 0) line += ',';
    line += /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return line + '\r\n';
}

/** Escapes % _ and \ for a LIKE pattern. */
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}
