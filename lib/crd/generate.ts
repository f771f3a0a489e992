// Renders crds/*.yaml and lib/crd/types.gen.ts from the schemas: the single source of truth for the
// CRDs, the TypeScript types and the gateway's validators.
import { compile } from 'json-schema-to-typescript';
import { stringify } from 'yaml';
import { crdOf, kinds, type KindDefinition } from './definitions.js';
import type { JsonSchema } from './schema-helpers.js';

const HEADER = '# Generated from lib/crd by `npm run gen:crds`; edit the schemas there, not this file.\n';

export function renderCrdYaml(def: KindDefinition): string {
  return HEADER + stringify(crdOf(def), { lineWidth: 0 });
}

/** Drops the Kubernetes-only keywords the type generator does not need. */
function forTypes(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  delete out['x-kubernetes-validations'];
  delete out['x-kubernetes-list-type'];
  delete out['x-kubernetes-list-map-keys'];
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, forTypes(v)]));
  if (out.items) out.items = forTypes(out.items);
  return out;
}

export async function renderTypes(): Promise<string> {
  const parts: string[] = [
    '// Generated from lib/crd by `npm run gen:crds`; edit the schemas there, not this file.',
    "import type { ObjectMeta } from '../kube/rest.js';",
    '',
  ];
  for (const def of Object.values(kinds) as KindDefinition[]) {
    for (const [suffix, schema] of [
      ['Spec', def.spec],
      ['Status', def.status],
    ] as const) {
      const ts = await compile(forTypes(schema) as never, `${def.kind}${suffix}`, {
        bannerComment: '',
        additionalProperties: false,
        declareExternallyReferenced: true,
        strictIndexSignatures: true,
        format: true,
        ignoreMinAndMaxItems: true,
      });
      parts.push(ts.trim(), '');
    }
    parts.push(
      `/** ${def.description} */`,
      // A type, not an interface, so that it is a KubeObject (which has an index signature) as it is.
      `export type ${def.kind} = {`,
      `  apiVersion?: string;`,
      `  kind?: string;`,
      `  metadata: ObjectMeta;`,
      `  spec: ${def.kind}Spec;`,
      `  status?: ${def.kind}Status;`,
      `};`,
      '',
    );
  }
  return parts.join('\n');
}

/** Every generated file, keyed by its path relative to the repository root. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const def of Object.values(kinds) as KindDefinition[]) files.set(`crds/${def.plural}.yaml`, renderCrdYaml(def));
  files.set('lib/crd/types.gen.ts', await renderTypes());
  return files;
}
