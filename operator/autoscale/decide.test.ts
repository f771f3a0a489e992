import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  costSettleWaitMs,
  decide,
  deletionCosts,
  desiredNodes,
  desiredWorkers,
  newHistory,
  nodesToDrain,
  protects,
  sessionDemand,
  settledDecision,
  workloadOf,
  COST_SETTLE_MS,
  IDLE_COST,
  type History,
  type ScaleDecision,
  type ScaleInput,
  type Workload,
} from './decide.js';

const w = (o: Partial<Workload>): Workload => ({ queued: 0, running: 0, sessionsInUse: 0, sessionQueue: 0, externalSlots: 0, ...o });

const workerCases: [string, { queued: number; running: number }, number, { min: number; max: number }, number][] = [
  ['an empty queue keeps the warm minimum', { queued: 0, running: 0 }, 2, { min: 1, max: 20 }, 1],
  ['no minimum and nothing to do: zero', { queued: 0, running: 0 }, 2, { min: 0, max: 20 }, 0],
  ['one task needs one replica', { queued: 1, running: 0 }, 2, { min: 0, max: 20 }, 1],
  ['queued and running both count, rounded up', { queued: 3, running: 2 }, 2, { min: 0, max: 20 }, 3],
  ['a burst of 200 tasks is capped by the maximum', { queued: 200, running: 0 }, 2, { min: 1, max: 20 }, 20],
  ['four slots per replica', { queued: 9, running: 0 }, 4, { min: 0, max: 20 }, 3],
  ['min equals max pins the size', { queued: 100, running: 5 }, 2, { min: 3, max: 3 }, 3],
];
for (const [name, load, slots, b, want] of workerCases) test(`workers: ${name}`, () => assert.is(desiredWorkers(load, slots, b), want));

const nodeCases: [string, Workload, number, number, { min: number; max: number }, number][] = [
  ['idle grid, warm minimum of one', w({}), 2, 2, { min: 1, max: 10 }, 1],
  ['nodes, not sessions: 5 sessions on nodes of 3 slots is 2 nodes', w({ sessionsInUse: 5 }), 0, 3, { min: 0, max: 10 }, 2],
  ['the Grid session queue asks for more', w({ sessionsInUse: 2, sessionQueue: 3 }), 0, 2, { min: 0, max: 10 }, 3],
  ['busy slots without a session yet count', w({ running: 4 }), 4, 2, { min: 0, max: 10 }, 2],
  ['queued tasks the planned workers will take count before any session opens', w({ queued: 200 }), 40, 2, { min: 1, max: 10 }, 10],
  ['queued tasks beyond the planned worker slots do not', w({ queued: 200 }), 4, 2, { min: 0, max: 10 }, 2],
  ['a busy slot holding a session is not counted twice', w({ running: 3, sessionsInUse: 3 }), 4, 2, { min: 0, max: 10 }, 2],
  ['fixed Grid capacity outside the Deployment is used first', w({ running: 3, externalSlots: 2 }), 4, 2, { min: 0, max: 10 }, 1],
  ['fixed capacity covering everything: the minimum', w({ running: 2, externalSlots: 2 }), 2, 2, { min: 0, max: 10 }, 0],
];
for (const [name, load, slots, perNode, b, want] of nodeCases)
  test(`selenium nodes: ${name}`, () => assert.is(desiredNodes(load, slots, perNode, b), want));

test('session demand: sessions in use plus queue, or busy plus imminent slots, whichever is larger', () => {
  assert.is(sessionDemand(w({ sessionsInUse: 1, sessionQueue: 1, running: 1, queued: 5 }), 4), 4);
  assert.is(sessionDemand(w({ sessionsInUse: 3, sessionQueue: 2, running: 1 }), 4), 5);
});

test('workload: the larger of PostgreSQL and the broker for running and for all outstanding tasks (counted once), plus tasks being admitted', () => {
  const got = workloadOf({
    queues: [
      { ready: 5, unacked: 2 },
      { ready: 1, unacked: 0 },
    ],
    tasks: { queued: 4, running: 3, admissible: 10 },
    busySlots: 1,
    grid: { sessions: 2, sessionQueue: 1 },
    externalSlots: 2,
  });
  // 8 messages outstanding (the broker) against 7 rows: 8, of which 3 run; 10 being admitted.
  assert.equal(got, { queued: 15, running: 3, sessionsInUse: 2, sessionQueue: 1, externalSlots: 2 });
  assert.equal(workloadOf({ queues: [], tasks: { queued: 7, running: 0, admissible: 0 }, busySlots: 0, grid: null, externalSlots: 0 }).queued, 7);
  // A task just claimed: still ready in the broker's stale stats, running in PostgreSQL; it counts once.
  const claimed = workloadOf({
    queues: [{ ready: 1, unacked: 0 }],
    tasks: { queued: 0, running: 1, admissible: 0 },
    busySlots: 1,
    grid: null,
    externalSlots: 0,
  });
  assert.equal([claimed.queued, claimed.running], [0, 1]);
  // Tasks just finished (stale stats still show them unacked) and their successors queued in PostgreSQL.
  const turnover = workloadOf({
    queues: [{ ready: 0, unacked: 3 }],
    tasks: { queued: 2, running: 1, admissible: 0 },
    busySlots: 1,
    grid: null,
    externalSlots: 0,
  });
  assert.equal([turnover.queued, turnover.running], [0, 3]);
});

const T0 = 1_000_000;
const policy = { maxScaleUpStep: 4, stabilizationMs: 60_000 };
const hist = (since: number, entries: [number, number][] = []): History => ({ since, entries: entries.map(([at, replicas]) => ({ at, replicas })) });
const input = (o: Partial<ScaleInput>): ScaleInput => ({
  current: 1,
  recommended: 1,
  busy: 0,
  bounds: { min: 1, max: 20 },
  policy,
  history: hist(T0 - 600_000),
  now: T0,
  ...o,
});

const decideCases: [string, ScaleInput, { desired: number; direction: string; reason?: RegExp }][] = [
  ['at the recommendation: nothing to do', input({ current: 3, recommended: 3 }), { desired: 3, direction: 'none' }],
  [
    'a burst scales up at once, within the step',
    input({ current: 1, recommended: 20 }),
    { desired: 5, direction: 'up', reason: /step limited to \+4/ },
  ],
  ['a small rise is taken whole', input({ current: 2, recommended: 4 }), { desired: 4, direction: 'up' }],
  ['below the minimum: raised to it', input({ current: 0, recommended: 0, bounds: { min: 2, max: 20 } }), { desired: 2, direction: 'up' }],
  [
    'scale-down waits while a higher recommendation is inside the window',
    input({ current: 6, recommended: 1, history: hist(T0 - 600_000, [[T0 - 30_000, 6]]) }),
    { desired: 6, direction: 'none', reason: /window/ },
  ],
  [
    "scale-down after the backlog stayed low for the window, to the window's highest",
    input({
      current: 6,
      recommended: 1,
      history: hist(T0 - 600_000, [
        [T0 - 70_000, 6],
        [T0 - 50_000, 2],
        [T0 - 10_000, 1],
      ]),
    }),
    { desired: 2, direction: 'down' },
  ],
  [
    'never below what is busy',
    input({ current: 6, recommended: 1, busy: 4, history: hist(T0 - 600_000, [[T0 - 10_000, 1]]) }),
    { desired: 4, direction: 'down', reason: /4 busy/ },
  ],
  ['every replica busy: hold', input({ current: 3, recommended: 1, busy: 3 }), { desired: 3, direction: 'none', reason: /busy/ }],
  [
    'a controller that just started waits a whole window before scaling down',
    input({ current: 5, recommended: 1, history: hist(T0 - 20_000) }),
    { desired: 5, direction: 'none', reason: /waiting 40 s/ },
  ],
  [
    'above a lowered maximum: down to it at once, busy permitting',
    input({ current: 12, recommended: 8, busy: 9, bounds: { min: 1, max: 8 } }),
    { desired: 9, direction: 'down' },
  ],
  [
    'no stabilization window: down immediately',
    input({ current: 4, recommended: 2, policy: { maxScaleUpStep: 4, stabilizationMs: 0 }, history: hist(T0) }),
    { desired: 2, direction: 'down' },
  ],
];
for (const [name, i, want] of decideCases) {
  test(`decide: ${name}`, () => {
    const d = decide(i);
    assert.is(d.desired, want.desired, `desired (reason: ${d.reason})`);
    assert.is(d.direction, want.direction);
    if (want.reason) assert.match(d.reason, want.reason);
  });
}

test('decide: the history keeps only the window and the new recommendation', () => {
  const d = decide(
    input({
      current: 3,
      recommended: 3,
      history: hist(T0 - 600_000, [
        [T0 - 90_000, 9],
        [T0 - 30_000, 4],
      ]),
    }),
  );
  assert.equal(d.history.entries, [
    { at: T0 - 30_000, replicas: 4 },
    { at: T0, replicas: 3 },
  ]);
  assert.is(d.history.since, T0 - 600_000);
});

test('decide: a ramp up and down over simulated time never drops below busy and waits out the window', () => {
  let history = newHistory(0);
  let current = 1;
  const trace: number[] = [];
  const load = [1, 10, 20, 20, 8, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]; // recommendation every 10 s
  const busy = [0, 1, 5, 20, 8, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
  load.forEach((rec, k) => {
    const d = decide({
      current,
      recommended: rec,
      busy: busy[k]!,
      bounds: { min: 1, max: 20 },
      policy: { maxScaleUpStep: 10, stabilizationMs: 60_000 },
      history,
      now: 60_000 + k * 10_000,
    });
    assert.ok(d.desired >= busy[k]!, `step ${k}: ${d.desired} >= busy ${busy[k]}`);
    history = d.history;
    current = d.desired;
    trace.push(current);
  });
  assert.equal(trace, [1, 10, 20, 20, 20, 20, 20, 20, 20, 8, 2, 1, 1, 1, 1, 1, 1, 1]);
});

test('deletion costs: idle pods lowest, drained lower still, busy ones by their load', () => {
  const c = deletionCosts([
    { name: 'a', busy: 0 },
    { name: 'b', busy: 2 },
    { name: 'c', busy: 0, draining: true },
    { name: 'd', busy: 1 },
  ]);
  assert.is(c.get('a'), IDLE_COST);
  assert.ok(c.get('c')! < c.get('a')!);
  assert.ok(c.get('b')! > c.get('d')! && c.get('d')! > 0);
});

const protectCases: [string, number | undefined, number, boolean][] = [
  ['an idle pod becomes busy', IDLE_COST, 1000, true],
  ['a pod first seen busy', undefined, 2000, true],
  ['a busy pod carries more', 1000, 2000, false],
  ['a busy pod becomes idle', 1000, IDLE_COST, false],
  ['an idle pod is drained', IDLE_COST, IDLE_COST - 1, false],
];
for (const [name, before, after, want] of protectCases) test(`a cost change protects a pod: ${name}`, () => assert.is(protects(before, after), want));

const settleCases: [string, number | undefined, number, number][] = [
  ['no pod protected yet', undefined, T0, 0],
  ['protected just now', T0, T0, COST_SETTLE_MS],
  ['protected 2 s ago', T0 - 2000, T0, COST_SETTLE_MS - 2000],
  ['protected long ago', T0 - COST_SETTLE_MS, T0, 0],
];
for (const [name, at, now, want] of settleCases) test(`cost settle wait: ${name}`, () => assert.is(costSettleWaitMs(at, now), want));

const down: ScaleDecision = { desired: 2, direction: 'down', reason: 'backlog low', history: hist(T0) };
const settledCases: [string, ScaleDecision, number, { desired: number; direction: string; reason: RegExp }][] = [
  ['a scale-down waits while costs settle', down, 3000, { desired: 5, direction: 'none', reason: /waiting 3 s for new pod deletion costs/ }],
  ['a scale-down goes once they have', down, 0, { desired: 2, direction: 'down', reason: /backlog low/ }],
  ['a scale-up never waits', { ...down, desired: 8, direction: 'up', reason: 'backlog' }, 3000, { desired: 8, direction: 'up', reason: /backlog/ }],
];
for (const [name, d, wait, want] of settledCases)
  test(`settled decision: ${name}`, () => {
    const got = settledDecision(d, 5, wait);
    assert.equal([got.desired, got.direction], [want.desired, want.direction]);
    assert.match(got.reason, want.reason);
    assert.is(got.history, d.history);
  });

test('nodes to drain: only idle ones, draining first, stable order, at most the step', () => {
  const nodes = [
    { id: 'n3', sessions: 0, draining: false },
    { id: 'n1', sessions: 1, draining: false },
    { id: 'n2', sessions: 0, draining: false },
    { id: 'n4', sessions: 0, draining: true },
  ];
  assert.equal(
    nodesToDrain(nodes, 2).map((n) => n.id),
    ['n4', 'n2'],
  );
  assert.equal(
    nodesToDrain(nodes, 5).map((n) => n.id),
    ['n4', 'n2', 'n3'],
  );
  assert.equal(nodesToDrain(nodes, 0), []);
});

test.run();
