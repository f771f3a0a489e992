import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  commentsSpec,
  descriptionOf,
  compatField,
  compatStatus,
  dataCompleteOf,
  effectivePriority,
  jobNameFor,
  metadataSpec,
  parsePriority,
  statusEntry,
  type DepartmentInfo,
  type JobRow,
} from './compat.js';

const economy: DepartmentInfo = { name: 'economy', namespace: 'dept-economy', defaultPriority: 5, maxPriority: 8, paused: false };

const priorities: [string, unknown, number | null][] = [
  ['the word high', 'high', 8],
  ['the word medium in capitals', 'MEDIUM', 5],
  ['the word low with spaces', ' low ', 2],
  ['a number', 7, 7],
  ['a digit string', '3', 3],
  ['zero is out of range', 0, null],
  ['ten is out of range', 10, null],
  ['a fraction is not a priority', 2.5, null],
  ['an unknown word', 'urgent', null],
];
for (const [name, input, want] of priorities) test(`priority: ${name}`, () => assert.is(parsePriority(input), want));

test('effective priority: unset means the department default', () => assert.equal(effectivePriority(null, economy), { priority: 5, capped: false }));
test('effective priority: above the maximum is capped and says so', () => {
  const e = effectivePriority(9, economy);
  assert.is(e.priority, 8);
  assert.ok(e.capped);
  assert.match(e.note!, /above the economy department's maximum; the job runs at 8/);
});

test('job names are deterministic from the request id', () => {
  assert.is(jobNameFor('Metadata', '0F8FAD5B-D9CB-469F-A165-70867728950E'), 'meta-0f8fad5bd9cb');
  assert.is(jobNameFor('Comments', '0f8fad5b-d9cb-469f-a165-70867728950e'), 'cmts-0f8fad5bd9cb');
});

test('metadata body: the predecessor fields become a spec (delays in seconds -> ms, method lower-cased)', () => {
  const { spec, errors } = metadataSpec({
    keyword: ' 반도체 ',
    method: 'API',
    start_date: '2024-11-01',
    end_date: '2024-11-03',
    max_articles: 50,
    min_delay: 0.5,
    max_delay: 2,
    batch_size: 100,
    include_comments: true,
    is_test: true,
  });
  assert.equal(errors, []);
  assert.equal(spec, {
    type: 'Metadata',
    method: 'api',
    keywords: ['반도체'],
    dateRange: { from: '2024-11-01', to: '2024-11-03' },
    maxArticles: 50,
    includeComments: true,
    requestDelay: { minMs: 500, maxMs: 2000 },
    batchSize: 100,
    isTest: true,
  });
});

const metadataErrors: [string, Parameters<typeof metadataSpec>[0], string][] = [
  ['no keyword at all', { start_date: '2024-11-01', end_date: '2024-11-02' }, 'keyword'],
  ['keyword and keywords together', { keyword: 'a', keywords: ['b'], start_date: '2024-11-01', end_date: '2024-11-02' }, 'keyword'],
  ['a keyword of spaces only', { keyword: '   ', start_date: '2024-11-01', end_date: '2024-11-02' }, 'keyword'],
  ['a repeated keyword', { keywords: ['a', 'a'], start_date: '2024-11-01', end_date: '2024-11-02' }, 'keywords'],
];
for (const [name, body, field] of metadataErrors) {
  test(`metadata body refused: ${name}`, () =>
    assert.equal(
      metadataSpec(body).errors.map((e) => e.field),
      [field],
    ));
}

test('comments body: article URLs, a metadata request, or a keyword query', () => {
  assert.equal(commentsSpec({ article_urls: ['https://n.news.naver.com/article/001/0001'] }, () => 'x').spec.articles, {
    urls: ['https://n.news.naver.com/article/001/0001'],
  });
  assert.equal(commentsSpec({ request_id: 'abc' }, (id) => `meta-${id}`).spec.articles, { fromJob: 'meta-abc' });
  assert.equal(commentsSpec({ keyword: '금리', start_date: '2024-11-01', end_date: '2024-11-02', max_articles: 10 }, () => 'x').spec.articles, {
    query: { keywords: ['금리'], dateRange: { from: '2024-11-01', to: '2024-11-02' }, limit: 10 },
  });
});

const commentErrors: [string, Parameters<typeof commentsSpec>[0], string[]][] = [
  ['nothing to collect from', {}, ['article_urls']],
  ['two sources at once', { article_urls: ['https://a.b/c'], request_id: 'x' }, ['article_urls']],
  ['a javascript: URL', { article_urls: ['javascript:alert(1)'] }, ['article_urls.0']],
  ['an ftp URL', { article_urls: ['https://ok.example/1', 'ftp://x/y'] }, ['article_urls.1']],
  ['a keyword query without dates', { keyword: 'x' }, ['start_date', 'end_date']],
];
for (const [name, body, fields] of commentErrors) {
  test(`comments body refused: ${name}`, () =>
    assert.equal(
      commentsSpec(body, () => 'x').errors.map((e) => e.field),
      fields,
    ));
}

test('spec fields are reported under the predecessor names', () => {
  assert.is(compatField('spec.dateRange.to'), 'end_date');
  assert.is(compatField('spec.dateRange'), 'end_date');
  assert.is(compatField('spec.keywords.3'), 'keyword');
  assert.is(compatField('spec.articles.urls.2'), 'article_urls');
  assert.is(compatField('spec.somethingElse'), 'spec.somethingElse');
});

const base: { phase: string; suspended: boolean; deleted_at: Date | null; tasks_running: number } = {
  phase: 'Pending',
  suspended: false,
  deleted_at: null,
  tasks_running: 0,
};
const statuses: [string, Partial<typeof base>, string][] = [
  ['a new job is pending', {}, 'PENDING'],
  ['admitted with nothing running is queued', { phase: 'Admitted' }, 'QUEUED'],
  ['admitted with a task running is in progress', { phase: 'Admitted', tasks_running: 1 }, 'IN_PROGRESS'],
  ['running is in progress', { phase: 'Running' }, 'IN_PROGRESS'],
  ['suspend set before the operator saw it is suspended', { phase: 'Running', suspended: true }, 'SUSPENDED'],
  ['the Suspended phase', { phase: 'Suspended' }, 'SUSPENDED'],
  ['complete is completed', { phase: 'Complete' }, 'COMPLETED'],
  ['a failed job', { phase: 'Failed' }, 'FAILED'],
  ['a deleted job is cancelled whatever its phase', { phase: 'Running', deleted_at: new Date() }, 'CANCELLED'],
];
for (const [name, row, want] of statuses) test(`status: ${name}`, () => assert.is(compatStatus({ ...base, ...row }), want));

test('a status entry carries the predecessor fields', () => {
  const row = {
    uid: 'u',
    namespace: 'dept-economy',
    name: 'meta-1',
    request_id: 'r-1',
    department: 'economy',
    type: 'Metadata',
    method: 'search',
    source: 'naver',
    keywords: ['반도체', '금리'],
    priority: 6,
    phase: 'Failed',
    suspended: false,
    tasks_total: 10,
    tasks_pending: 0,
    tasks_queued: 0,
    tasks_running: 0,
    tasks_succeeded: 6,
    tasks_failed: 4,
    tasks_cancelled: 0,
    articles: 120,
    comments: 0,
    progress: 60,
    message: 'the site blocked the requests',
    spec: {},
    status: {},
    is_test: false,
    created_at: new Date('2024-11-01T00:00:00Z'),
    admitted_at: null,
    started_at: null,
    completed_at: null,
    deleted_at: null,
    schedule: null,
  } satisfies JobRow;
  const e = statusEntry(row);
  assert.is(e.id, 'r-1');
  assert.is(e.status, 'FAILED');
  assert.is(e.progress, '60%');
  assert.is(e.keyword, '반도체, 금리');
  assert.is(e.total_collected, 120);
  assert.is(e.error_message, 'the site blocked the requests');
  assert.is(e.queued_at, '2024-11-01T00:00:00.000Z');
  assert.equal([e.schedule, e.comments_new, e.comments_changed], [null, null, null], 'not scheduled, no comment stored');
  const refresh = statusEntry({ ...row, schedule: 'votes-hourly', status: { commentsNew: 6, commentsChanged: 11 } });
  assert.equal([refresh.schedule, refresh.comments_new, refresh.comments_changed], ['votes-hourly', 6, 11], 'a scheduled refresh names its schedule');
});

const dataCases: [string, Record<string, unknown>, { data_complete: boolean | null; data_shortfall: string | null }][] = [
  ['a running job: not known yet', { conditions: [{ type: 'Running', status: 'True' }] }, { data_complete: null, data_shortfall: null }],
  [
    'complete with everything stored',
    {
      conditions: [
        { type: 'Complete', status: 'True' },
        { type: 'DataComplete', status: 'True', message: 'every item the sites showed was stored' },
      ],
    },
    { data_complete: true, data_shortfall: null },
  ],
  [
    'complete with a shortfall: never a plain success',
    {
      conditions: [
        { type: 'Complete', status: 'True' },
        { type: 'DataComplete', status: 'False', message: '6 of 93 search results could not be read' },
      ],
    },
    { data_complete: false, data_shortfall: '6 of 93 search results could not be read' },
  ],
  ['a status without conditions', {}, { data_complete: null, data_shortfall: null }],
];
for (const [name, status, want] of dataCases) test(`data complete in the status entry: ${name}`, () => assert.equal(dataCompleteOf(status), want));
// What tells jobs apart in a list, read from the mirrored spec and the requester column.
const descriptions: [string, Record<string, unknown>, string | null | undefined, Record<string, unknown>][] = [
  [
    'a named metadata job with comments over a week',
    {
      type: 'Metadata',
      title: '반도체 주간',
      note: '월요일 회의용',
      keywords: ['반도체'],
      dateRange: { from: '2026-11-16', to: '2026-11-22' },
      includeComments: true,
    },
    'economy-desk',
    {
      title: '반도체 주간',
      note: '월요일 회의용',
      requested_by: 'economy-desk',
      date_range: { from: '2026-11-16', to: '2026-11-22' },
      include_comments: true,
    },
  ],
  [
    'a comments query carries the days of its query',
    { type: 'Comments', articles: { query: { keywords: ['배터리'], dateRange: { from: '2026-10-01', to: '2026-10-02' } } } },
    'politics',
    { title: null, note: null, requested_by: 'politics', date_range: { from: '2026-10-01', to: '2026-10-02' }, include_comments: false },
  ],
  [
    'comments of given URLs applied with kubectl have no days and no requester',
    { type: 'Comments', articles: { urls: ['https://n.example/a'] } },
    undefined,
    { title: null, note: null, requested_by: null, date_range: null, include_comments: false },
  ],
];
for (const [name, spec, by, want] of descriptions) test(`description: ${name}`, () => assert.equal(descriptionOf({ spec, requested_by: by }), want));

test('metadata body: a title and a note are kept on the spec, blank ones left out', () => {
  const named = metadataSpec({ keyword: 'a', start_date: '2026-11-01', end_date: '2026-11-01', title: '  주간 점검 ', note: '회의용' });
  assert.is(named.spec.title, '주간 점검');
  assert.is(named.spec.note, '회의용');
  const blank = metadataSpec({ keyword: 'a', start_date: '2026-11-01', end_date: '2026-11-01', title: ' ', note: '' });
  assert.is(blank.spec.title, undefined);
  assert.is(blank.spec.note, undefined);
});

test.run();
