// The guide (docs/sources.md) tested: every YAML example in it, merged into a minimal profile, is a
// valid NewsSource by the CRD schema (what `kubectl apply` checks, mirrored by lib/crd/validate.ts)
// and passes the worker's structural checks; and its comment fields example is the one the board
// profile (collected exactly by the worker-board suite) uses.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import { validateSpec } from '../crd/validate.js';
import { fromRoot } from '../paths.js';
import { checkProfile } from './check.js';
import { resolveProfile } from './profile.js';

const guide = readFileSync(fromRoot('docs', 'sources.md'), 'utf8');
const examples = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => {
  const line = guide.slice(0, m.index).split('\n').length + 1;
  return { line, text: m[1]! };
});

// What every profile needs and the examples leave out: a site of one-part ids.
const base = (): Record<string, unknown> => ({
  baseUrls: { search: 'https://news.example', article: 'https://news.example' },
  urlTemplates: { search: '{search}/search?q={query}&d={day}&p={page}', article: '{article}/news/{id}', comments: '{article}/news/{id}/comments' },
  articleIdPattern: '/news/(?<id>A?\\d+)',
  search: { selectors: { item: '.r', title: 'a', date: '.d' } },
  comments: { selectors: { list: 'ul.comments', item: 'li.comment', text: 'p.text' } },
});

/** Objects merge key by key; anything else (lists, scalars) replaces. */
function merge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    into[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? merge({ ...(cur as Record<string, unknown>) }, v as Record<string, unknown>)
        : v;
  }
  return into;
}

test('the guide has YAML examples, each a piece of a NewsSource spec', () => {
  assert.ok(examples.length >= 10, `${examples.length} examples`);
  for (const e of examples) {
    const doc = parse(e.text) as Record<string, unknown> | null;
    assert.ok(doc && typeof doc.spec === 'object', `the example at docs/sources.md:${e.line} starts with spec:`);
  }
});

for (const e of examples) {
  test(`docs/sources.md:${e.line}: the example is a valid NewsSource and passes the worker's checks`, () => {
    const doc = parse(e.text) as { spec: Record<string, unknown> };
    const spec = merge(base(), doc.spec) as unknown as NewsSourceSpec;
    assert.equal(validateSpec('NewsSource', spec), [], JSON.stringify(doc.spec));
    assert.equal(checkProfile(resolveProfile('guide', spec)), []);
  });
}

test("the guide's comment fields are the board profile's, which a suite collects exactly", () => {
  const fields = examples
    .map((e) => parse(e.text) as { spec: { comments?: { selectors?: { fields?: Record<string, unknown> } } } })
    .find((d) => d.spec.comments?.selectors?.fields)?.spec.comments?.selectors?.fields;
  const board = (
    parse(readFileSync(fromRoot('manifests', 'examples', 'newssource-board.yaml'), 'utf8')) as {
      spec: { comments: { selectors: { fields: Record<string, unknown> } } };
    }
  ).spec.comments.selectors.fields;
  assert.ok(fields);
  for (const k of ['id', 'author', 'text', 'likes', 'dislikes', 'deleted']) assert.equal(fields[k], board[k], k);
});

test("the guide's comment service example is the talk profile's, which a suite collects exactly", () => {
  type Api = { spec: { comments?: { api?: { replies?: string; fields?: Record<string, unknown> } } } };
  const api = examples.map((e) => parse(e.text) as Api).find((d) => d.spec.comments?.api?.replies === 'nested')?.spec.comments?.api;
  const talk = (parse(readFileSync(fromRoot('manifests', 'examples', 'newssource-talk.yaml'), 'utf8')) as Api).spec.comments?.api;
  assert.ok(api && talk);
  assert.equal(api, talk);
});

test('an empty selector, as the guide once showed for reply, is refused as kubectl would', () => {
  const spec = merge(base(), { comments: { selectors: { list: 'ul', item: 'li', text: 'p', reply: '' } } }) as unknown as NewsSourceSpec;
  assert.ok(validateSpec('NewsSource', spec).some((x) => x.field === 'spec.comments.selectors.reply'));
});

test.run();
