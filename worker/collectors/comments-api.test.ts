import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextCursor, type PageCursor } from './comments-api.js';

const at = (o: Partial<PageCursor> = {}): PageCursor => ({ page: 1, offset: 0, cursor: '', ...o });
type Case = [string, PageCursor, { items: number; next: string | null }, { paging: string; nextExpression: boolean }, number, PageCursor | null];
const cases: Case[] = [
  ['page: the next page number the answer gives', at(), { items: 20, next: '2' }, { paging: 'page', nextExpression: true }, 20, at({ page: 2 })],
  ['page: 0 from the answer ends it', at({ page: 3 }), { items: 5, next: null }, { paging: 'page', nextExpression: true }, 5, null],
  [
    'page: a next page number that is not ahead ends it',
    at({ page: 3 }),
    { items: 20, next: '3' },
    { paging: 'page', nextExpression: true },
    20,
    null,
  ],
  [
    'page, no next expression: the page after a full one',
    at(),
    { items: 20, next: null },
    { paging: 'page', nextExpression: false },
    20,
    at({ page: 2 }),
  ],
  ['page, no next expression: a short page is the last', at(), { items: 19, next: null }, { paging: 'page', nextExpression: false }, 19, null],
  [
    'offset: steps by the items of a full page',
    at({ offset: 40, page: 3 }),
    { items: 20, next: null },
    { paging: 'offset', nextExpression: false },
    20,
    at({ offset: 60, page: 4 }),
  ],
  [
    'offset: the next offset the answer gives',
    at(),
    { items: 20, next: '20' },
    { paging: 'offset', nextExpression: true },
    20,
    at({ offset: 20, page: 2 }),
  ],
  ['cursor: what the answer gives', at(), { items: 20, next: 'abc' }, { paging: 'cursor', nextExpression: true }, 20, at({ cursor: 'abc', page: 2 })],
  ['cursor: the same cursor again ends it', at({ cursor: 'abc' }), { items: 20, next: 'abc' }, { paging: 'cursor', nextExpression: true }, 20, null],
  ['cursor: none in the answer ends it', at({ cursor: 'abc' }), { items: 3, next: null }, { paging: 'cursor', nextExpression: true }, 3, null],
  ['an empty page ends any paging', at(), { items: 0, next: '2' }, { paging: 'page', nextExpression: true }, 0, null],
  [
    'a page of nothing new ends it (a site repeating its last page)',
    at(),
    { items: 20, next: '2' },
    { paging: 'page', nextExpression: true },
    0,
    null,
  ],
];
for (const [name, c, p, o, fresh, want] of cases) {
  test(`next comment API page: ${name}`, () => assert.equal(nextCursor(c, p, { pageSize: 20, ...o }, fresh), want));
}

test.run();
