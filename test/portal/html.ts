// HTML building blocks: escaping, keyword highlighting and the document shell.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** Escapes the way the Search Open API does: `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`. */
export function escapeApiText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : (ENTITIES[c] as string)));
}

/**
 * Wraps every occurrence of the terms (case-insensitive, longest first, non-overlapping) in
 * `open`/`close`, escaping the text around and inside with `escape`.
 */
export function highlight(
  text: string,
  terms: readonly string[],
  open = '<mark>',
  close = '</mark>',
  escape: (s: string) => string = escapeHtml,
): string {
  const needles = terms
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return escape(text);
  const lower = text.toLowerCase();
  let out = '';
  let i = 0;
  let plainFrom = 0;
  while (i < text.length) {
    const hit = needles.find((n) => lower.startsWith(n, i));
    if (hit) {
      out += escape(text.slice(plainFrom, i)) + open + escape(text.slice(i, i + hit.length)) + close;
      i += hit.length;
      plainFrom = i;
    } else {
      i++;
    }
  }
  return out + escape(text.slice(plainFrom));
}

/** Multi-line text as HTML: lines escaped and joined with `<br>`. */
export function linesToHtml(text: string): string {
  return text.split('\n').map(escapeHtml).join('<br>');
}

/** JSON safe to embed inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface DocumentParts {
  title: string;
  body: string;
  head?: string;
  bodyClass?: string;
}

export function htmlDocument(parts: DocumentParts): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${BASE_CSS}</style>
${parts.head ?? ''}</head>
<body${parts.bodyClass ? ` class="${escapeHtml(parts.bodyClass)}"` : ''}>
${parts.body}
</body>
</html>
`;
}

const BASE_CSS = `body{font-family:"Apple SD Gothic Neo","Noto Sans CJK KR","Malgun Gothic",sans-serif;margin:0;color:#222;background:#fff}
a{color:#0068c3;text-decoration:none}mark{background:none;color:#03c75a;font-weight:bold}
#wrap,.wrap{max-width:860px;margin:0 auto;padding:16px}li{list-style:none}ul,ol{padding:0}
li>div:first-child{padding:6px 0;border-bottom:1px solid #eee}em{font-style:normal;margin:0 6px}a[role=button],button{margin-right:8px}`;
