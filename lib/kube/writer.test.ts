import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyedWriter } from './writer.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('one write per key at a time; a waiting write is replaced by a newer one', async () => {
  const log: string[] = [];
  let release!: () => void;
  const w = new KeyedWriter(4, () => undefined);
  w.schedule(
    'a',
    () =>
      new Promise<void>((r) => {
        log.push('a1');
        release = r;
      }),
  );
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

test('close drops the waiting writes at once and refuses new ones; the one in flight finishes; open accepts again', async () => {
  const log: string[] = [];
  let release!: () => void;
  const w = new KeyedWriter(1, () => undefined);
  w.schedule(
    'a',
    () =>
      new Promise<void>((r) => {
        log.push('a1');
        release = r;
      }),
  );
  await tick();
  w.schedule('a', async () => void log.push('a2'));
  w.schedule('b', async () => void log.push('b1'));
  assert.is(w.close(), 2);
  assert.ok(w.closed);
  assert.not.ok(
    w.schedule('c', async () => void log.push('c1')),
    'refused',
  );
  assert.not.ok(w.busy('b'));
  assert.ok(w.busy('a'), 'the write in flight goes on');
  release();
  await w.drain();
  await tick();
  assert.equal(log, ['a1']);
  w.open();
  assert.ok(w.schedule('d', async () => void log.push('d1')));
  await w.drain();
  assert.equal(log, ['a1', 'd1']);
});

test('drain resolves when close leaves nothing in flight', async () => {
  const w = new KeyedWriter(1, () => undefined);
  let release!: () => void;
  w.schedule('a', () => new Promise<void>((r) => (release = r)));
  w.schedule('b', async () => undefined);
  const drained = w.drain();
  await tick();
  w.close();
  release();
  await drained;
  assert.is(w.size, 0);
});

test.run();
