import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeTaskMessage, MessageError, parseTaskMessage, type TaskMessage } from './messages.js';

const good: TaskMessage = {
  v: 1,
  taskId: '9b2f7f5e-8c1a-5d7e-9a4b-1c2d3e4f5a6b',
  jobUid: '1f0e2d3c-4b5a-4697-8877-665544332211',
  namespace: 'dept-economy',
  jobName: 'chips',
  kind: 'metadata',
  source: 'naver',
  attempt: 1,
  shard: { keyword: '반도체', day: '2024-12-02', method: 'search' },
  options: { includeComments: true, backoffLimit: 3, requestDelay: { minMs: 0, maxMs: 0 }, batchSize: 500, isTest: false },
};

test('a well-formed message round-trips', () => {
  assert.equal(parseTaskMessage(encodeTaskMessage(good)), good);
});

const bad: [string, unknown, RegExp][] = [
  ['not JSON', 'nope{', /not JSON/],
  ['an array', [], /not a JSON object/],
  ['another schema version', { ...good, v: 2 }, /unsupported schema version 2/],
  ['a task id that is not a UUID', { ...good, taskId: 'x' }, /taskId must be a UUID/],
  ['an unknown kind', { ...good, kind: 'photos' }, /kind must be metadata or comments/],
  ['a day in another format', { ...good, shard: { ...good.shard, day: '2024.12.02' } }, /shard.day must be YYYY-MM-DD/],
  ['a comments task without a URL', { ...good, kind: 'comments', shard: {} }, /shard.url must be an http\(s\) URL/],
  ['attempt zero', { ...good, attempt: 0 }, /attempt must be a positive integer/],
];
for (const [name, body, re] of bad) {
  test(`refused: ${name}`, () => {
    try {
      parseTaskMessage(typeof body === 'string' ? body : JSON.stringify(body));
      assert.unreachable();
    } catch (e) {
      assert.instance(e, MessageError);
      assert.match((e as Error).message, re);
    }
  });
}

test.run();
