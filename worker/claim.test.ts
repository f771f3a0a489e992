import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideUnclaimed, exceededAttempts, type TaskRow } from './claim.js';

const now = new Date('2024-12-02T00:00:00Z');
const row = (o: Partial<TaskRow>): TaskRow => ({
  state: 'queued',
  attempts: 0,
  leaseOwner: null,
  leaseExpiresAt: null,
  lastError: null,
  jobSuspended: false,
  ...o,
});

const cases: [string, TaskRow | null, number, number, string][] = [
  ['an unknown task is dead-lettered', null, 1, 0, 'dead-letter'],
  ['a succeeded task is dropped', row({ state: 'succeeded' }), 1, 0, 'drop'],
  ['a cancelled task is dropped', row({ state: 'cancelled' }), 1, 0, 'drop'],
  ['a failed task is dropped', row({ state: 'failed' }), 1, 0, 'drop'],
  ['a task of a suspended job is dropped', row({ state: 'queued', jobSuspended: true }), 1, 0, 'drop'],
  [
    "a task under a dead worker's live lease is waited for",
    row({ state: 'running', leaseOwner: 'w1', leaseExpiresAt: new Date(now.getTime() + 5000) }),
    1,
    0,
    'wait',
  ],
  [
    'a lease kept alive past the wait bound belongs to a live worker: the copy is dropped',
    row({ state: 'running', leaseOwner: 'w1', leaseExpiresAt: new Date(now.getTime() + 5000) }),
    1,
    60_000,
    'drop',
  ],
  ['a pending task delivered before it was marked queued is waited for', row({ state: 'pending', attempts: 0 }), 1, 0, 'wait'],
  ['a pending task waiting for its retry: the stale copy is dropped', row({ state: 'pending', attempts: 1 }), 1, 0, 'drop'],
  [
    'a pending task not marked queued after a while goes back to the queue, never dropped',
    row({ state: 'pending', attempts: 0 }),
    1,
    10_000,
    'requeue',
  ],
  ['a queued task that lost a claim race is tried again', row({ state: 'queued' }), 1, 0, 'wait'],
];
for (const [name, r, attempt, waited, want] of cases) {
  test(name, () => assert.is(decideUnclaimed(r, attempt, now, waited, 60_000).action, want));
}

test('the wait for a lease ends about when the lease expires', () => {
  const d = decideUnclaimed(row({ state: 'running', leaseExpiresAt: new Date(now.getTime() + 5000) }), 1, now, 0, 60_000);
  assert.ok(d.action === 'wait' && d.ms >= 5000 && d.ms <= 5200);
});

test('attempts beyond backoffLimit + 1 exceed the limit', () => {
  assert.is(exceededAttempts(4, 3), false);
  assert.is(exceededAttempts(5, 3), true);
  assert.is(exceededAttempts(1, 0), false);
  assert.is(exceededAttempts(2, 0), true);
});

test.run();
