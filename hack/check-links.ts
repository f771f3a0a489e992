// `make lint`: every relative link in README.md and docs/ (Markdown, and the HTML src/href a page may
// carry) points at a file or folder that exists. Links to other sites and anchors within a page are not
// followed. Prints each broken link as file:line and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fromRoot } from '../lib/paths.js';

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) markdownFiles(p, out);
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|(?:src|href)="([^"]+)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

const files = [fromRoot('README.md'), ...markdownFiles(fromRoot('docs'))];
const broken: string[] = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) return;
    // Inline code shows markup, it does not link.
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(LINK)) {
      const target = m[1] ?? m[2] ?? '';
      if (!target || EXTERNAL.test(target)) continue;
      const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
      if (!path) continue;
      const resolved = path.startsWith('/') ? fromRoot(path) : join(dirname(file), path);
      if (!existsSync(resolved)) broken.push(`${relative(fromRoot(), file)}:${i + 1}: ${target} (no such file: ${relative(fromRoot(), resolved)})`);
    }
  });
}
if (broken.length) {
  console.error(`broken links (a relative link must name a file of the repository):\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
console.log(`links: ${files.length} files checked, no broken link`);
