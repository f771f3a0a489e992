// Names of our kinds on the REST API and the status of an apiserver error, without importing the
// generated client (the gateway stays free of it; see credentials.ts).
import { API_VERSION, GROUP, VERSION, kinds, type KindName } from '../crd/definitions.js';

/** Group, version and plural of one of our kinds. */
export function resourceOf(kind: KindName): { group: string; version: string; plural: string; apiVersion: string; namespaced: boolean } {
  const def = kinds[kind];
  return { group: GROUP, version: VERSION, plural: def.plural, apiVersion: API_VERSION, namespaced: def.scope === 'Namespaced' };
}

/** The HTTP status of an error from either client (KubeError or the generated one), or undefined for errors that did not come from the apiserver. */
export function statusOf(e: unknown): number | undefined {
  const err = e as { status?: unknown; code?: unknown; statusCode?: unknown; response?: { statusCode?: unknown } };
  for (const v of [err?.status, err?.code, err?.statusCode, err?.response?.statusCode]) if (typeof v === 'number') return v;
  return undefined;
}
