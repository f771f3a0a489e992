// CollectorPool: the fleet of workers and Selenium nodes the operator scales by queue depth.
import { bool, conditions, int, obj, str, arr, type JsonSchema } from './schema-helpers.js';

const scaled = (what: string, perReplica: JsonSchema, perReplicaName: string): JsonSchema =>
  obj(
    `The ${what} Deployment and its bounds.`,
    {
      deployment: str(`The name of the ${what} Deployment in the pool's namespace.`, { minLength: 1, maxLength: 253 }),
      minReplicas: int('The fewest replicas, kept warm.', { minimum: 0, maximum: 1000, default: 0 }),
      maxReplicas: int('The most replicas.', { minimum: 0, maximum: 1000, default: 10 }),
      [perReplicaName]: perReplica,
    },
    {
      required: ['deployment'],
      'x-kubernetes-validations': [{ rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' }],
    },
  );

export const collectorPoolSpec: JsonSchema = obj('The fleet to scale and how.', {
  workers: scaled('worker', int('Task slots per worker replica (concurrent tasks).', { minimum: 1, maximum: 64, default: 2 }), 'slotsPerReplica'),
  seleniumNodes: scaled(
    'Selenium Chrome node',
    int('Browser sessions per Selenium node.', { minimum: 1, maximum: 64, default: 2 }),
    'sessionsPerNode',
  ),
  gridUrl: str('The Selenium Grid hub URL (its GraphQL endpoint and distributor API are used).', { maxLength: 2048, pattern: '^https?://' }),
  registrationSecretRef: obj(
    'The Secret holding the Grid registration secret, needed to drain nodes before scale-down.',
    {
      name: str("The Secret name in the pool's namespace.", { maxLength: 253 }),
      key: str('The key inside the Secret.', { maxLength: 253, default: 'registration-secret' }),
    },
    { required: ['name'] },
  ),
  scaleDownStabilizationSeconds: int('Scale down only after the backlog has stayed low this long.', { minimum: 0, maximum: 86400, default: 60 }),
  maxScaleUpStep: int('The most replicas added in one scaling decision.', { minimum: 1, maximum: 1000, default: 10 }),
  pollIntervalSeconds: int('The backstop poll of queue depth and Grid state, between events.', { minimum: 1, maximum: 60, default: 2 }),
  paused: bool('Hold admission of every department (global pause); running tasks finish.', { default: false }),
});

const replicas = (what: string): JsonSchema =>
  obj(`The ${what} replicas.`, {
    desired: int('Replicas the autoscaler wants.', { minimum: 0 }),
    current: int('Replicas the Deployment has.', { minimum: 0 }),
    busy: int('Replicas doing work.', { minimum: 0 }),
  });

export const collectorPoolStatus: JsonSchema = obj('Queue depths, Grid capacity and scaling decisions, written by the operator.', {
  observedGeneration: int('The .metadata.generation this status was computed for.', { minimum: 0 }),
  queues: arr(
    'Depth of each task queue.',
    obj('One queue.', {
      name: str('The queue name.'),
      ready: int('Messages waiting for a consumer.', { minimum: 0 }),
      unacked: int('Messages delivered and not yet acknowledged.', { minimum: 0 }),
      consumers: int('Consumers attached.', { minimum: 0 }),
    }),
  ),
  grid: obj('The Selenium Grid as last seen.', {
    nodes: int('Registered nodes.', { minimum: 0 }),
    slots: int('Session slots in all.', { minimum: 0 }),
    sessions: int('Sessions running.', { minimum: 0 }),
    sessionQueue: int('Session requests waiting for a slot.', { minimum: 0 }),
  }),
  workers: replicas('worker'),
  seleniumNodes: replicas('Selenium node'),
  busySlots: int('Worker slots running a task.', { minimum: 0 }),
  lastScaleTime: str('When replicas were last changed.', { format: 'date-time' }),
  lastScaleReason: str('Why replicas were last changed.'),
  conditions: conditions(),
});
