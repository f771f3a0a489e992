// KEDA's side of `make bench-peers`: the ScaledObjects a user would write for our two Deployments, with
// the settings KEDA's docs and docker-selenium's chart recommend ("defaults") and a tuned variant, and
// the steps that put the fleet back at rest between repetitions. Every setting is data here, so the
// report can print each one next to its figures.
import { ManagementClient } from '../lib/amqp/management.js';
import { resourcePath, type KubeObject, type KubeRest } from '../lib/kube/rest.js';
import { GridClient } from '../operator/grid/client.js';
import { pods, replicas, setReplicas } from '../test/integration/autoscale-support.js';
import { waitFor } from '../test/integration/operator-support.js';

export const SCALED_OBJECTS = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };
const TRIGGER_AUTHS = { group: 'keda.sh', version: 'v1alpha1', plural: 'triggerauthentications' };
const HPAS = { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' };

export interface KedaSettings {
  name: 'keda-defaults' | 'keda-tuned';
  label: string;
  /** ScaledObject.spec.pollingInterval (s): how often KEDA's operator polls the scalers (activation 0 <-> 1). */
  pollingInterval: number;
  /** ScaledObject.spec.cooldownPeriod (s): wait before scaling to zero (the node Deployment only). */
  cooldownPeriod: number;
  /** HPA scale-down stabilization (s); KEDA leaves the HPA's default (300 s) unless advanced.horizontalPodAutoscalerConfig says otherwise. */
  scaleDownStabilizationSeconds?: number;
  includeOngoingSessions: boolean;
  /** Lines for the report: every setting, as written in the ScaledObjects. */
  describe: string[];
}

/** The HPA's scale-down stabilization window when the ScaledObject leaves it unset (the Kubernetes default). */
const HPA_DEFAULT_WINDOW_S = 300;

/** The longest KEDA waits from the backlog gone to a pod removed: the HPA's window, or the cooldown before zero. */
export const kedaWindowS = (s: KedaSettings) => Math.max(s.scaleDownStabilizationSeconds ?? HPA_DEFAULT_WINDOW_S, s.cooldownPeriod);

/** The fleet both systems scale: the same bounds and the same per-pod capacity. */
export interface FleetShape {
  workers: { min: number; max: number; slots: number };
  nodes: { min: number; max: number; sessions: number };
}

const common = (s: FleetShape, steady: FleetShape) => [
  `RabbitMQ scaler: protocol http (the management API), mode QueueLength, value ${s.workers.slots} (messages per worker replica = its slots; ready + unacknowledged), credentials through a TriggerAuthentication (host from a Secret); worker Deployment min ${s.workers.min}, max ${s.workers.max} in the burst and ${steady.workers.max} in the steady load`,
  `Selenium Grid scaler: url <grid>/graphql, browserName chrome, sessionBrowserName chrome, platformName unset (the only value that matches the workers' session requests, which name no platform; the nodes' stereotype says \`platformName: linux\`, so with it unset the scaler counts the queued requests but none of the sessions running on our nodes: measured on this stack with 2 sessions running and 2 queued, the metric was 1 with platformName unset and 2 with \`linux\`, where the queued requests count 0 and each running session counts as a node), nodeMaxSessions ${s.nodes.sessions} (the nodes' max-sessions), enableManagedDownloads true (default), activationThreshold 0 (default); node Deployment min ${s.nodes.min}, max ${s.nodes.max} in the burst and ${steady.nodes.max} in the steady load`,
];

export function kedaSettings(shape: FleetShape, steady: FleetShape): KedaSettings[] {
  return [
    {
      name: 'keda-defaults',
      label: 'KEDA (defaults)',
      pollingInterval: 20,
      cooldownPeriod: 300,
      includeOngoingSessions: true,
      describe: [
        ...common(shape, steady),
        'pollingInterval 20 s (docker-selenium chart `autoscaling.scaledOptions.pollingInterval`; KEDA own default 30 s), cooldownPeriod 300 s (KEDA default), includeOngoingSessions true (the scaler default in this version; no effect here, see platformName), HPA behavior left at Kubernetes defaults (scale-up: +100 % or +4 pods per 15 s; scale-down: 300 s stabilization window), useCachedMetrics false',
      ],
    },
    {
      name: 'keda-tuned',
      label: 'KEDA (tuned)',
      pollingInterval: 2,
      cooldownPeriod: 60,
      scaleDownStabilizationSeconds: 60,
      includeOngoingSessions: true,
      describe: [
        ...common(shape, steady),
        'pollingInterval 2 s (as often as our operator polls), cooldownPeriod 60 s, includeOngoingSessions true set explicitly (docker-selenium advises it so running sessions keep their nodes), `advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds` 60 (our window), scale-up left at the HPA default, useCachedMetrics false',
      ],
    },
  ];
}

export interface KedaTarget {
  rest: KubeRest;
  namespace: string;
  queue: string;
  managementUrl: string;
  gridUrl: string;
  shape: FleetShape;
}

function scaledObjects(s: KedaSettings, t: KedaTarget): KubeObject[] {
  const advanced =
    s.scaleDownStabilizationSeconds === undefined
      ? {}
      : { advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: s.scaleDownStabilizationSeconds } } } } };
  const base = (name: string, target: string, min: number, max: number) => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace: t.namespace },
    spec: {
      scaleTargetRef: { name: target, kind: 'Deployment' },
      pollingInterval: s.pollingInterval,
      cooldownPeriod: s.cooldownPeriod,
      minReplicaCount: min,
      maxReplicaCount: max,
      ...advanced,
    },
  });
  const workers = base('worker', 'worker', t.shape.workers.min, t.shape.workers.max);
  (workers.spec as Record<string, unknown>).triggers = [
    {
      type: 'rabbitmq',
      metadata: { protocol: 'http', queueName: t.queue, mode: 'QueueLength', value: String(t.shape.workers.slots) },
      authenticationRef: { name: 'rabbitmq' },
    },
  ];
  const nodes = base('chrome', 'chrome', t.shape.nodes.min, t.shape.nodes.max);
  (nodes.spec as Record<string, unknown>).triggers = [
    {
      type: 'selenium-grid',
      metadata: {
        url: `${t.gridUrl.replace(/\/$/, '')}/graphql`,
        browserName: 'chrome',
        sessionBrowserName: 'chrome',
        nodeMaxSessions: String(t.shape.nodes.sessions),
        includeOngoingSessions: String(s.includeOngoingSessions),
      },
    },
  ];
  return [workers, nodes];
}

/** The Secret and TriggerAuthentication the RabbitMQ trigger reads its host (with credentials) from. */
export async function createKedaAuth(t: KedaTarget): Promise<void> {
  // The trailing slash is the root vhost ("/") to the scaler's URL parsing.
  const host = `${t.managementUrl.replace(/\/$/, '')}/`;
  await t.rest.request('POST', `/api/v1/namespaces/${t.namespace}/secrets`, {
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rabbitmq' }, stringData: { host } },
  });
  await t.rest.request('POST', resourcePath(TRIGGER_AUTHS, t.namespace), {
    body: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'rabbitmq' },
      spec: { secretTargetRef: [{ parameter: 'host', name: 'rabbitmq', key: 'host' }] },
    },
  });
}

interface ScaledObjectStatus {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[]; hpaName?: string };
}

/** Creates both ScaledObjects and waits until KEDA says they are Ready and their HPAs exist. */
export async function startKeda(s: KedaSettings, t: KedaTarget): Promise<void> {
  for (const so of scaledObjects(s, t)) await t.rest.request('POST', resourcePath(SCALED_OBJECTS, t.namespace), { body: so });
  for (const name of ['worker', 'chrome']) {
    await waitFor(
      `ScaledObject ${name} Ready with its HPA`,
      async () => {
        const so = await t.rest.get<ScaledObjectStatus>(resourcePath(SCALED_OBJECTS, t.namespace, name));
        const ready = so.status?.conditions?.find((c) => c.type === 'Ready');
        // Ready False can pass (a scaler's first poll failing): the timeout names the last reason.
        if (ready?.status !== 'True' || !so.status?.hpaName)
          throw new Error(`Ready ${ready?.status ?? 'unset'}: ${ready?.reason ?? ''} ${ready?.message ?? ''}`);
        return !!(await t.rest.get(resourcePath(HPAS, t.namespace, so.status.hpaName)).catch(() => undefined));
      },
      60_000,
      250,
    );
  }
}

/** Deletes both ScaledObjects (KEDA deletes their HPAs) and waits until they are gone. */
export async function stopKeda(t: KedaTarget): Promise<void> {
  for (const name of ['worker', 'chrome']) await t.rest.request('DELETE', resourcePath(SCALED_OBJECTS, t.namespace, name)).catch(() => undefined);
  await waitFor(
    'the ScaledObjects and their HPAs gone',
    async () => {
      const so = await t.rest.get<{ items: unknown[] }>(resourcePath(SCALED_OBJECTS, t.namespace));
      const hpa = await t.rest.get<{ items: unknown[] }>(resourcePath(HPAS, t.namespace));
      return so.items.length === 0 && hpa.items.length === 0;
    },
    60_000,
    250,
  );
}

/**
 * Back at rest between repetitions: without its ScaledObjects nothing scales, so the Deployments are set
 * to their minimum by hand and the ScaledObjects created again. (With its own settings KEDA would take
 * its 300 s scale-down window and cooldown to get there.) What KEDA's scalers read must be at rest too,
 * or its first poll moves the fleet again: a new-session request a removed worker left in the Grid's
 * queue stays there until the hub serves it or its request timeout passes, so the reset waits for an
 * empty session queue and task queue, and starts over (at most three times) if KEDA still moved.
 */
export async function resetKeda(s: KedaSettings, t: KedaTarget): Promise<void> {
  const grid = new GridClient(t.gridUrl);
  const mgmt = new ManagementClient(t.managementUrl);
  let moved = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    await stopKeda(t);
    await setReplicas(t.rest, t.namespace, 'worker', t.shape.workers.min);
    await setReplicas(t.rest, t.namespace, 'chrome', t.shape.nodes.min);
    await waitFor(
      'the pods at the minimum',
      async () =>
        (await pods(t.rest, t.namespace, 'worker')).length === t.shape.workers.min &&
        (await pods(t.rest, t.namespace, 'chrome')).length === t.shape.nodes.min,
      90_000,
      250,
    );
    await waitFor(
      "the Grid's session queue and the task queue empty",
      async () => {
        const [g, q] = await Promise.all([grid.state(), mgmt.queue(t.queue)]);
        return g.sessionQueue === 0 && (q?.messagesReady ?? 0) + (q?.messagesUnacknowledged ?? 0) === 0;
      },
      360_000,
      1000,
    );
    await startKeda(s, t);
    const [w, n] = [await replicas(t.rest, t.namespace, 'worker'), await replicas(t.rest, t.namespace, 'chrome')];
    if (w === t.shape.workers.min && n === t.shape.nodes.min) return;
    const g = await grid.state().catch(() => undefined);
    moved = `workers ${w}, nodes ${n} (Grid: ${g ? `${g.sessions} sessions, ${g.sessionQueue} queued` : 'no answer'}; HPAs: ${await hpaStatus(t)})`;
  }
  throw new Error(`KEDA moved the fleet before the load started, three times: ${moved}`);
}

/** The HPA's view, for diagnostics on a timeout. */
export async function hpaStatus(t: KedaTarget): Promise<string> {
  const list = await t.rest
    .get<{ items: { metadata: { name: string }; status?: unknown }[] }>(resourcePath(HPAS, t.namespace))
    .catch(() => ({ items: [] }));
  return JSON.stringify(list.items.map((h) => ({ name: h.metadata.name, status: h.status })));
}
