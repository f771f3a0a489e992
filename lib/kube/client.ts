// Kubernetes API access: KUBECONFIG when set, else the in-cluster service account.
import * as k8s from '@kubernetes/client-node';

export { k8s };

export function loadKubeConfig(kubeconfig = process.env.KUBECONFIG): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (kubeconfig) kc.loadFromFile(kubeconfig);
  else kc.loadFromCluster();
  return kc;
}

export { resourceOf } from './resources.js';
