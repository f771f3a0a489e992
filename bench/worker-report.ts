// Writes one section of BENCHMARKS.md between its markers, leaving the other parts' sections alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fromRoot } from '../lib/paths.js';

export function writeWorkerSection(key: string, lines: string[]): void {
  const file = fromRoot('BENCHMARKS.md');
  const begin = `<!-- ${key}:begin -->`;
  const end = `<!-- ${key}:end -->`;
  const section = [begin, ...lines, end].join('\n');
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures measured on the development machine by `make bench`. Each part owns its section.\n';
  const re = new RegExp(`${begin}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, section) : text.trimEnd() + '\n\n' + section + '\n';
  writeFileSync(file, text);
}
