import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyedWriter } from './writer.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('one write per key at a time; a waiting write is replaced by a newer one', async () => {
  const log: string[] = [];
  let release!: () => void;
  const w = new KeyedWriter(4, () => undefined);
  w.schedule('a', () => new Promise<void>((r) => { log.push('a1'); release = r; }));
  await tick();
  w.schedule('a', async () => void log.push('a2'));
  w.schedule('a', async () => void log.push('a3'));
  w.schedule('b', async () => void log.push('b1'));
  await tick();
  assert.equal(log, ['a1', 'b1']);
  assert.ok(w.busy('a'));
  release();
  await w.drain();
  assert.equal(log, ['a1', 'b1', 'a3']);
  assert.not.ok(w.busy('a'));
});

test('concurrency bounds the writes in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const w = new KeyedWriter(3, () => undefined);
  for (let i = 0; i < 20; i++)
    w.schedule(`k${i}`, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
    });
  await w.drain();
  assert.is(most, 3);
});

test('a failed write is reported with its key and does not stop the others', async () => {
  const failed: string[] = [];
  const done: string[] = [];
  const w = new KeyedWriter(1, (k) => failed.push(k));
  w.schedule('x', async () => {
    throw new Error('409');
  });
  w.schedule('y', async () => void done.push('y'));
  await w.drain();
  assert.equal(failed, ['x']);
  assert.equal(done, ['y']);
});

test.run();
