import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { failedTasksMessage, type TaskFailure } from './failure.js';

const layout: TaskFailure = {
  kind: 'comments',
  shard: { url: 'https://n.news.example/mnews/article/001/0000000042' },
  error: '28 of 28 comments matched by li.c have no comment number in data-cid',
};
const search: TaskFailure = {
  kind: 'metadata',
  shard: { keyword: '기후', day: '2024-11-30', method: 'search' },
  error: 'search page 3: the result list ul.list_news was not found (found: a login form)',
};
const api: TaskFailure = { kind: 'metadata', shard: { keyword: 'AI 반도체', day: '2024-12-01', method: 'api' }, error: null };

const cases: Record<string, { failed: number; total: number; tolerance: number; first: TaskFailure[]; message: string }> = {
  'no failure read (yet): the count alone, as before': {
    failed: 1,
    total: 2,
    tolerance: 0,
    first: [],
    message: '1 of 2 tasks failed (tolerance 0)',
  },
  'one comments task whose page changed: the article and the selector that found nothing readable': {
    failed: 1,
    total: 2,
    tolerance: 0,
    first: [layout],
    message:
      '1 of 2 tasks failed (tolerance 0); comments of https://n.news.example/mnews/article/001/0000000042: 28 of 28 comments matched by li.c have no comment number in data-cid',
  },
  'a metadata task without a recorded reason says so rather than nothing': {
    failed: 1,
    total: 5,
    tolerance: 0,
    first: [api],
    message: '1 of 5 tasks failed (tolerance 0); metadata of "AI 반도체" on 2024-12-01 (api): no reason was recorded',
  },
  'more failures than are named: the first three, then how many more and where they are listed': {
    failed: 7,
    total: 40,
    tolerance: 4,
    first: [search, layout, api, layout],
    message:
      '7 of 40 tasks failed (tolerance 4); metadata of "기후" on 2024-11-30 (search): search page 3: the result list ul.list_news was not found (found: a login form); ' +
      'comments of https://n.news.example/mnews/article/001/0000000042: 28 of 28 comments matched by li.c have no comment number in data-cid; ' +
      'metadata of "AI 반도체" on 2024-12-01 (api): no reason was recorded; and 4 more (GET /v1/jobs/{name}/errors lists them)',
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(name, () => assert.is(failedTasksMessage(c.failed, c.total, c.tolerance, c.first), c.message));
}

test('a long reason spread over lines is cut to one line of 300 characters', () => {
  const long: TaskFailure = { ...layout, error: `first line\n  ${'x'.repeat(400)}` };
  const m = failedTasksMessage(1, 1, 0, [long]);
  const reason = m.slice(m.indexOf('0000000042: ') + 12);
  assert.is(reason.length, 300);
  assert.ok(reason.startsWith('first line xxx'));
  assert.ok(reason.endsWith('…'));
});

test.run();
