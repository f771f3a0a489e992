// Shared steps of the autoscaling and end-to-end suites: the worker and Selenium node Deployments a
// CollectorPool scales, the pool itself, and reading replicas, pods and the operator's metrics.
import { resourceOf } from '../../lib/kube/client.js';
import { MERGE_PATCH, resourcePath, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';

export const POOLS = resourceOf('CollectorPool');
const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' };

export interface PodView {
  name: string;
  phase: string;
  cost?: string;
  deleting: boolean;
}

/** A Deployment whose pods never run a container here (the image is a placeholder). */
export function deploymentBody(name: string, replicas: number, app: string, extraLabels: Record<string, string> = {}): KubeObject {
  const labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': name, ...extraLabels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 30,
          // KWOK's fake node only: the real node beside it would try to pull the placeholder image.
          nodeSelector: { type: 'kwok' },
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: app, image: `registry.invalid/${app}:dev` }],
        },
      },
    },
  };
}

export async function createDeployment(rest: KubeRest, namespace: string, body: KubeObject): Promise<void> {
  await rest.request('POST', resourcePath(DEPLOYMENTS, namespace), { body });
}

export async function replicas(rest: KubeRest, namespace: string, name: string): Promise<number> {
  const s = await rest.get<{ spec?: { replicas?: number } }>(`${resourcePath(DEPLOYMENTS, namespace, name)}/scale`);
  return s.spec?.replicas ?? 0;
}

export async function setReplicas(rest: KubeRest, namespace: string, name: string, n: number): Promise<void> {
  await rest.request('PATCH', `${resourcePath(DEPLOYMENTS, namespace, name)}/scale`, { contentType: MERGE_PATCH, body: { spec: { replicas: n } } });
}

export async function pods(rest: KubeRest, namespace: string, instance: string): Promise<PodView[]> {
  const r = await rest.get<{
    items: { metadata: { name: string; annotations?: Record<string, string>; deletionTimestamp?: string }; status?: { phase?: string } }[];
  }>(`/api/v1/namespaces/${namespace}/pods`, { labelSelector: `app.kubernetes.io/instance=${instance}` });
  return r.items.map((p) => ({
    name: p.metadata.name,
    phase: p.status?.phase ?? '',
    cost: p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'],
    deleting: !!p.metadata.deletionTimestamp,
  }));
}

export interface PoolSpec {
  workers: { deployment: string; minReplicas: number; maxReplicas: number; slotsPerReplica: number };
  seleniumNodes: { deployment: string; minReplicas: number; maxReplicas: number; sessionsPerNode: number };
  gridUrl?: string;
  registrationSecretRef?: { name: string; key?: string };
  scaleDownStabilizationSeconds: number;
  maxScaleUpStep: number;
  pollIntervalSeconds: number;
}

export async function createPool(rest: KubeRest, namespace: string, name: string, spec: PoolSpec): Promise<void> {
  await rest.request('POST', resourcePath(POOLS, namespace), {
    body: { apiVersion: POOLS.apiVersion, kind: 'CollectorPool', metadata: { name }, spec },
  });
}

export interface PoolStatus {
  observedGeneration?: number;
  queues?: { name: string; ready: number; unacked: number; consumers: number }[];
  grid?: { nodes: number; slots: number; sessions: number; sessionQueue: number };
  workers?: { desired: number; current: number; busy: number };
  seleniumNodes?: { desired: number; current: number; busy: number };
  busySlots?: number;
  lastScaleTime?: string;
  lastScaleReason?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

export async function poolStatus(rest: KubeRest, namespace: string, name: string): Promise<PoolStatus | undefined> {
  return (await rest.get<{ status?: PoolStatus }>(resourcePath(POOLS, namespace, name))).status;
}

/** One sample of a metric from a Prometheus text page (labels matched as a substring). */
export function metric(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] === name && (m[2] ?? '').includes(labels)) return Number(m[3]);
  }
  return undefined;
}
