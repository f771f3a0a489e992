import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideAudit, newAuditMemory, type AuditMemory, type QueueObservation } from './audit.js';

const NOW = new Date('2026-12-08T03:00:00Z');
const T = NOW.getTime();
const BOUNDS = { confirmMs: 5_000, staleMs: 1_800_000, leaseGraceMs: 120_000 };
const at = (ms: number) => new Date(ms).toISOString();

interface Case {
  observed: QueueObservation[];
  memory?: AuditMemory;
  redeclare: boolean;
  /** The targeted republishes (`stale` and `lease-expired` are asked on every audit and checked apart). */
  targeted: [string, string, string][];
  shortSince: AuditMemory['shortSince'];
}

const cases: Record<string, Case> = {
  'queues holding a message for every queued task: nothing to publish again': {
    observed: [
      { kind: 'metadata', queue: { ready: 12 }, queued: 12 },
      { kind: 'comments', queue: { ready: 40 }, queued: 3 },
    ],
    redeclare: false,
    targeted: [],
    shortSince: {},
  },
  'a purged queue seen for the first time: remembered, not yet acted on (a delivery may be being claimed)': {
    observed: [{ kind: 'metadata', queue: { ready: 0 }, queued: 7 }],
    redeclare: false,
    targeted: [],
    shortSince: { metadata: T },
  },
  'the shortfall still there on the next audit: the tasks untouched since it was first seen go again': {
    observed: [{ kind: 'metadata', queue: { ready: 2 }, queued: 7 }],
    memory: { shortSince: { metadata: T - 6_000 } },
    redeclare: false,
    targeted: [['metadata', 'short', at(T - 6_000)]],
    shortSince: {},
  },
  'a shortfall seen again sooner than the confirmation time: still waiting, since the first sighting': {
    observed: [{ kind: 'comments', queue: { ready: 0 }, queued: 1 }],
    memory: { shortSince: { comments: T - 2_000 } },
    redeclare: false,
    targeted: [],
    shortSince: { comments: T - 2_000 },
  },
  'a shortfall that went away (the delivery was claimed): forgotten': {
    observed: [{ kind: 'comments', queue: { ready: 4 }, queued: 4 }],
    memory: { shortSince: { comments: T - 60_000 } },
    redeclare: false,
    targeted: [],
    shortSince: {},
  },
  'a deleted queue: declared again and every task it should hold published again at once': {
    observed: [
      { kind: 'metadata', queued: 5 },
      { kind: 'comments', queue: { ready: 9 }, queued: 9 },
    ],
    memory: { shortSince: { metadata: T - 1_000 } },
    redeclare: true,
    targeted: [['metadata', 'queue-missing', at(T)]],
    shortSince: {},
  },
  'both queues gone with the broker data: both declared and published again': {
    observed: [
      { kind: 'metadata', queued: 0 },
      { kind: 'comments', queued: 30 },
    ],
    redeclare: true,
    targeted: [
      ['metadata', 'queue-missing', at(T)],
      ['comments', 'queue-missing', at(T)],
    ],
    shortSince: {},
  },
  'one queue short, the other confirmed short: each on its own clock': {
    observed: [
      { kind: 'metadata', queue: { ready: 0 }, queued: 2 },
      { kind: 'comments', queue: { ready: 1 }, queued: 2 },
    ],
    memory: { shortSince: { comments: T - 30_000 } },
    redeclare: false,
    targeted: [['comments', 'short', at(T - 30_000)]],
    shortSince: { metadata: T },
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(name, () => {
    const d = decideAudit(c.observed, c.memory ?? newAuditMemory(), NOW, BOUNDS);
    assert.is(d.redeclare, c.redeclare);
    assert.equal(
      d.republish.filter((r) => r.reason !== 'stale' && r.reason !== 'lease-expired').map((r) => [r.kind, r.reason, r.touchedBefore.toISOString()]),
      c.targeted,
    );
    assert.equal(d.memory.shortSince, c.shortSince);
  });
}

test('every audit asks, per queue, for queued tasks past the age bound and running ones past the lease grace', () => {
  const d = decideAudit([{ kind: 'comments', queue: { ready: 3 }, queued: 3 }], newAuditMemory(), NOW, BOUNDS);
  assert.equal(
    d.republish.map((r) => [r.kind, r.reason, r.touchedBefore.toISOString()]),
    [
      ['comments', 'stale', at(T - 1_800_000)],
      ['comments', 'lease-expired', at(T - 120_000)],
    ],
  );
});

test.run();
