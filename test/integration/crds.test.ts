// The CRDs on a real kube-apiserver: examples accepted, invalid objects refused with the CEL message,
// printer columns, kubectl explain, categories and immutable fields.
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { validateSpec } from '../../lib/crd/validate.js';
import { fromRoot } from '../../lib/paths.js';
import { isolatedSuite, kubectl, kubectlResult, type Suite } from '../harness/stack.js';

let suite: Suite;

test.before(async () => {
  suite = await isolatedSuite('crds');
});
test.after(async () => {
  await suite?.cleanup();
});

/** Puts namespaced objects into the suite's namespace and renames cluster-scoped ones so suites don't collide. */
function localize(yamlText: string): string {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS())
    .filter(Boolean)
    .map((o) => {
      const namespaced = o.kind === 'CollectionJob' || o.kind === 'CollectorPool' || o.kind === 'CollectionSchedule';
      if (namespaced) o.metadata.namespace = suite.namespace;
      else o.metadata.name = `${o.metadata.name}-${suite.id}`.slice(0, 63);
      return JSON.stringify(o);
    })
    .join('\n');
}

const exampleFiles = [
  ...readdirSync(fromRoot('manifests', 'examples')).map((f) => fromRoot('manifests', 'examples', f)),
  fromRoot('manifests', 'newssource-naver.yaml'),
];

for (const file of exampleFiles) {
  test(`example ${file.split('/').slice(-2).join('/')} is accepted by the apiserver`, async () => {
    const r = await kubectlResult(['apply', '--dry-run=server', '-f', '-'], localize(readFileSync(file, 'utf8')));
    assert.is(r.code, 0, r.stderr);
  });
}

const invalidDir = fromRoot('test', 'fixtures', 'invalid');
for (const name of readdirSync(invalidDir)) {
  test(`invalid ${name} is refused with a readable message`, async () => {
    const text = readFileSync(`${invalidDir}/${name}`, 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    assert.ok(expected, 'fixture has no "# expect:" line');
    const r = await kubectlResult(['create', '--dry-run=server', '-f', '-'], localize(text));
    assert.is.not(r.code, 0, `accepted: ${r.stdout}`);
    assert.ok(r.stderr.includes(expected), `stderr does not contain "${expected}":\n${r.stderr}`);
    // The gateway's validator (ajv + mirrored CEL rules) refuses the same object.
    const obj = parseAllDocuments(text)[0]!.toJS();
    assert.ok(validateSpec(obj.kind, obj.spec).length > 0, `validateSpec accepted ${name}`);
  });
}

test('a CollectionJob shows Type, Department, Priority, Status, Progress, DataComplete and Age columns', async () => {
  const job = {
    apiVersion: 'collection.newsroom.dev/v1alpha1',
    kind: 'CollectionJob',
    metadata: { name: 'columns', namespace: suite.namespace },
    spec: { type: 'Metadata', keywords: ['반도체'], dateRange: { from: '2024-12-01', to: '2024-12-02' } },
  };
  await kubectl(['apply', '-f', '-'], JSON.stringify(job));
  const { stdout } = await kubectl(['get', 'coljob', 'columns', '-n', suite.namespace]);
  const header = stdout.split('\n')[0]!.trim().split(/\s+/);
  assert.equal(header, ['NAME', 'TYPE', 'DEPARTMENT', 'PRIORITY', 'STATUS', 'PROGRESS', 'DATACOMPLETE', 'AGE']);
  const wide = (await kubectl(['get', 'coljob', 'columns', '-n', suite.namespace, '-o', 'wide'])).stdout;
  assert.match(wide.split('\n')[0]!, /ARTICLES\s+COMMENTS/);
  const got = JSON.parse((await kubectl(['get', 'coljob', 'columns', '-n', suite.namespace, '-o', 'json'])).stdout);
  assert.is(got.spec.method, 'search', 'defaults come from the schema');
  assert.is(got.spec.parallelism, 4);
  assert.is(got.spec.source, 'naver');
});

test('type, method and source are immutable', async () => {
  for (const [patch, message] of [
    [{ spec: { method: 'api' } }, 'method is immutable'],
    [{ spec: { source: 'other' } }, 'source is immutable'],
  ] as const) {
    const r = await kubectlResult(['patch', 'coljob', 'columns', '-n', suite.namespace, '--type=merge', '-p', JSON.stringify(patch)]);
    assert.is.not(r.code, 0);
    assert.ok(r.stderr.includes(message), r.stderr);
  }
  const ok = await kubectlResult([
    'patch',
    'coljob',
    'columns',
    '-n',
    suite.namespace,
    '--type=merge',
    '-p',
    '{"spec":{"suspend":true,"parallelism":2}}',
  ]);
  assert.is(ok.code, 0, ok.stderr);
});

test('kubectl explain shows the field descriptions', async () => {
  const { stdout } = await kubectl(['explain', 'collectionjob.spec']);
  assert.match(stdout, /keywords/);
  assert.match(stdout, /Metadata: the keywords to search for, each searched separately/);
  const dr = (await kubectl(['explain', 'collectionjob.spec.dateRange.from'])).stdout;
  assert.match(dr, /The first day, YYYY-MM-DD/);
  const dept = (await kubectl(['explain', 'department.spec.quota'])).stdout;
  assert.match(dept, /inFlightTasks/);
});

test('kubectl get newsroom lists every kind of the category', async () => {
  const { stdout } = await kubectl(['get', 'newsroom', '-n', suite.namespace]);
  assert.match(stdout, /collectionjob\.collection\.newsroom\.dev\/columns/);
  const short = await kubectlResult(['get', 'dept,nsrc,cpool,coljob', '-A']);
  assert.is(short.code, 0, short.stderr);
});

test.run();
