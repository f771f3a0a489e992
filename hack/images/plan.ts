// The image plan of hack/images.sh, from the files as they are in the working tree:
//   node dist/hack/images/plan.js list     one line per image: name, reference, base reference (or -), archive,
//                                          node (imported into the node's containerd) or base
//   node dist/hack/images/plan.js values   the chart values selecting the local images (YAML)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fromRoot } from '../../lib/paths.js';
import { catalog, chartImageValues, parseVersions, planImages, type ImageSpec } from './catalog.js';

function digestFiles(root: string, specs: ImageSpec[]): Map<string, string> {
  const digests = new Map<string, string>();
  const visit = (abs: string) => {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(join(abs, name));
      return;
    }
    if (!st.isFile()) return;
    const rel = relative(root, abs).split(sep).join('/');
    // The mode matters too: an executable entrypoint script is part of the image.
    const h = createHash('sha256').update(readFileSync(abs)).digest('hex');
    digests.set(rel, `${h}:${(st.mode & 0o111) !== 0 ? 'x' : '-'}`);
  };
  for (const input of new Set(specs.flatMap((s) => s.inputs))) visit(join(root, input));
  return digests;
}

const root = fromRoot('.');
const specs = catalog(parseVersions(readFileSync(join(root, 'hack', 'versions.env'), 'utf8')));
const plan = planImages(specs, digestFiles(root, specs));
const mode = process.argv[2] ?? 'list';
if (mode === 'list') {
  for (const p of plan) console.log([p.name, p.ref, p.baseRef ?? '-', p.archive, p.onNode ? 'node' : 'base'].join('\t'));
} else if (mode === 'values') {
  process.stdout.write(chartImageValues(specs, plan));
} else {
  console.error(`unknown mode ${mode} (expected list or values)`);
  process.exit(2);
}
