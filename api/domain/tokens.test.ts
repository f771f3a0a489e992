import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, hashToken, parseTokens } from './tokens.js';

const h = (t: string) => hashToken(t);

test('the file maps hashes to departments and admins', () => {
  const map = parseTokens(
    JSON.stringify({
      tokens: [
        { name: 'admin', admin: true, sha256: h('a') },
        { department: 'economy', sha256: h('e').toUpperCase() },
      ],
    }),
  );
  assert.equal(map.get(h('a')), { kind: 'admin', name: 'admin', key: h('a').slice(0, 16) });
  assert.equal(map.get(h('e')), { kind: 'department', name: 'token 2', department: 'economy', key: h('e').slice(0, 16) });
});

const bad: [string, string, RegExp][] = [
  ['not JSON', '{', /not JSON/],
  ['no list', '{}', /needs a "tokens" list/],
  ['a plain token instead of a hash', JSON.stringify({ tokens: [{ sha256: 'secret', admin: true }] }), /tokens\[0\]\.sha256 must be 64 hex digits/],
  ['neither admin nor department', JSON.stringify({ tokens: [{ sha256: h('x') }] }), /tokens\[0\] must have either/],
  ['both admin and department', JSON.stringify({ tokens: [{ sha256: h('x'), admin: true, department: 'd' }] }), /tokens\[0\] must have either/],
];
for (const [name, text, re] of bad) test(`a tokens file is refused: ${name}`, () => assert.throws(() => parseTokens(text), re));

test('bearer tokens are read from the Authorization header', () => {
  assert.is(bearer('Bearer abc'), 'abc');
  assert.is(bearer('bearer  abc '), 'abc');
  assert.is(bearer('Basic abc'), null);
  assert.is(bearer('Bearer'), null);
  assert.is(bearer(undefined), null);
});

test.run();
