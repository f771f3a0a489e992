import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import { WorkQueue } from './workqueue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('duplicate keys collapse while waiting', async () => {
  const q = new WorkQueue({ name: 't' });
  q.add('a');
  q.add('a');
  q.add('b');
  assert.is(q.length, 2);
  await q.shutdown();
});

test('addFirst puts a new key ahead of the waiting ones; a waiting key keeps its place', async () => {
  const q = new WorkQueue({ name: 't' });
  q.add('a');
  q.add('b');
  q.addFirst('new');
  q.addFirst('b');
  assert.is(q.length, 3);
  assert.equal([await q.get(), await q.get(), await q.get()], ['new', 'a', 'b']);
  await q.shutdown();
});

test('one worker per key: a key added while processed runs again afterwards, never concurrently', async () => {
  const q = new WorkQueue({ name: 't' });
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  q.run(4, async () => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    runs++;
    await sleep(30);
    running--;
  });
  q.add('k');
  await sleep(5);
  q.add('k');
  q.add('k');
  await sleep(100);
  assert.is(maxRunning, 1);
  assert.is(runs, 2);
  await q.shutdown();
});

test('errors back off per key exponentially; success forgets', async () => {
  const q = new WorkQueue({ name: 't', baseDelayMs: 5, maxDelayMs: 1000, qps: 1000, burst: 1000 });
  assert.equal([q.nextDelay('x'), q.nextDelay('x'), q.nextDelay('x'), q.nextDelay('y')], [5, 10, 20, 5]);
  q.forget('x');
  assert.is(q.nextDelay('x'), 5);
  await q.shutdown();
});

test('the global token bucket delays retries beyond the burst', async () => {
  let t = 0;
  const q = new WorkQueue({ name: 't', baseDelayMs: 1, qps: 10, burst: 2, now: () => t });
  const d = [q.nextDelay('a'), q.nextDelay('b'), q.nextDelay('c'), q.nextDelay('d')];
  assert.equal(d.slice(0, 2), [1, 1]);
  assert.is(Math.round(d[2]!), 100);
  assert.is(Math.round(d[3]!), 200);
  t = 1000;
  assert.is(q.nextDelay('e'), 1);
  await q.shutdown();
});

test('a failing handler is retried; requeueAfter schedules timed work; metrics are exported', async () => {
  const registry = new Registry();
  const q = new WorkQueue({ name: 'jobs', baseDelayMs: 5, registry });
  const seen: string[] = [];
  let fail = 2;
  q.run(1, async (key) => {
    seen.push(key);
    if (key === 'bad' && fail-- > 0) throw new Error('boom');
    if (key === 'timed' && seen.filter((k) => k === 'timed').length === 1) return { requeueAfterMs: 20 };
  });
  q.add('bad');
  q.add('timed');
  await sleep(150);
  assert.is(seen.filter((k) => k === 'bad').length, 3);
  assert.is(seen.filter((k) => k === 'timed').length, 2);
  const text = await registry.metrics();
  assert.match(text, /workqueue_retries_total\{name="jobs"\} 2/);
  assert.match(text, /workqueue_adds_total\{name="jobs"\} \d+/);
  assert.match(text, /workqueue_work_duration_seconds_count\{name="jobs"\} 5/);
  await q.shutdown();
});

test('an earlier addAfter wins over a later one', async () => {
  const q = new WorkQueue({ name: 't' });
  const seen: number[] = [];
  const start = Date.now();
  q.run(1, async () => {
    seen.push(Date.now() - start);
  });
  q.addAfter('k', 30);
  q.addAfter('k', 500);
  await sleep(80);
  assert.is(seen.length, 1);
  assert.ok(seen[0]! < 100);
  await q.shutdown();
});

test.run();
