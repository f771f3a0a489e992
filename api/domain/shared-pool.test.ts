import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedPoolRefusal } from './shared-pool.js';
import type { Caller } from './tokens.js';

const admin: Caller = { kind: 'admin', name: 'ops', key: 'k1' };
const sports: Caller = { kind: 'department', name: 'sports-desk', department: 'sports', key: 'k2' };
const q = (query: Record<string, unknown>) => ({ articles: { query } });

const cases: [string, Caller, Parameters<typeof sharedPoolRefusal>[1], string | undefined, RegExp | null][] = [
  ['an admin opts into the shared pool', admin, q({ keywords: ['태풍'], shared: true }), undefined, null],
  ["a department's query over its own articles", sports, q({ keywords: ['태풍'] }), undefined, null],
  ['a department saying shared: false is its own pool too', sports, q({ shared: false }), undefined, null],
  ['a department with article URLs has no pool to choose', sports, { articles: { urls: ['https://n.news.example/a/1'] } }, undefined, null],
  ['a Metadata job has no articles at all', sports, {}, undefined, null],
  [
    'a department asking for the shared pool is refused, told what its query selects instead',
    sports,
    q({ publishers: ['연합'], shared: true }),
    undefined,
    /^spec\.articles\.query\.shared: only an admin token .* the sports department's own jobs found$/,
  ],
  [
    "a schedule's template names its own field",
    sports,
    q({ shared: true }),
    'spec.jobTemplate.spec',
    /^spec\.jobTemplate\.spec\.articles\.query\.shared: /,
  ],
];
for (const [name, caller, spec, field, want] of cases)
  test(name, () => {
    const got = sharedPoolRefusal(caller, spec, field);
    if (want === null) assert.is(got, null);
    else {
      assert.is(got?.status, 403);
      assert.match(got!.detail, want);
    }
  });

test.run();
