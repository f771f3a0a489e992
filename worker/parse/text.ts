// Text cleanup shared by the parsers. Pure.

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  middot: '·',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

/** Decodes HTML entities (named ones in common use, decimal and hex). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
    }
    return NAMED[e.toLowerCase()] ?? all;
  });
}

/** Removes tags (e.g. the API's <b> highlights) and decodes entities, then squeezes whitespace. */
export function stripTags(s: string): string {
  return cleanText(decodeEntities(s.replace(/<[^>]*>/g, '')));
}

/** Trims and collapses runs of whitespace (including no-break spaces) to one space. */
export function cleanText(s: string | null | undefined): string {
  return (s ?? '').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Like cleanText but keeps line breaks (comment text): each line cleaned, outer blank lines dropped. */
export function cleanMultiline(s: string | null | undefined): string {
  return (s ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0\u200b]+/g, ' ').trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** An integer from a count as shown ("1,234", " 12 "); 0 when there is none. */
export function parseCount(s: string | null | undefined): number {
  const digits = (s ?? '').replace(/[^\d]/g, '');
  return digits ? Number(digits) : 0;
}

/** An article body as stored: every non-empty line (a paragraph) cleaned, joined by a blank line. */
export function bodyText(s: string | null | undefined): string | null {
  const paragraphs = (s ?? '').replace(/\r\n?/g, '\n').split('\n').map(cleanText).filter(Boolean);
  return paragraphs.length ? paragraphs.join('\n\n') : null;
}
