import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { fromRoot } from '../paths.js';
import { kinds, type KindName } from './definitions.js';
import { generatedFiles } from './generate.js';
import type { JsonSchema } from './schema-helpers.js';
import { validateSpec } from './validate.js';

test('crds/ and the generated types are up to date with the schemas (run `npm run gen:crds`)', async () => {
  for (const [path, content] of await generatedFiles()) {
    assert.is(readFileSync(fromRoot(path), 'utf8'), content, `${path} drifted`);
  }
});

function undocumented(schema: JsonSchema, path: string, out: string[] = []): string[] {
  if (!schema.description) out.push(path);
  for (const [k, v] of Object.entries(schema.properties ?? {})) undocumented(v, `${path}.${k}`, out);
  if (schema.items) undocumented(schema.items, `${path}[]`, out);
  return out;
}

test('every field of every kind has a description (kubectl explain)', () => {
  for (const def of Object.values(kinds)) {
    assert.equal([...undocumented(def.spec, `${def.kind}.spec`), ...undocumented(def.status, `${def.kind}.status`)], []);
  }
});

test('every CRD is served with status, short name and the newsroom category', () => {
  for (const def of Object.values(kinds)) {
    const crd = parse(readFileSync(fromRoot(`crds/${def.plural}.yaml`), 'utf8')) as {
      spec: { names: { categories: string[]; shortNames: string[] }; versions: { subresources?: unknown }[] };
    };
    assert.equal(crd.spec.names.categories, ['newsroom']);
    assert.ok(crd.spec.names.shortNames.length > 0);
    assert.not.ok(crd.spec.names.shortNames.includes('cj'), 'cj is CronJob');
    assert.equal(crd.spec.versions[0]?.subresources, { status: {} });
  }
});

const metadata = { type: 'Metadata', keywords: ['반도체'], dateRange: { from: '2024-12-01', to: '2024-12-03' } };
const schedule = { schedule: '30 7 * * *', jobTemplate: { spec: { type: 'Metadata', keywords: ['반도체'], window: { days: 1, endOffsetDays: 1 } } } };
const template = (spec: Record<string, unknown>) => ({ ...schedule, jobTemplate: { spec } });
type Case = { name: string; kind: KindName; spec: unknown; errors: RegExp[] };
const cases: Case[] = [
  { name: 'a minimal metadata job is valid', kind: 'CollectionJob', spec: metadata, errors: [] },
  {
    name: 'a comments job from URLs is valid',
    kind: 'CollectionJob',
    spec: { type: 'Comments', articles: { urls: ['https://n.news.naver.com/mnews/article/001/0000000001'] } },
    errors: [],
  },
  {
    name: 'an end before the start',
    kind: 'CollectionJob',
    spec: { ...metadata, dateRange: { from: '2024-12-03', to: '2024-12-01' } },
    errors: [/^spec.dateRange: dateRange.from must not be after dateRange.to$/],
  },
  {
    name: 'an impossible day',
    kind: 'CollectionJob',
    spec: { ...metadata, dateRange: { from: '2024-02-30', to: '2024-03-01' } },
    errors: [/spec.dateRange.from/],
  },
  {
    name: 'a range over a year',
    kind: 'CollectionJob',
    spec: { ...metadata, dateRange: { from: '2023-01-01', to: '2024-01-02' } },
    errors: [/at most 366 days/],
  },
  { name: 'an unknown field', kind: 'CollectionJob', spec: { ...metadata, colour: 'red' }, errors: [/^spec.colour: is not a known field$/] },
  { name: 'a priority out of range', kind: 'CollectionJob', spec: { ...metadata, priority: 10 }, errors: [/^spec.priority: must be <= 9$/] },
  {
    name: 'an empty keyword',
    kind: 'CollectionJob',
    spec: { ...metadata, keywords: [''] },
    errors: [/^spec.keywords.0: must NOT have fewer than 1 characters$/],
  },
  {
    name: 'a metadata job without keywords',
    kind: 'CollectionJob',
    spec: { type: 'Metadata', dateRange: metadata.dateRange },
    errors: [/a Metadata job needs keywords/],
  },
  {
    name: 'a comments job with two article sources',
    kind: 'CollectionJob',
    spec: { type: 'Comments', articles: { urls: ['https://a.b/c'], fromJob: 'x' } },
    errors: [/exactly one of urls, fromJob or query/],
  },
  {
    name: 'a non-http URL',
    kind: 'CollectionJob',
    spec: { type: 'Comments', articles: { urls: ['ftp://a.b/c'] } },
    errors: [/^spec.articles.urls.0: must match pattern/],
  },
  {
    name: 'an unknown type',
    kind: 'CollectionJob',
    spec: { ...metadata, type: 'Photos' },
    errors: [/^spec.type: must be one of Metadata, Comments$/],
  },
  {
    name: 'a request delay whose minimum exceeds its maximum',
    kind: 'CollectionJob',
    spec: { ...metadata, requestDelay: { minMs: 5, maxMs: 1 } },
    errors: [/minMs must not exceed/],
  },
  {
    name: 'a department whose default exceeds its maximum',
    kind: 'Department',
    spec: { namespaces: ['a'], defaultPriority: 7, maxPriority: 5 },
    errors: [/defaultPriority must not exceed maxPriority/],
  },
  { name: 'a daily schedule of yesterday is valid', kind: 'CollectionSchedule', spec: schedule, errors: [] },
  {
    name: 'a schedule of names and ranges in any case is valid',
    kind: 'CollectionSchedule',
    spec: { ...schedule, schedule: '0 9,18 * JAN-jun Mon-FRI' },
    errors: [],
  },
  {
    name: 'an hourly comment refresh over a week is valid',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Comments', articles: { query: { keywords: ['선거'], window: { days: 7 } } } }),
    errors: [],
  },
  {
    name: 'a schedule in words',
    kind: 'CollectionSchedule',
    spec: { ...schedule, schedule: 'every morning' },
    errors: [/^spec.schedule: must match pattern/],
  },
  {
    name: 'a schedule of six fields',
    kind: 'CollectionSchedule',
    spec: { ...schedule, schedule: '0 0 9 * * *' },
    errors: [/^spec.schedule: must match pattern/],
  },
  {
    name: 'a minute past 59',
    kind: 'CollectionSchedule',
    spec: { ...schedule, schedule: '60 9 * * *' },
    errors: [/^spec.schedule: must match pattern/],
  },
  {
    name: 'a time zone that does not exist',
    kind: 'CollectionSchedule',
    spec: { ...schedule, timeZone: 'Asia/Busan' },
    errors: [/^spec.timeZone: timeZone must be an IANA time zone name/],
  },
  {
    name: 'a window over a year',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Metadata', keywords: ['a'], window: { days: 367 } }),
    errors: [/^spec.jobTemplate.spec.window.days: must be <= 366$/],
  },
  {
    name: 'fixed dates in the template',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Metadata', keywords: ['a'], window: { days: 1 }, dateRange: { from: '2026-12-01', to: '2026-12-01' } }),
    errors: [/not fixed dates in dateRange/],
  },
  {
    name: 'fixed dates in the comments query of the template',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Comments', articles: { query: { dateRange: { from: '2026-12-01', to: '2026-12-01' } } } }),
    errors: [/not fixed dates in articles.query.dateRange/],
  },
  {
    name: 'a window and sinceLastRun at once',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Metadata', keywords: ['a'], window: { days: 1 }, sinceLastRun: true }),
    errors: [/window and sinceLastRun exclude each other/],
  },
  {
    name: 'a metadata template without a window',
    kind: 'CollectionSchedule',
    spec: template({ type: 'Metadata', keywords: ['a'] }),
    errors: [/needs keywords and a window/],
  },
  {
    name: 'an unknown concurrency policy',
    kind: 'CollectionSchedule',
    spec: { ...schedule, concurrencyPolicy: 'Queue' },
    errors: [/^spec.concurrencyPolicy: must be one of Allow, Forbid, Replace$/],
  },
  { name: 'a department without namespaces', kind: 'Department', spec: {}, errors: [/^spec.namespaces: is required$/] },
];
for (const c of cases) {
  test(c.name, () => {
    const errors = validateSpec(c.kind, c.spec).map((e) => `${e.field}: ${e.message}`);
    if (c.errors.length === 0) assert.equal(errors, []);
    for (const re of c.errors)
      assert.ok(
        errors.some((e) => re.test(e)),
        `expected ${re} in ${JSON.stringify(errors)}`,
      );
  });
}

test.run();
