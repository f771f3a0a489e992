import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { catalog, chartImageValues, contentHash, imageTag, inputFiles, parseVersions, planImages, type ImageSpec } from './catalog.js';

const versions = {
  DEBIAN_SUITE: 'bookworm',
  NODE_VERSION: '20.20.2',
  NPM_VERSION: '10.8.2',
  KUBERNETES_VERSION: 'v1.34.4',
  SELENIUM_VERSION: '4.47.0',
  COREDNS_VERSION: 'v1.14.7',
};

// Every input of the catalogue with one file, plus a test file the project image must not depend on.
function repoFiles(extra: Record<string, string> = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of catalog(versions))
    for (const input of spec.inputs) files.set(input.includes('.') || input === 'Dockerfile' ? input : `${input}/a`, `d-${input}`);
  files.set('lib/config.test.ts', 'd-test');
  for (const [k, v] of Object.entries(extra)) files.set(k, v);
  return files;
}
const refOf = (plan: ReturnType<typeof planImages>, name: string) => plan.find((p) => p.name === name)!.ref;

test('versions.env: KEY=VALUE lines, comments and blank lines skipped', () => {
  assert.equal(parseVersions('# pinned\nA=1\n\nB_2=v3.4 \n'), { A: '1', B_2: 'v3.4' });
});

test('versions.env: a line that is not KEY=VALUE is named with its number', () => {
  assert.throws(() => parseVersions('A=1\nthis is wrong\n'), /line 2 is not KEY=VALUE: "this is wrong"/);
});

test("the repository's versions.env pins every version the catalogue needs", () => {
  const specs = catalog(parseVersions(readFileSync(fromRoot('hack', 'versions.env'), 'utf8')));
  assert.equal(
    specs.map((s) => s.name),
    ['debian', 'node', 'newsroom-collector', 'pause', 'coredns', 'selenium-hub', 'selenium-node-chrome', 'postgresql', 'rabbitmq'],
  );
});

test('a missing pinned version is named', () => {
  const { COREDNS_VERSION: _, ...rest } = versions;
  assert.throws(() => catalog(rest), /hack\/versions.env has no COREDNS_VERSION/);
});

test('the same inputs give the same references', () => {
  assert.equal(planImages(catalog(versions), repoFiles()), planImages(catalog(versions), repoFiles()));
});

test('a changed source file changes the project image and nothing it does not build on', () => {
  const before = planImages(catalog(versions), repoFiles());
  const after = planImages(catalog(versions), repoFiles({ 'lib/a': 'changed' }));
  assert.is.not(refOf(after, 'newsroom-collector'), refOf(before, 'newsroom-collector'));
  for (const name of ['debian', 'node', 'pause', 'coredns', 'selenium-hub', 'postgresql', 'rabbitmq'])
    assert.is(refOf(after, name), refOf(before, name), name);
});

test("a test file is not part of the project image (the Dockerfile's .dockerignore)", () => {
  const before = planImages(catalog(versions), repoFiles());
  const after = planImages(catalog(versions), repoFiles({ 'lib/config.test.ts': 'changed' }));
  assert.is(refOf(after, 'newsroom-collector'), refOf(before, 'newsroom-collector'));
});

test('a new base gives new tags to every image built on it, through the chain', () => {
  const before = planImages(catalog(versions), repoFiles());
  const after = planImages(catalog(versions), repoFiles({ 'hack/images/debian/a': 'changed' }));
  for (const name of ['debian', 'node', 'newsroom-collector', 'selenium-hub', 'selenium-node-chrome', 'postgresql', 'rabbitmq']) {
    assert.is.not(refOf(after, name), refOf(before, name), name);
  }
  for (const name of ['pause', 'coredns']) assert.is(refOf(after, name), refOf(before, name), name);
});

test('a bumped version changes its image only', () => {
  const before = planImages(catalog(versions), repoFiles());
  const after = planImages(catalog({ ...versions, COREDNS_VERSION: 'v1.14.8' }), repoFiles());
  assert.is.not(refOf(after, 'coredns'), refOf(before, 'coredns'));
  assert.ok(refOf(after, 'coredns').startsWith('newsroom.local/coredns:v1.14.8-'));
  assert.is(refOf(after, 'node'), refOf(before, 'node'));
});

test('an executable bit is part of the digest the plan reads, so the hash changes with it', () => {
  const spec = catalog(versions).find((s) => s.name === 'postgresql')!;
  const a = contentHash(spec, new Map([['hack/images/postgresql/entrypoint.sh', 'h:x']]), 'base');
  const b = contentHash(spec, new Map([['hack/images/postgresql/entrypoint.sh', 'h:-']]), 'base');
  assert.is.not(a, b);
});

test('an input missing from the repository is an error naming it', () => {
  const spec: ImageSpec = { name: 'x', version: '1', inputs: ['hack/images/x'], values: {} };
  assert.throws(() => inputFiles(spec, new Map([['hack/images/xy/a', 'd']])), /image x: its input hack\/images\/x is not in the repository/);
});

test('a base listed after its user is an error', () => {
  const specs: ImageSpec[] = [
    { name: 'app', version: '1', base: 'base', inputs: ['a'], values: {} },
    { name: 'base', version: '1', inputs: ['a'], values: {} },
  ];
  assert.throws(() => planImages(specs, new Map([['a', 'd']])), /image app is built from base, which is not listed before it/);
});

const tagCases: [string, string, string][] = [
  ['a plain version', '20.20.2', '20.20.2-0123456789ab'],
  ['characters a tag cannot hold are replaced', '3.10+management', '3.10_management-0123456789ab'],
  ['a tag cannot start with a dot or dash', '-rc', 'rc-0123456789ab'],
];
for (const [name, version, tag] of tagCases) test(`tag: ${name}`, () => assert.is(imageTag(version, '0123456789abcdef'), tag));

test('the bases are built but not imported into the node', () => {
  const plan = planImages(catalog(versions), repoFiles());
  assert.equal(
    plan.filter((p) => !p.onNode).map((p) => p.name),
    ['debian', 'node'],
  );
});

test('the chart values select every chart image with pull policy Never, and nothing else', () => {
  const specs = catalog(versions);
  const plan = planImages(specs, repoFiles());
  const values = parse(chartImageValues(specs, plan)) as unknown;
  const image = (name: string) => {
    const ref = refOf(plan, name);
    return { repository: ref.slice(0, ref.lastIndexOf(':')), tag: ref.slice(ref.lastIndexOf(':') + 1), pullPolicy: 'Never' };
  };
  assert.equal(values, {
    image: image('newsroom-collector'),
    selenium: { hub: { image: image('selenium-hub') }, node: { image: image('selenium-node-chrome') } },
    postgresql: { image: image('postgresql') },
    rabbitmq: { image: image('rabbitmq') },
  });
});

test.run();
