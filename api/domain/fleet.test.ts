import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { byQueueAndPriority, type TaskCounts } from './fleet.js';

const row = (queue: string, priority: number, pending: number, queued: number, running: number): TaskCounts => ({
  queue,
  priority,
  pending,
  queued,
  running,
});

const cases: { name: string; rows: TaskCounts[]; want: TaskCounts[] }[] = [
  { name: 'no task in flight: no queue row', rows: [], want: [] },
  {
    name: 'two departments at priority 5 on the metadata queue: their counts add up',
    rows: [row('metadata', 5, 2, 1, 0), row('metadata', 5, 0, 3, 2)],
    want: [row('metadata', 5, 2, 4, 2)],
  },
  {
    name: 'comments before metadata, and within a queue priority 9 before 1',
    rows: [row('metadata', 1, 1, 0, 0), row('metadata', 9, 0, 1, 0), row('comments', 3, 0, 0, 1), row('comments', 8, 4, 0, 0)],
    want: [row('comments', 8, 4, 0, 0), row('comments', 3, 0, 0, 1), row('metadata', 9, 0, 1, 0), row('metadata', 1, 1, 0, 0)],
  },
];

for (const c of cases) test(c.name, () => assert.equal(byQueueAndPriority(c.rows), c.want));

test('the input rows are not changed', () => {
  const rows = [row('metadata', 5, 1, 1, 1), row('metadata', 5, 1, 1, 1)];
  byQueueAndPriority(rows);
  assert.equal(rows, [row('metadata', 5, 1, 1, 1), row('metadata', 5, 1, 1, 1)]);
});

test.run();
