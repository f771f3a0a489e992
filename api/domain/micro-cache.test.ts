import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { microCache } from './micro-cache.js';

test('concurrent misses of one key share one load, and the value lives for the ttl', async () => {
  let t = 0;
  let loads = 0;
  const c = microCache<number>(500, 10, () => t);
  const load = async () => ++loads;
  assert.equal(await Promise.all([c.get('a', load), c.get('a', load), c.get('a', load)]), [1, 1, 1]);
  t = 499;
  assert.is(await c.get('a', load), 1);
  t = 500;
  assert.is(await c.get('a', load), 2, 'expired');
  assert.is(await c.get('b', load), 3, 'another key loads on its own');
});

test('a failed load is not kept', async () => {
  const c = microCache<number>(1000, 10, () => 0);
  await c
    .get('k', async () => {
      throw new Error('down');
    })
    .catch(() => undefined);
  await new Promise((r) => setImmediate(r));
  assert.is(await c.get('k', async () => 7), 7);
});

test('ttl 0 never caches; the number of keys is bounded', async () => {
  let n = 0;
  const off = microCache<number>(0);
  await off.get('x', async () => ++n);
  await off.get('x', async () => ++n);
  assert.is(n, 2);
  const small = microCache<number>(1000, 3, () => 0);
  for (const k of ['a', 'b', 'c', 'd']) await small.get(k, async () => 1);
  assert.is(small.size, 3);
});

test.run();
