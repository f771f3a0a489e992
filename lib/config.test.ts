import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, env, parseConfig, redactUrl } from './config.js';

const spec = {
  DATABASE_URL: env.url(['postgres:', 'postgresql:'], { secret: true }),
  PORT: env.int(1, 65535, { default: 8080 }),
  SLOTS: env.int(1, 64),
  DEBUG: env.bool({ default: false }),
  MODE: env.oneOf(['a', 'b'] as const, { optional: true }),
  AT: env.instant({ optional: true }),
};

const problemsOf = (source: Record<string, string>): string[] => {
  try {
    parseConfig(spec, source);
  } catch (e) {
    assert.instance(e, ConfigError);
    return (e as ConfigError).problems;
  }
  return [];
};

test('an instant keeps its offset', () => {
  const c = parseConfig(spec, { DATABASE_URL: 'postgres://h/d', SLOTS: '1', AT: '2026-11-30T21:00:00+09:00' });
  assert.is(c.AT?.toISOString(), '2026-11-30T12:00:00.000Z');
});

test('the parsed types know the defaults: a defaulted value is always set, an optional one may be missing', () => {
  const c = parseConfig(spec, { DATABASE_URL: 'postgres://h/d', SLOTS: '1' });
  // Compile-time checks: these assignments fail to build if a default is typed as possibly undefined,
  // or an optional value as always set.
  const port: number = c.PORT;
  const debug: boolean = c.DEBUG;
  const mode: 'a' | 'b' | undefined = c.MODE;
  // @ts-expect-error an optional value without a default may be undefined
  const at: Date = c.AT;
  assert.equal([port, debug, mode, at], [8080, false, undefined, undefined]);
});

test('valid values are parsed, defaults fill the rest', () => {
  const c = parseConfig(spec, { DATABASE_URL: 'postgres://u:p@h/db', SLOTS: '4', DEBUG: 'yes' });
  assert.equal(c, { DATABASE_URL: 'postgres://u:p@h/db', PORT: 8080, SLOTS: 4, DEBUG: true, MODE: undefined, AT: undefined });
});

const cases: [string, Record<string, string>, RegExp][] = [
  [
    'a missing required variable is named with what is expected',
    { SLOTS: '2' },
    /^DATABASE_URL is not set; expected a URL \(postgres:\/\/ or postgresql:\/\/\.\.\.\)$/,
  ],
  [
    'a URL of the wrong scheme',
    { DATABASE_URL: 'http://x', SLOTS: '2' },
    /^DATABASE_URL=\(hidden\) is invalid; expected a URL starting with postgres:\/\//,
  ],
  ['not a URL at all', { DATABASE_URL: 'nonsense', SLOTS: '2' }, /^DATABASE_URL=\(hidden\) is invalid/],
  ['an integer out of range', { DATABASE_URL: 'postgres://h/d', SLOTS: '0' }, /^SLOTS="0" is invalid; expected an integer from 1 to 64$/],
  ['a fraction where an integer is expected', { DATABASE_URL: 'postgres://h/d', SLOTS: '1.5' }, /^SLOTS="1.5" is invalid; expected an integer/],
  ['a boolean that is not one', { DATABASE_URL: 'postgres://h/d', SLOTS: '1', DEBUG: 'maybe' }, /^DEBUG="maybe" is invalid; expected true or false$/],
  [
    'an instant without its offset is ambiguous',
    { DATABASE_URL: 'postgres://h/d', SLOTS: '1', AT: '2026-11-30T21:00:00' },
    /^AT="2026-11-30T21:00:00" is invalid; expected an ISO 8601 instant with an offset/,
  ],
  [
    'a day is not an instant',
    { DATABASE_URL: 'postgres://h/d', SLOTS: '1', AT: '2026-11-30' },
    /^AT="2026-11-30" is invalid; expected an ISO 8601 instant/,
  ],
  ['a value outside the allowed set', { DATABASE_URL: 'postgres://h/d', SLOTS: '1', MODE: 'c' }, /^MODE="c" is invalid; expected one of a, b$/],
];
for (const [name, source, pattern] of cases) {
  test(name, () => {
    const problems = problemsOf(source);
    assert.ok(
      problems.some((p) => pattern.test(p)),
      `no problem matches ${pattern}: ${JSON.stringify(problems)}`,
    );
  });
}

test('every problem is reported at once, not only the first', () => {
  assert.is(problemsOf({ PORT: 'x' }).length, 3);
});

test('secrets never appear in the message', () => {
  const problems = problemsOf({ DATABASE_URL: 'mysql://user:s3cret@h/db', SLOTS: '1' });
  assert.not.match(problems.join('\n'), /s3cret/);
});

test('redactUrl hides the password', () => {
  assert.is(redactUrl('amqp://newsroom:pw@127.0.0.1:5672'), 'amqp://newsroom:***@127.0.0.1:5672');
});

test.run();
