// Locations inside the repository, found from this file so they work from src and from dist.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the project root (no package.json above ' + fileURLToPath(import.meta.url) + ')');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
export const fromRoot = (...parts: string[]): string => join(ROOT, ...parts);
