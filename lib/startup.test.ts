import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from './log.js';
import { notAnswering, Startup } from './startup.js';

const log = createLogger('startup-test', 'silent');
const refused = Object.assign(new Error('connect ECONNREFUSED 10.96.4.7:5432'), { code: 'ECONNREFUSED' });
const transient = (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED';

test('waits through refusals with growing pauses, reporting what it waits for, then runs', async () => {
  const s = new Startup(log);
  const slept: number[] = [];
  const seen: (string | null)[] = [];
  let calls = 0;
  const got = await s.until(
    'PostgreSQL',
    async () => {
      seen.push(await s.readiness());
      if (++calls < 4) throw refused;
      return 'migrated';
    },
    transient,
    { minMs: 100, maxMs: 250, sleep: async (ms) => void slept.push(ms) },
  );
  assert.is(got, 'migrated');
  assert.equal(seen, Array(4).fill('starting: waiting for PostgreSQL'));
  assert.is(slept.length, 3);
  // Equal jitter: between half and all of 100, 200, then the 250 cap.
  assert.ok(slept[0]! >= 50 && slept[0]! <= 100 && slept[1]! >= 100 && slept[1]! <= 200 && slept[2]! >= 125 && slept[2]! <= 250, String(slept));
  assert.is(await s.readiness(), 'starting');
  s.running(async () => null);
  assert.is(await s.readiness(), null);
});

test('an error waiting cannot fix ends the start at once', async () => {
  const s = new Startup(log);
  const wrong = Object.assign(new Error('password authentication failed for user "newsroom"'), { code: '28P01' });
  let calls = 0;
  const e = await s
    .until(
      'PostgreSQL',
      async () => {
        calls++;
        throw wrong;
      },
      transient,
      { sleep: async () => undefined },
    )
    .catch((x: unknown) => x);
  assert.is(e, wrong);
  assert.is(calls, 1);
});

const reasons: [string, unknown, string][] = [
  ['a refused connection names the code, not the address', refused, 'PostgreSQL does not answer (ECONNREFUSED)'],
  [
    'a PostgreSQL SQLSTATE is a code too',
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    'PostgreSQL does not answer (57P03)',
  ],
  ['no code: the name alone', new Error('timeout exceeded when trying to connect to db.internal:5432'), 'PostgreSQL does not answer'],
  ['a "code" that is really text is left out', { code: 'connect to postgres://newsroom@db' }, 'PostgreSQL does not answer'],
];
for (const [name, e, want] of reasons) test(`notAnswering: ${name}`, () => assert.is(notAnswering('PostgreSQL', e), want));

test.run();
