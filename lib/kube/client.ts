// Kubernetes API access: KUBECONFIG when set, else the in-cluster service account.
import * as k8s from '@kubernetes/client-node';
import { API_VERSION, GROUP, VERSION, kinds, type KindName } from '../crd/definitions.js';

export { k8s };

export function loadKubeConfig(kubeconfig = process.env.KUBECONFIG): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

/** Group, version and plural of one of our kinds, for the CustomObjectsApi. */
export function resourceOf(kind: KindName): { group: string; version: string; plural: string; apiVersion: string; namespaced: boolean } {
  const def = kinds[kind];
  return { group: GROUP, version: VERSION, plural: def.plural, apiVersion: API_VERSION, namespaced: def.scope === 'Namespaced' };
}

/** The HTTP status of an error from the client, or undefined for errors that did not come from the apiserver. */
export function statusOf(e: unknown): number | undefined {
  const err = e as { code?: unknown; statusCode?: unknown; response?: { statusCode?: unknown } };
  for (const v of [err?.code, err?.statusCode, err?.response?.statusCode]) if (typeof v === 'number') return v;
  return undefined;
}
