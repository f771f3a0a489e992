// What the chart suites share: the helm binary (the local stack's, or the cached build), rendering the
// chart into objects, and the tool versions of hack/versions.env.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { kubectl, kubectlResult, type Suite } from '../harness/stack.js';

const run = promisify(execFile);
export const CHART = fromRoot('charts', 'newsroom-collector');
/** The local apiserver's version: charts render the same whatever the helm binary's default. */
export const KUBE_VERSION = '1.34.4';

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [k: string]: unknown;
};

export function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(fromRoot('hack', 'versions.env'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export const cacheDir = (): string =>
  process.env.NEWSROOM_CACHE ?? `${process.env.XDG_CACHE_HOME ?? `${process.env.HOME}/.cache`}/newsroom-collector`;

/** helm from the local stack's PATH, or the cached build. */
export function helmBinary(): string {
  const linked = fromRoot('.local', 'bin', 'helm');
  if (existsSync(linked)) return linked;
  const cached = `${cacheDir()}/bin/helm-${versions().HELM_VERSION}`;
  if (existsSync(cached)) return cached;
  throw new Error('helm is not built: run make setup (hack/build-go-tools.sh helm)');
}

export async function helm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(helmBinary(), args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** `helm template` of the chart into objects; fails the test when helm does. */
export async function template(release: string, namespace: string, extra: string[]): Promise<Obj[]> {
  const r = await helm(['template', release, CHART, '--namespace', namespace, `--kube-version=${KUBE_VERSION}`, ...extra]);
  assert.is(r.code, 0, `helm template ${extra.join(' ')}: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Obj)
    .filter((o) => o && o.kind);
}

/** Namespaces named after the suite's (`<namespace>-<suffix>`), created now; `remove()` deletes them. */
export async function suiteNamespaces(suite: Suite, suffixes: string[]): Promise<{ names: string[]; remove(): Promise<void> }> {
  const names: string[] = [];
  for (const suffix of suffixes) {
    const name = `${suite.namespace.slice(0, 62 - suffix.length)}-${suffix}`;
    await kubectl(['create', 'namespace', name]);
    names.push(name);
  }
  return {
    names,
    async remove() {
      for (const n of names) await kubectlResult(['delete', 'namespace', n, '--wait=false']);
    },
  };
}
