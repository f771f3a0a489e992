import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCursor, encodeCursor, keyset, params } from './keyset.js';

test('a cursor round-trips, and foreign text is refused', () => {
  const c = { k: '2024-11-01 09:00:00.123456+09', id: '42' };
  assert.equal(decodeCursor(encodeCursor(c)), c);
  assert.equal(decodeCursor(encodeCursor({ k: null, id: '7' })), { k: null, id: '7' });
  for (const bad of [
    '',
    'not-base64!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('[null,""]').toString('base64url'),
  ]) {
    assert.is(decodeCursor(bad), null, bad);
  }
});

const cases: [string, 'asc' | 'desc', { k: string | null; id: string } | null, string | null, string][] = [
  ['first page newest first', 'desc', null, null, 't DESC NULLS FIRST, id DESC'],
  ['first page oldest first', 'asc', null, null, 't ASC NULLS LAST, id ASC'],
  [
    'after a dated row, newest first',
    'desc',
    { k: 'K', id: '5' },
    '(t < $2::timestamptz OR (t = $2::timestamptz AND id < $1::bigint))',
    't DESC NULLS FIRST, id DESC',
  ],
  [
    'after an undated row, newest first: the other undated rows, then every dated one',
    'desc',
    { k: null, id: '5' },
    '((t IS NULL AND id < $1::bigint) OR t IS NOT NULL)',
    't DESC NULLS FIRST, id DESC',
  ],
  [
    'after a dated row, oldest first: later rows, then the undated ones',
    'asc',
    { k: 'K', id: '5' },
    '((t > $2::timestamptz OR (t = $2::timestamptz AND id > $1::bigint)) OR t IS NULL)',
    't ASC NULLS LAST, id ASC',
  ],
  ['after an undated row, oldest first', 'asc', { k: null, id: '5' }, '(t IS NULL AND id > $1::bigint)', 't ASC NULLS LAST, id ASC'],
];
for (const [name, dir, cursor, where, orderBy] of cases) {
  test(`keyset: ${name}`, () => {
    const { p } = params();
    const ks = keyset('t', 'id', dir, cursor, p, { key: 'timestamptz', id: 'bigint' });
    assert.is(ks.where, where);
    assert.is(ks.orderBy, orderBy);
  });
}

test.run();
