import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LeaderElector } from './leader.js';
import { KubeError, type KubeRest } from './rest.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An apiserver of one Lease in memory, with optimistic concurrency; `hang` holds requests until `unhang`. */
function leaseServer() {
  let lease: { metadata: Record<string, unknown>; spec: Record<string, unknown> } | undefined;
  let rv = 0;
  const held: ((e: Error) => void)[] = [];
  const s = {
    hang: false,
    unhang() {
      s.hang = false;
      for (const r of held.splice(0)) r(new KubeError('503', 503));
    },
    get lease() {
      return lease;
    },
    rest: {
      async request(method: string, _path: string, o: { body?: { metadata: Record<string, unknown>; spec: Record<string, unknown> } } = {}) {
        if (s.hang) return new Promise((_, reject) => held.push(reject));
        if (method === 'GET') {
          if (!lease) throw new KubeError('404', 404);
          return structuredClone(lease);
        }
        if (method === 'POST') {
          if (lease) throw new KubeError('409', 409);
          lease = { ...o.body!, metadata: { ...o.body!.metadata, resourceVersion: String(++rv) } };
          return lease;
        }
        if (lease && o.body!.metadata.resourceVersion !== lease.metadata.resourceVersion) throw new KubeError('409', 409);
        lease = { ...o.body!, metadata: { ...o.body!.metadata, resourceVersion: String(++rv) } };
        return lease;
      },
    } as unknown as KubeRest,
  };
  return s;
}

function elector(s: ReturnType<typeof leaseServer>, calls: string[]) {
  return new LeaderElector(s.rest, {
    namespace: 'ns',
    name: 'l',
    identity: 'me',
    leaseDurationMs: 3000,
    renewDeadlineMs: 300,
    retryPeriodMs: 100,
    onStartedLeading: () => calls.push('started'),
    onStoppedLeading: () => calls.push('stopped'),
  });
}

/** A lease server and an elector started on it, given `ms` to take the lease; `calls` records its callbacks. */
async function started(ms: number) {
  const s = leaseServer();
  const calls: string[] = [];
  const e = elector(s, calls);
  e.start();
  await sleep(ms);
  return { s, calls, e };
}

test('acquires a free lease and renews it', async () => {
  const { s, calls, e } = await started(250);
  assert.ok(e.isLeader);
  assert.equal(calls, ['started']);
  assert.is(s.lease?.spec.holderIdentity, 'me');
  await e.stop();
  assert.equal(calls, ['started', 'stopped']);
  assert.is(s.lease?.spec.holderIdentity, null, 'released');
});

test('a renewal that hangs ends leadership at the renew deadline', async () => {
  const { s, calls, e } = await started(150);
  assert.ok(e.isLeader);
  s.hang = true;
  const from = Date.now();
  while (!calls.includes('stopped') && Date.now() - from < 2000) await sleep(10);
  assert.equal(calls, ['started', 'stopped'], 'stopped by the deadline timer');
  assert.ok(Date.now() - from <= 300 + 250, `within the deadline (${Date.now() - from} ms)`);
  assert.not.ok(e.isLeader);
  s.unhang();
  await e.stop();
});

test('a process that was paused past the renew deadline is no leader when it wakes, before its loop runs', async () => {
  const { calls, e } = await started(150);
  assert.ok(e.isLeader);
  const until = Date.now() + 450;
  while (Date.now() < until); // the event loop is blocked, as under SIGSTOP
  assert.not.ok(e.isLeader, 'asked first thing after the pause');
  assert.equal(calls, ['started', 'stopped']);
  // Nobody took the lease meanwhile: the next round renews it and leads again.
  await sleep(250);
  assert.ok(e.isLeader);
  await e.stop();
});

test('a lease taken over by another identity is noticed at the next renewal', async () => {
  const { s, calls, e } = await started(150);
  const l = s.lease!;
  await s.rest.request('PUT', '', { body: { ...l, spec: { ...l.spec, holderIdentity: 'other', renewTime: new Date().toISOString() } } });
  await sleep(200);
  assert.not.ok(e.isLeader);
  assert.equal(calls, ['started', 'stopped']);
  await sleep(300);
  assert.not.ok(e.isLeader, 'stays a candidate while the other holds it');
  await e.stop();
});

test.run();
