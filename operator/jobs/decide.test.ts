import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CollectionJobSpec, CollectionJobStatus } from '../../lib/crd/types.gen.js';
import { computeJobStatus, emptyCounts, type TaskCounts } from '../status/status.js';
import {
  admitsEarly,
  decideCollectionJob,
  FROM_JOB_POLL_MS,
  newJobMemory,
  type CollectionJobFacts,
  type JobDecision,
  type JobMemory,
  type Settle,
  type TaskChanges,
} from './decide.js';

const NOW = new Date('2026-12-02T01:00:00Z');
const T = NOW.getTime();
const POLICY = { retry: { baseMs: 10_000, maxMs: 600_000 }, tolerancePercent: 10 };
const SPEC: CollectionJobSpec = { type: 'Metadata', keywords: ['반도체'], dateRange: { from: '2024-12-01', to: '2024-12-03' } };
const counts = (o: Partial<TaskCounts>): TaskCounts => {
  const c = { ...emptyCounts(), ...o };
  return { ...c, total: o.total ?? c.pending + c.queued + c.running + c.succeeded + c.failed + c.cancelled };
};

/** A stored status: the one computed from these counts some time before NOW. */
function stored(spec: CollectionJobSpec, c: TaskCounts, at = new Date(T - 60_000)): CollectionJobStatus {
  return computeJobStatus(
    undefined,
    { generation: 1, spec, department: 'news', priority: 50, planningComplete: true, counts: c, tolerancePercent: 10 },
    at,
  );
}

function facts(o: Partial<CollectionJobFacts> = {}): CollectionJobFacts {
  return {
    generation: 1,
    spec: SPEC,
    status: undefined,
    hasFinalizer: true,
    department: 'news',
    priority: 50,
    planning: { complete: true, commentsPlannedFor: -1 },
    admittedEarly: false,
    counts: counts({ pending: 3 }),
    metadataSucceeded: 0,
    retryables: [],
    active: false,
    pace: { intervalMs: 1000 },
    changed: 'nothing',
    ...o,
  };
}

const memory = (o: Partial<JobMemory> = {}): JobMemory => ({ ...newJobMemory('uid-1'), ...o });
const decide = (f: CollectionJobFacts, m: JobMemory = memory()): JobDecision => decideCollectionJob(f, m, NOW, POLICY);

function settled(d: JobDecision): Settle {
  if (d.kind !== 'settle') throw new Error(`expected a settle, got ${JSON.stringify(d)}`);
  return d;
}
function changes(d: JobDecision): TaskChanges {
  if (d.kind !== 'change-tasks') throw new Error(`expected task changes, got ${d.kind} (phase ${d.phase})`);
  return d;
}

const running3 = counts({ running: 3, queued: 2 });
const admittedRunning = stored(SPEC, running3);
const suspended: CollectionJobSpec = { ...SPEC, suspend: true };

// Task rules: suspend, resume, retries.
const taskCases: [string, CollectionJobFacts, JobMemory, Partial<TaskChanges> | 'settle'][] = [
  [
    'suspended while 3 tasks run: queued ones cancelled, cancel sent once, the dispatcher stopped first',
    facts({ spec: suspended, status: admittedRunning, counts: running3, active: true }),
    memory(),
    { step: 'task-rules', deactivate: true, cancel: { includePending: false, control: 'always' }, uncancel: false, retries: [] },
  ],
  [
    'still suspended, cancel already sent: queued ones cancelled again, no second message',
    facts({ spec: suspended, status: admittedRunning, counts: running3 }),
    memory({ cancelSent: true }),
    { cancel: { includePending: false, control: 'none' } },
  ],
  [
    'resumed after a suspend of this operator: cancelled tasks pending again',
    facts({ status: admittedRunning, counts: counts({ cancelled: 2, running: 1 }) }),
    memory({ cancelSent: true }),
    { step: 'task-rules', uncancel: true, deactivate: false, retries: [] },
  ],
  [
    'resumed after a suspend seen only in the stored status (new leader): uncancelled too',
    facts({ status: stored(SPEC, counts({ cancelled: 2 })) }),
    memory(),
    { uncancel: true },
  ],
  ['never suspended, nothing to retry: straight to settle', facts({ status: admittedRunning, counts: running3 }), memory(), 'settle'],
  [
    'suspended after it finished: nothing is cancelled',
    facts({ spec: suspended, status: stored(SPEC, counts({ succeeded: 3 })), counts: counts({ succeeded: 3 }) }),
    memory(),
    'settle',
  ],
  [
    'a retryable failure within the backoff limit: retried after the backoff from when it failed',
    facts({ status: admittedRunning, retryables: [{ id: 't1', attempts: 2, finishedAt: new Date(T - 1000), lastError: 'timeout' }] }),
    memory(),
    { retries: [{ id: 't1', decision: { action: 'retry', notBefore: new Date(T - 1000 + 20_000) } }] },
  ],
  [
    'a retryable failure past backoffLimit 3: failed with its last error',
    facts({ status: admittedRunning, retryables: [{ id: 't1', attempts: 4, finishedAt: null, lastError: 'HTTP 503' }] }),
    memory(),
    { retries: [{ id: 't1', decision: { action: 'fail', reason: 'HTTP 503 (gave up after 4 attempts)' } }] },
  ],
  [
    'retries of a job admitted early in this reconcile are not looked at',
    facts({ admittedEarly: true, retryables: [{ id: 't1', attempts: 1, finishedAt: null, lastError: 'x' }] }),
    memory(),
    'settle',
  ],
  [
    'task rules already applied in this reconcile: not applied twice',
    facts({ spec: suspended, status: admittedRunning, changed: 'task-rules' }),
    memory(),
    'settle',
  ],
];
for (const [name, f, m, want] of taskCases) {
  test(`task rules: ${name}`, () => {
    const d = decide(f, m);
    if (want === 'settle') return void settled(d);
    const c = changes(d);
    for (const [k, v] of Object.entries(want)) assert.equal(c[k as keyof TaskChanges], v, k);
  });
}

// Fail-stop.
const tooManyFailed = counts({ failed: 2, running: 1, pending: 1 });
test('fail-stop: failures beyond the tolerance stop the job: pending and queued cancelled, running told to stop', () => {
  const c = changes(decide(facts({ status: admittedRunning, counts: tooManyFailed, active: true })));
  assert.equal([c.step, c.deactivate, c.cancel], ['fail-stop', true, { includePending: true, control: 'if-running' }]);
});
test('fail-stop: once stopped in this reconcile, the Failed status settles', () => {
  const s = settled(decide(facts({ status: admittedRunning, counts: counts({ failed: 2, running: 1, cancelled: 1 }), changed: 'fail-stop' })));
  assert.equal([s.phase, s.admission, s.writeStatus], ['Failed', { active: false }, true]);
});
test('fail-stop: a job already Failed is not stopped again', () => {
  const failed = computeJobStatus(
    admittedRunning,
    { generation: 1, spec: SPEC, department: 'news', priority: 50, planningComplete: true, counts: tooManyFailed, tolerancePercent: 10 },
    new Date(T - 5000),
  );
  assert.is(failed.phase, 'Failed');
  assert.is(settled(decide(facts({ status: failed, counts: tooManyFailed }))).phase, 'Failed');
});

// Settle: admission, dispatch, finalizer.
const settleCases: [string, CollectionJobFacts, Partial<Settle>][] = [
  [
    'a new job with a department: admitted and active, the dispatcher asked for a round',
    facts(),
    { phase: 'Admitted', admission: { active: true }, dispatch: true, enqueueDepartment: true, writeStatus: true },
  ],
  [
    'a new job admitted early: no second round, the department not enqueued again',
    facts({ admittedEarly: true, active: true }),
    { admission: { active: true }, dispatch: false, enqueueDepartment: true },
  ],
  [
    'active before and still active with pending tasks: a round, no department change',
    facts({ status: admittedRunning, counts: running3, active: true }),
    { dispatch: false, enqueueDepartment: false },
  ],
  [
    'active with 2 tasks still pending: a round to publish them',
    facts({ status: stored(SPEC, counts({ pending: 2, running: 1 })), counts: counts({ pending: 2, running: 1 }), active: true }),
    { dispatch: true, enqueueDepartment: false },
  ],
  [
    'no Department lists the namespace: withdrawn from the dispatcher, Pending',
    facts({ department: undefined, priority: undefined, planning: undefined }),
    { phase: 'Pending', admission: undefined, enqueueDepartment: false },
  ],
  [
    'suspended: inactive, the dispatcher told',
    facts({ spec: suspended, status: admittedRunning, counts: counts({ running: 1, cancelled: 2 }), changed: 'task-rules', active: false }),
    { phase: 'Suspended', admission: { active: false }, dispatch: false },
  ],
  ['without our finalizer: it is added', facts({ hasFinalizer: false }), { addFinalizer: true }],
  ['with our finalizer: not added again', facts(), { addFinalizer: false }],
];
for (const [name, f, want] of settleCases) {
  test(`settle: ${name}`, () => {
    const s = settled(decide(f));
    for (const [k, v] of Object.entries(want)) assert.equal(s[k as keyof Settle], v, k);
  });
}

// Status pacing.
const paceCases: [string, CollectionJobFacts, { writeStatus: boolean; releaseHold: boolean; requeueAfterMs?: number }][] = [
  ['never written: the status is written now', facts(), { writeStatus: true, releaseHold: false }],
  [
    'written 400 ms ago: the change waits 600 ms',
    facts({ pace: { intervalMs: 1000, lastMs: T - 400 } }),
    { writeStatus: false, releaseHold: false, requeueAfterMs: 600 },
  ],
  [
    'a new job in its first-status grace, nothing published yet: waits for the grace',
    facts({ pace: { intervalMs: 1000, holdUntilMs: T + 300 } }),
    { writeStatus: false, releaseHold: false, requeueAfterMs: 300 },
  ],
  [
    'in its grace but a task was published: the hold ends, written now',
    facts({ counts: counts({ pending: 2, queued: 1 }), pace: { intervalMs: 1000, holdUntilMs: T + 300 } }),
    { writeStatus: true, releaseHold: true },
  ],
  [
    'unchanged status: nothing to write however long ago the last write was',
    facts({ status: admittedRunning, counts: running3, active: true, pace: { intervalMs: 1000, lastMs: T - 400 } }),
    { writeStatus: false, releaseHold: true },
  ],
];
for (const [name, f, want] of paceCases) {
  test(`status pacing: ${name}`, () => {
    const s = settled(decide(f));
    assert.equal(
      { writeStatus: s.writeStatus, releaseHold: s.releaseHold, ...(s.requeueAfterMs !== undefined ? { requeueAfterMs: s.requeueAfterMs } : {}) },
      want,
    );
  });
}

// Timed work: TTL, deadline, planning.
const done = counts({ succeeded: 3 });
const completedAt = (msAgo: number): CollectionJobStatus => stored(SPEC, done, new Date(T - msAgo));
const timedCases: [string, CollectionJobFacts, { deleteJob: boolean; requeueAfterMs?: number }][] = [
  [
    'complete 10 s ago with ttlSecondsAfterFinished 60: looked at again in 50 s',
    facts({ spec: { ...SPEC, ttlSecondsAfterFinished: 60 }, status: completedAt(10_000), counts: done, planning: undefined }),
    { deleteJob: false, requeueAfterMs: 50_000 },
  ],
  [
    'complete 61 s ago with ttlSecondsAfterFinished 60: deleted, no requeue',
    facts({ spec: { ...SPEC, ttlSecondsAfterFinished: 60 }, status: completedAt(61_000), counts: done, planning: undefined }),
    { deleteJob: true },
  ],
  [
    'complete without a TTL: kept, nothing to look at again',
    facts({ status: completedAt(61_000), counts: done, planning: undefined }),
    { deleteJob: false },
  ],
  [
    'running with activeDeadlineSeconds 120, admitted 60 s ago: looked at again at the deadline',
    facts({ spec: { ...SPEC, activeDeadlineSeconds: 120 }, status: admittedRunning, counts: running3, active: true }),
    { deleteJob: false, requeueAfterMs: 60_000 },
  ],
  [
    'comments from a job still running: planned again in 5 s',
    facts({
      spec: { type: 'Comments', articles: { fromJob: 'src' } },
      planning: { complete: false, commentsPlannedFor: -1 },
      status: admittedRunning,
      counts: running3,
      active: true,
    }),
    { deleteJob: false, requeueAfterMs: FROM_JOB_POLL_MS },
  ],
  [
    'includeComments and a metadata task succeeded since comments were planned: planned again at once, not complete',
    facts({
      spec: { ...SPEC, includeComments: true },
      planning: { complete: true, commentsPlannedFor: 2 },
      metadataSucceeded: 3,
      status: stored(SPEC, done),
      counts: done,
      active: true,
    }),
    { deleteJob: false, requeueAfterMs: 0 },
  ],
];
for (const [name, f, want] of timedCases) {
  test(`timed work: ${name}`, () => {
    const s = settled(decide(f));
    assert.equal({ deleteJob: s.deleteJob, ...(s.requeueAfterMs !== undefined ? { requeueAfterMs: s.requeueAfterMs } : {}) }, want);
  });
}

test('timed work: a metadata job planned again is not Complete while its comments are planned', () => {
  const s = settled(
    decide(
      facts({
        spec: { ...SPEC, includeComments: true },
        planning: { complete: true, commentsPlannedFor: 2 },
        metadataSucceeded: 3,
        counts: done,
        active: true,
      }),
    ),
  );
  assert.is.not(s.phase, 'Complete');
});

// The fast path of a new job.
const early: [string, Parameters<typeof admitsEarly>[0], boolean][] = [
  ['a new job planned now: admitted at once', { firstPlan: true, blocked: false, spec: SPEC, status: undefined, active: false }, true],
  ['planned before: the normal path', { firstPlan: false, blocked: false, spec: SPEC, status: undefined, active: false }, false],
  ['blocked (its fromJob is missing): not admitted', { firstPlan: true, blocked: true, spec: SPEC, status: undefined, active: false }, false],
  ['created suspended: not admitted', { firstPlan: true, blocked: false, spec: suspended, status: undefined, active: false }, false],
  [
    'admitted before (a new leader plans it again): the normal path',
    { firstPlan: true, blocked: false, spec: SPEC, status: admittedRunning, active: false },
    false,
  ],
  ['already active: the normal path', { firstPlan: true, blocked: false, spec: SPEC, status: undefined, active: true }, false],
];
for (const [name, f, want] of early) test(`fast path: ${name}`, () => assert.is(admitsEarly(f), want));

test('a reconcile ends: task rules, then fail-stop, then settle, whatever the facts', () => {
  const f = facts({ spec: suspended, status: admittedRunning, counts: tooManyFailed, active: true });
  const steps: string[] = [];
  for (let i = 0; i < 5; i++) {
    const d = decide(f, memory({ cancelSent: true }));
    if (d.kind === 'settle') break;
    steps.push(d.step);
    f.changed = d.step;
  }
  assert.equal(steps, ['task-rules', 'fail-stop']);
});

test.run();
