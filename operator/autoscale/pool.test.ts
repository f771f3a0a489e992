import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { QueueInfo } from '../../lib/amqp/management.js';
import type { CollectorPool, CollectorPoolSpec } from '../../lib/crd/types.gen.js';
import type { GridNode, GridState } from '../grid/client.js';
import {
  ANNOTATION_GRID_NODE,
  decidePool,
  newPoolMemory,
  poolSpec,
  type Fleet,
  type PoolDecision,
  type PoolFacts,
  type PoolMemory,
  type SourceReading,
} from './pool.js';

const t0 = new Date('2026-12-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const baseSpec: CollectorPoolSpec = {
  workers: { deployment: 'worker', maxReplicas: 10, slotsPerReplica: 2 },
  seleniumNodes: { deployment: 'chrome', maxReplicas: 5, sessionsPerNode: 2 },
  gridUrl: 'http://grid:4444',
  scaleDownStabilizationSeconds: 60,
};
const pool = (spec: CollectorPoolSpec = baseSpec, status?: CollectorPool['status']): CollectorPool => ({
  metadata: { name: 'fleet', namespace: 'newsroom-system', generation: 1 },
  spec,
  ...(status ? { status } : {}),
});

const tasks = (o: { running?: number; outstanding?: number; admissible?: number; leases?: Record<string, number> } = {}): SourceReading => ({
  source: 'task rows and leases',
  contribution: {
    running: o.running ?? 0,
    outstanding: o.outstanding ?? o.running ?? 0,
    admissible: o.admissible ?? 0,
    leases: new Map(Object.entries(o.leases ?? {})),
  },
});
const queue = (name: string, ready: number, unacked: number): QueueInfo => ({
  name,
  arguments: {},
  durable: true,
  messagesReady: ready,
  messagesUnacknowledged: unacked,
  consumers: 1,
});
const queues = (ready: number, unacked: number): SourceReading => ({
  source: 'queue depths',
  contribution: { running: unacked, outstanding: ready + unacked, queues: [queue('newsroom.metadata', ready, unacked)] },
});
const down = (source: string, error: string): SourceReading => ({ source, contribution: null, error });
const node = (pod: string, sessions: number, status = 'UP'): GridNode => ({ id: `id-${pod}`, uri: `http://${pod}:5555`, status, slots: 2, sessions });
const grid = (...nodes: GridNode[]): SourceReading => {
  const g: GridState = {
    nodes,
    totalSlots: nodes.reduce((n, x) => n + x.slots, 0),
    sessions: nodes.reduce((n, x) => n + x.sessions, 0),
    sessionQueue: 0,
  };
  return { source: 'the Grid', contribution: { grid: g } };
};
const fleet = (replicas: number | undefined, ...pods: string[]): Fleet => ({
  ...(replicas !== undefined ? { replicas } : { error: 'Deployment newsroom-system/worker does not exist' }),
  pods: pods.map((name) => ({ name, annotations: { [ANNOTATION_GRID_NODE]: `${name}:5555` } })),
});

interface Case {
  readings: SourceReading[];
  workers?: Fleet;
  nodes?: Fleet;
  spec?: CollectorPoolSpec;
  status?: CollectorPool['status'];
  memory?: (m: PoolMemory) => PoolMemory;
  pace?: Partial<PoolFacts['pace']>;
  now?: Date;
}
const run = (c: Case): PoolDecision => {
  const p = pool(c.spec, c.status);
  const facts: PoolFacts = {
    pool: p,
    spec: poolSpec(p.spec),
    readings: c.readings,
    workers: c.workers ?? fleet(1, 'worker-a'),
    nodes: c.nodes ?? fleet(0),
    pace: { waitMs: 0, sinceLastMs: Infinity, intervalMs: 1000, ...c.pace },
  };
  const memory = (c.memory ?? ((m) => m))(newPoolMemory(t0));
  return decidePool(facts, memory, c.now ?? at(1));
};
/** A memory whose window has been watched for `s` seconds, with these costs written. */
const watched =
  (s: number, costs: Record<string, number> = {}, protectedAt?: number) =>
  (m: PoolMemory): PoolMemory => ({
    history: { workers: { since: t0.getTime() - s * 1000, entries: [] }, seleniumNodes: { since: t0.getTime() - s * 1000, entries: [] } },
    costs: new Map(Object.entries(costs)),
    protectedAt: protectedAt !== undefined ? { workers: protectedAt } : m.protectedAt,
  });
const scaled = (d: PoolDecision) => d.scale.map((s) => `${s.target} ${s.from}->${s.to}`);
const workersScaled = (d: PoolDecision) => scaled(d).filter((s) => s.startsWith('workers'));
const condition = (d: PoolDecision, type: string) => d.status?.conditions?.find((c) => c.type === type);

const cases: [string, Case, (d: PoolDecision) => void][] = [
  [
    'a backlog of 40 tasks on one idle worker: workers up by the step limit, nodes for the planned slots',
    { readings: [tasks({ outstanding: 40 }), queues(40, 0), grid()], nodes: fleet(0) },
    (d) => {
      assert.equal(scaled(d), ['workers 1->10', 'seleniumNodes 0->5']);
      assert.is(d.scale[0]!.message, 'workers 1 -> 10: backlog needs 10 replicas, 1 running');
      assert.is(d.metrics.desired.workers, 10);
      assert.is(d.status?.lastScaleReason, d.scale.map((s) => s.message).join('; '));
      assert.is(d.status?.lastScaleTime, at(1).toISOString());
    },
  ],
  [
    'the broker counts more than PostgreSQL (rows not caught up): the larger figure sizes the fleet',
    { readings: [tasks({ outstanding: 2 }), queues(12, 0)], spec: { ...baseSpec, maxScaleUpStep: 100 } },
    (d) => assert.equal(workersScaled(d), ['workers 1->6']),
  ],
  [
    'tasks about to be admitted add to the backlog the queues show',
    { readings: [tasks({ outstanding: 4, admissible: 6 }), queues(4, 0)] },
    (d) => assert.is(d.metrics.desired.workers, 5),
  ],
  [
    'queue depths cannot be read: scaling continues on the task rows, and ScalingActive says which source is missing',
    { readings: [tasks({ outstanding: 6 }), down('queue depths', 'connect ECONNREFUSED'), grid()] },
    (d) => {
      assert.equal(workersScaled(d), ['workers 1->3']);
      const c = condition(d, 'ScalingActive');
      assert.is(c?.status, 'False');
      assert.is(c?.message, 'scaling on task rows and leases and the Grid only; queue depths: connect ECONNREFUSED');
    },
  ],
  [
    'every source read: ScalingActive True, naming them',
    { readings: [tasks(), queues(0, 0), grid()] },
    (d) => assert.is(condition(d, 'ScalingActive')?.message, 'task rows and leases, queue depths and the Grid are read'),
  ],
  [
    'the backlog is gone a second after start: the window was not watched yet, so nothing goes down',
    { readings: [tasks(), queues(0, 0)], workers: fleet(4, 'w1', 'w2', 'w3', 'w4') },
    (d) => {
      assert.equal(d.scale, []);
      assert.is(d.metrics.current.workers, 4);
    },
  ],
  [
    'the backlog stayed low for the whole window: down to the pods still holding a task; busy pods cost more',
    {
      readings: [tasks({ running: 1, leases: { w2: 1 } }), queues(0, 1)],
      workers: fleet(4, 'w1', 'w2', 'w3', 'w4'),
      memory: watched(120, { w2: 1000 }),
    },
    (d) => {
      assert.equal(workersScaled(d), ['workers 4->1']);
      assert.equal(Object.fromEntries(d.costs.map((c) => [c.pod, c.cost])), { w1: -1000, w3: -1000, w4: -1000 });
    },
  ],
  [
    'a pod just went from idle to busy: the scale-down waits for its new cost to reach the ReplicaSet controller',
    {
      readings: [tasks({ running: 1, leases: { w2: 1 } }), queues(0, 1)],
      workers: fleet(4, 'w1', 'w2', 'w3', 'w4'),
      memory: watched(120, { w1: -1000, w2: -1000, w3: -1000, w4: -1000 }),
    },
    (d) => {
      assert.equal(workersScaled(d), []);
      assert.equal(d.costs, [{ pod: 'w2', cost: 1000 }]);
      assert.is(d.protectedAt.workers, at(1).getTime());
      assert.is(d.requeueAfterMs, 2000);
    },
  ],
  [
    'costs already written are not written again',
    { readings: [tasks(), queues(0, 0)], workers: fleet(1, 'w1'), memory: watched(120, { w1: -1000 }) },
    (d) => assert.equal(d.costs, []),
  ],
  [
    'three Chrome nodes for one session: drain the two idle ones, keep the busy one',
    {
      readings: [tasks({ running: 1, leases: { 'worker-a': 1 } }), queues(0, 1), grid(node('c1', 0), node('c2', 1), node('c3', 0))],
      nodes: fleet(3, 'c1', 'c2', 'c3'),
      memory: watched(120, { 'worker-a': 1000, c2: 1000 }),
    },
    (d) => {
      assert.equal(d.drain, [
        { id: 'id-c1', pod: 'c1' },
        { id: 'id-c3', pod: 'c3' },
      ]);
      assert.ok(scaled(d).includes('seleniumNodes 3->1'), scaled(d).join());
      assert.is(d.costs.find((c) => c.pod === 'c1')?.cost, -1001);
    },
  ],
  [
    'every Chrome node above the target holds a session: nothing is drained and the replicas stay',
    {
      readings: [tasks(), queues(0, 0), grid(node('c1', 1), node('c2', 1))],
      nodes: fleet(2, 'c1', 'c2'),
      memory: watched(120),
    },
    (d) => {
      assert.equal(d.drain, []);
      assert.equal(
        d.scale.filter((s) => s.target === 'seleniumNodes'),
        [],
      );
    },
  ],
  [
    'a Grid node that is not a pod of the pool is fixed capacity: fewer node pods are wanted',
    { readings: [tasks({ outstanding: 4 }), queues(4, 0), grid(node('static-node', 0))], nodes: fleet(0) },
    (d) => assert.is(d.metrics.desired.seleniumNodes, 1),
  ],
  [
    'the worker Deployment does not exist: AbleToScale False, no worker scaling, current 0',
    { readings: [tasks({ outstanding: 10 }), queues(10, 0)], workers: fleet(undefined) },
    (d) => {
      assert.equal(
        d.scale.filter((s) => s.target === 'workers'),
        [],
      );
      assert.is(condition(d, 'AbleToScale')?.status, 'False');
      assert.is(d.metrics.current.workers, 0);
    },
  ],
  [
    'no replica change and the pacer holds writes: neither status nor snapshot, and no write recorded',
    { readings: [tasks(), queues(0, 0)], pace: { waitMs: 400, sinceLastMs: 600 } },
    (d) => {
      assert.is(d.due, false);
      assert.is(d.status, null);
      assert.is(d.snapshot, null);
    },
  ],
  [
    'a write is allowed but only the queue figures moved since the last one: the snapshot, not the status',
    {
      readings: [tasks(), queues(0, 0)],
      status: {
        observedGeneration: 1,
        workers: { desired: 0, current: 1, busy: 0 },
        seleniumNodes: { desired: 0, current: 0, busy: 0 },
        queues: [{ name: 'newsroom.metadata', ready: 3, unacked: 0, consumers: 1 }],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'DeploymentsFound',
            message: 'both Deployments are found and scaled through their scale subresource',
            observedGeneration: 1,
            lastTransitionTime: t0.toISOString(),
          },
          {
            type: 'ScalingActive',
            status: 'True',
            reason: 'SignalsRead',
            message: 'task rows and leases and queue depths are read',
            observedGeneration: 1,
            lastTransitionTime: t0.toISOString(),
          },
        ],
      },
      pace: { waitMs: 0, sinceLastMs: 1500 },
    },
    (d) => {
      assert.is(d.due, true);
      assert.is(d.status, null);
      assert.ok(d.snapshot);
    },
  ],
  [
    'a pool that names only its Deployments: the schema defaults (0-10 replicas, 2 slots, 2 s poll)',
    { readings: [tasks({ outstanding: 7 })], spec: { workers: { deployment: 'worker' }, seleniumNodes: { deployment: 'chrome' } } },
    (d) => {
      assert.is(d.metrics.desired.workers, 4);
      assert.is(d.requeueAfterMs, 2000);
    },
  ],
];

for (const [name, c, check] of cases) test(`pool: ${name}`, () => check(run(c)));

test('the spec with its defaults: a named registration Secret gets the default key', () => {
  const s = poolSpec({ ...baseSpec, registrationSecretRef: { name: 'grid-secret' } });
  assert.equal(s.registrationSecretRef, { key: 'registration-secret', name: 'grid-secret' });
  assert.equal(s.workers, { deployment: 'worker', minReplicas: 0, maxReplicas: 10, slotsPerReplica: 2 });
});

test.run();
