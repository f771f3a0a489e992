// Writes crds/*.yaml and lib/crd/types.gen.ts from the schemas in lib/crd.
import { writeFileSync } from 'node:fs';
import { generatedFiles } from '../lib/crd/generate.js';
import { fromRoot } from '../lib/paths.js';

for (const [path, content] of await generatedFiles()) {
  writeFileSync(fromRoot(path), content);
  console.log(`wrote ${path}`);
}
