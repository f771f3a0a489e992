import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONFLICT_ATTEMPTS, retryOnConflict, setFinalizer, writeStatus } from './objects.js';
import { KubeError, type KubeObject, type KubeRest } from './rest.js';

const conflict = () => new KubeError('409 Conflict', 409, 'Conflict');

/** An operation that meets a conflict `n` times, then answers. */
function conflicting(n: number) {
  const seen: number[] = [];
  const op = async (attempt: number) => {
    seen.push(attempt);
    if (seen.length <= n) throw conflict();
    return 'done';
  };
  return { op, seen };
}

test('retryOnConflict: no conflict, one attempt', async () => {
  const { op, seen } = conflicting(0);
  assert.is(await retryOnConflict(op), 'done');
  assert.equal(seen, [0]);
});

test('retryOnConflict: conflicts are retried with the attempt number, up to the bound', async () => {
  const { op, seen } = conflicting(CONFLICT_ATTEMPTS - 1);
  assert.is(await retryOnConflict(op), 'done');
  assert.equal(
    seen,
    Array.from({ length: CONFLICT_ATTEMPTS }, (_, i) => i),
  );
});

test('retryOnConflict: the conflict of the last attempt is thrown', async () => {
  const { op, seen } = conflicting(3);
  try {
    await retryOnConflict(op, 3);
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, KubeError);
    assert.is((e as KubeError).status, 409);
  }
  assert.equal(seen, [0, 1, 2]);
});

test('retryOnConflict: any other error is thrown at once', async () => {
  let calls = 0;
  try {
    await retryOnConflict(async () => {
      calls++;
      throw new KubeError('500', 500);
    });
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as KubeError).status, 500);
  }
  assert.is(calls, 1);
});

/** A fake apiserver of one object: the first `conflicts` patches meet a 409, the object may be gone. */
function fakeRest(stored: KubeObject | undefined, conflicts: number) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  let left = conflicts;
  const rest = {
    async get(path: string) {
      calls.push({ method: 'GET', path });
      if (!stored) throw new KubeError('404', 404);
      return stored;
    },
    async request(method: string, path: string, o: { body?: unknown }) {
      calls.push({ method, path, body: o.body });
      if (!stored) throw new KubeError('404', 404);
      if (left-- > 0) throw conflict();
      return { ...stored, metadata: { ...stored.metadata, resourceVersion: 'new' } };
    },
  } as unknown as KubeRest;
  return { rest, calls };
}

const obj = (rv: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name: 'j', resourceVersion: rv, ...extra },
  status: { phase: 'Pending', old: 1 },
});

test('writeStatus: a conflict re-reads and computes again from the stored object', async () => {
  const { rest, calls } = fakeRest(obj('2'), 1);
  const seen: string[] = [];
  const out = await writeStatus(rest, '/p', obj('1'), (o) => {
    seen.push(o.metadata!.resourceVersion!);
    return { phase: 'Running' };
  });
  assert.is(out?.metadata?.resourceVersion, 'new');
  assert.equal(seen, ['1', '2']);
  assert.equal(
    calls.map((c) => `${c.method} ${c.path}`),
    ['PATCH /p/status', 'GET /p', 'PATCH /p/status'],
  );
  assert.equal(calls[2]!.body, { metadata: { resourceVersion: '2' }, status: { phase: 'Running', old: null } });
});

test('writeStatus: nothing to write, a gone object, a write not allowed -> undefined and no patch', async () => {
  const a = fakeRest(obj('1'), 0);
  assert.is(await writeStatus(a.rest, '/p', obj('1'), () => null), undefined);
  assert.is(a.calls.length, 0);
  const b = fakeRest(undefined, 0);
  assert.is(await writeStatus(b.rest, '/p', obj('1'), () => ({ phase: 'x' })), undefined);
  const c = fakeRest(obj('1'), 0);
  assert.is(await writeStatus(c.rest, '/p', obj('1'), () => ({ phase: 'x' }), { allowed: () => false }), undefined);
  assert.is(c.calls.length, 0);
});

test('writeStatus: a write that is no longer allowed after a conflict stops', async () => {
  let allowed = true;
  const { rest, calls } = fakeRest(obj('2'), 1);
  const p = writeStatus(
    rest,
    '/p',
    obj('1'),
    () => {
      const s = { phase: 'Running' };
      return s;
    },
    { allowed: () => allowed },
  );
  allowed = false; // after the first patch was sent
  assert.is(await p, undefined);
  assert.equal(
    calls.map((c) => c.method),
    ['PATCH', 'GET'],
  );
});

test('writeStatus: conflicts beyond the bound are thrown', async () => {
  const { rest, calls } = fakeRest(obj('2'), 100);
  try {
    await writeStatus(rest, '/p', obj('1'), () => ({ phase: 'x' }));
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as KubeError).status, 409);
  }
  assert.is(calls.filter((c) => c.method === 'PATCH').length, CONFLICT_ATTEMPTS);
});

test('setFinalizer: adds after a conflict; already present answers the object without a write', async () => {
  const { rest, calls } = fakeRest(obj('2', { finalizers: ['other'] }), 1);
  const out = await setFinalizer(rest, '/p', obj('1'), 'ours', true);
  assert.is(out?.metadata?.resourceVersion, 'new');
  assert.equal(calls[2]!.body, { metadata: { resourceVersion: '2', finalizers: ['other', 'ours'] } });
  const b = fakeRest(obj('1'), 0);
  const present = obj('1', { finalizers: ['ours'] });
  assert.is(await setFinalizer(b.rest, '/p', present, 'ours', true), present);
  assert.is(b.calls.length, 0);
  const c = fakeRest(obj('1', { finalizers: ['ours'] }), 0);
  await setFinalizer(c.rest, '/p', obj('1', { finalizers: ['ours', 'x'] }), 'ours', false);
  assert.equal(c.calls[0]!.body, { metadata: { resourceVersion: '1', finalizers: ['x'] } });
});

test.run();
