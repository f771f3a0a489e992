import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientLabelErrors } from './client-labels.js';

const cases: [string, Record<string, string> | undefined, string[]][] = [
  ['no labels at all', undefined, []],
  ["a desk's own keys, with and without a prefix", { team: 'night', 'desk.example.org/beat': 'energy' }, []],
  ['a key that only mentions the domain in its name part is a plain key', { 'beat/newsroom.dev': 'x', 'newsroom.dev': 'y' }, []],
  ['a domain that merely ends like ours is not ours', { 'notnewsroom.dev/x': 'y' }, []],
  [
    'the schedule label, which would pass a job off as a schedule run',
    { 'collection.newsroom.dev/schedule': 'daily' },
    ['metadata.labels.collection.newsroom.dev/schedule'],
  ],
  ['who created a job', { 'collection.newsroom.dev/created-by': 'newsroom-api' }, ['metadata.labels.collection.newsroom.dev/created-by']],
  ['the bare domain, any case', { 'NewsRoom.Dev/test-suite': 'x' }, ['metadata.labels.NewsRoom.Dev/test-suite']],
  ['another subdomain we may add later', { 'install.newsroom.dev/id': 'a', ok: 'b' }, ['metadata.labels.install.newsroom.dev/id']],
];
for (const [name, labels, fields] of cases)
  test(name, () => {
    const got = clientLabelErrors(labels);
    assert.equal(
      got.map((e) => e.field),
      fields,
    );
    for (const e of got) assert.match(e.message, /^keys under newsroom\.dev\/ .* are the collector's own; use a key of your own domain/);
  });

test('a field path of its own (a schedule names its template)', () => {
  assert.equal(
    clientLabelErrors({ 'collection.newsroom.dev/x': '1' }, 'spec.jobTemplate.metadata.labels')[0]?.field,
    'spec.jobTemplate.metadata.labels.collection.newsroom.dev/x',
  );
});

test.run();
