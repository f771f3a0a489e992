// The images of the local node (make images): what each is built from, and its name. An image's tag
// ends in a hash of everything it is built from (the files of this repository it copies, the pinned
// versions, the reference of its base image), so a change to any of them gives a new tag and an
// unchanged image is found in the cache. Pure: the files' digests are passed in.
import { createHash } from 'node:crypto';

export const REGISTRY = 'newsroom.local';

export interface ImageSpec {
  /** Short name, also the name of its build step in hack/images.sh. */
  name: string;
  /** Version shown before the hash in the tag. */
  version: string;
  /** Name of the image it is built FROM, when that is one of ours. */
  base?: string;
  /** Repository paths (files or folders) whose contents it is built from. */
  inputs: string[];
  /** Paths under inputs that do not go into the image (the Dockerfile's .dockerignore). */
  ignore?: (path: string) => boolean;
  /** Pinned versions and build settings it depends on. */
  values: Record<string, string>;
  /** Only a base of other images: not imported into the node's containerd. */
  baseOnly?: boolean;
  /** Chart values that select this image (dotted paths of repository and tag). */
  chart?: { repository: string; tag: string };
}

export interface PlannedImage {
  name: string;
  ref: string;
  hash: string;
  baseRef?: string;
  archive: string;
  /** Imported into the node's containerd (everything but the bases). */
  onNode: boolean;
}

/** A digest per repository file, keyed by its path relative to the repository (slashes). */
export type FileDigests = ReadonlyMap<string, string>;

const HASH_CHARS = 12;

/** Parses hack/versions.env: KEY=VALUE lines, # comments and blank lines ignored. */
export function parseVersions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Z][A-Z0-9_]*)=(\S*)$/.exec(line);
    if (!m) throw new Error(`versions.env line ${i + 1} is not KEY=VALUE: "${line}"`);
    out[m[1]!] = m[2]!;
  });
  return out;
}

function need(versions: Record<string, string>, key: string): string {
  const v = versions[key];
  if (!v) throw new Error(`hack/versions.env has no ${key} (the images are built from pinned versions)`);
  return v;
}

// The Dockerfile copies only what .dockerignore lets through; tests are left out of the image.
const dockerIgnored = (path: string): boolean => path.endsWith('.test.ts');

/** Every image, bases before the images built on them. */
export function catalog(versions: Record<string, string>): ImageSpec[] {
  const suite = need(versions, 'DEBIAN_SUITE');
  const node = need(versions, 'NODE_VERSION');
  const npm = need(versions, 'NPM_VERSION');
  const k8s = need(versions, 'KUBERNETES_VERSION');
  const selenium = need(versions, 'SELENIUM_VERSION');
  const coredns = need(versions, 'COREDNS_VERSION');
  const dir = (name: string) => `hack/images/${name}`;
  return [
    { name: 'debian', version: suite, baseOnly: true, inputs: [dir('debian')], values: { DEBIAN_SUITE: suite } },
    { name: 'node', version: node, base: 'debian', baseOnly: true, inputs: [dir('node')], values: { NODE_VERSION: node, NPM_VERSION: npm } },
    {
      name: 'newsroom-collector',
      version: '0.1.0',
      base: 'node',
      inputs: [
        dir('newsroom-collector'),
        'Dockerfile',
        '.dockerignore',
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'lib',
        'operator',
        'worker',
        'api',
        'console',
        'migrations',
      ],
      ignore: dockerIgnored,
      values: {},
      chart: { repository: 'image.repository', tag: 'image.tag' },
    },
    { name: 'pause', version: k8s, inputs: [dir('pause')], values: { KUBERNETES_VERSION: k8s } },
    { name: 'coredns', version: coredns, inputs: [dir('coredns')], values: { COREDNS_VERSION: coredns } },
    {
      name: 'selenium-hub',
      version: selenium,
      base: 'debian',
      inputs: [dir('selenium-hub')],
      values: { SELENIUM_VERSION: selenium },
      chart: { repository: 'selenium.hub.image.repository', tag: 'selenium.hub.image.tag' },
    },
    {
      name: 'selenium-node-chrome',
      version: selenium,
      base: 'selenium-hub',
      inputs: [dir('selenium-node-chrome')],
      values: { SELENIUM_VERSION: selenium },
      chart: { repository: 'selenium.node.image.repository', tag: 'selenium.node.image.tag' },
    },
    {
      name: 'postgresql',
      version: '15',
      base: 'debian',
      inputs: [dir('postgresql')],
      values: {},
      chart: { repository: 'postgresql.image.repository', tag: 'postgresql.image.tag' },
    },
    {
      name: 'rabbitmq',
      version: '3.10-management',
      base: 'debian',
      inputs: [dir('rabbitmq')],
      values: {},
      chart: { repository: 'rabbitmq.image.repository', tag: 'rabbitmq.image.tag' },
    },
  ];
}

/** The files of a spec's inputs among the repository's files, sorted. A missing input is an error. */
export function inputFiles(spec: ImageSpec, digests: FileDigests): string[] {
  const files: string[] = [];
  for (const input of spec.inputs) {
    const under = [...digests.keys()].filter((p) => p === input || p.startsWith(`${input}/`));
    if (under.length === 0) throw new Error(`image ${spec.name}: its input ${input} is not in the repository`);
    files.push(...under.filter((p) => !spec.ignore?.(p)));
  }
  return [...new Set(files)].sort();
}

/** The content hash of one image: its name, values, base reference and every input file's digest. */
export function contentHash(spec: ImageSpec, digests: FileDigests, baseRef: string | undefined): string {
  const h = createHash('sha256');
  h.update(`image ${spec.name}\n`);
  for (const key of Object.keys(spec.values).sort()) h.update(`value ${key}=${spec.values[key]}\n`);
  if (baseRef) h.update(`base ${baseRef}\n`);
  for (const file of inputFiles(spec, digests)) h.update(`file ${file} ${digests.get(file)}\n`);
  return h.digest('hex');
}

/** Tags are at most 128 characters of [A-Za-z0-9_.-], not starting with . or -. */
export function imageTag(version: string, hash: string): string {
  const tag = `${version.replace(/[^A-Za-z0-9_.-]/g, '_')}-${hash.slice(0, HASH_CHARS)}`;
  return tag.replace(/^[.-]+/, '').slice(-128);
}

/** Every image with its reference and archive name, bases first; a base must come before its users. */
export function planImages(specs: ImageSpec[], digests: FileDigests): PlannedImage[] {
  const planned = new Map<string, PlannedImage>();
  for (const spec of specs) {
    if (planned.has(spec.name)) throw new Error(`image ${spec.name} is listed twice`);
    let baseRef: string | undefined;
    if (spec.base) {
      const base = planned.get(spec.base);
      if (!base) throw new Error(`image ${spec.name} is built from ${spec.base}, which is not listed before it`);
      baseRef = base.ref;
    }
    const hash = contentHash(spec, digests, baseRef);
    const ref = `${REGISTRY}/${spec.name}:${imageTag(spec.version, hash)}`;
    planned.set(spec.name, {
      name: spec.name,
      ref,
      hash,
      baseRef,
      archive: `${spec.name}-${hash.slice(0, HASH_CHARS)}.oci.tar`,
      onNode: !spec.baseOnly,
    });
  }
  return [...planned.values()];
}

/** The chart values that select the local images (a YAML document for helm --values). */
export function chartImageValues(specs: ImageSpec[], plan: PlannedImage[]): string {
  const tree: Record<string, unknown> = {};
  const set = (path: string, value: string) => {
    const keys = path.split('.');
    let node = tree;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = value;
  };
  for (const spec of specs) {
    if (!spec.chart) continue;
    const p = plan.find((i) => i.name === spec.name);
    if (!p) throw new Error(`image ${spec.name} is not planned`);
    const [repository, tag] = [p.ref.slice(0, p.ref.lastIndexOf(':')), p.ref.slice(p.ref.lastIndexOf(':') + 1)];
    set(spec.chart.repository, repository);
    set(spec.chart.tag, tag);
    set(spec.chart.repository.replace(/repository$/, 'pullPolicy'), 'Never');
  }
  const lines: string[] = ["# The local node's images (written by hack/images.sh; never pulled)."];
  const walk = (node: Record<string, unknown>, indent: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') lines.push(`${indent}${k}: ${JSON.stringify(v)}`);
      else {
        lines.push(`${indent}${k}:`);
        walk(v as Record<string, unknown>, `${indent}  `);
      }
    }
  };
  walk(tree, '');
  return `${lines.join('\n')}\n`;
}
