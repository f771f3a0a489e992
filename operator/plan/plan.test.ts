import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeDepartment, makeJob } from '../testing/builders.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../../lib/crd/types.gen.js';
import { fromRoot } from '../../lib/paths.js';
import { resolveProfile } from '../../lib/sources/profile.js';
import { articleKey, commentsSource, daysOf, planComments, planCommentUrls, planMetadata, sourceJobProblem, taskId } from './plan.js';
import { resolveDepartment } from './priority.js';
import { decideRetry, retryDelayMs } from './retry.js';

const UID = '1f0e2d3c-4b5a-4697-8877-665544332211';
// The built-in profile: the operator keys comment tasks by the same rule the worker reads ids with.
const naver = resolveProfile('naver', (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec);
const oneGroup = { articleIdPattern: '/news/(A\\d+)', articleIdPatterns: [], articleIdTemplate: '' };

test('days of a range are inclusive and cross month ends', () => {
  assert.equal(daysOf('2024-11-29', '2024-12-02'), ['2024-11-29', '2024-11-30', '2024-12-01', '2024-12-02']);
  assert.equal(daysOf('2024-02-28', '2024-03-01'), ['2024-02-28', '2024-02-29', '2024-03-01']);
  assert.equal(daysOf('2024-12-01', '2024-12-01'), ['2024-12-01']);
});

const metadataCases: [string, ReturnType<typeof makeJob>, number][] = [
  ['one keyword, one day: one task', makeJob('a'), 1],
  ['two keywords over three days: six tasks', makeJob('a').keywords('반도체', '금리').days(3), 6],
  ['a repeated keyword is searched once', makeJob('a').keywords('x', 'x', 'y').days(2), 4],
  ['the api method shards by keyword and day too', makeJob('a').method('api').keywords('x', 'y').days(5), 10],
  [
    'a year of 50 keywords',
    makeJob('a')
      .keywords(...Array.from({ length: 50 }, (_, i) => `k${i}`))
      .range('2024-01-01', '2024-12-31'),
    50 * 366,
  ],
  ['a Comments job has no metadata tasks', makeJob('a').comments(['https://n.news.naver.com/mnews/article/001/0000000001']), 0],
];
for (const [name, job, n] of metadataCases) {
  test(`metadata planning: ${name}`, () => {
    const tasks = planMetadata(UID, job.spec());
    assert.is(tasks.length, n);
    assert.is(new Set(tasks.map((t) => t.id)).size, n, 'ids are distinct');
  });
}

test('planning twice gives the same ids; another job gives other ids', () => {
  const spec = makeJob('a').keywords('x', 'y').days(3).spec();
  assert.equal(
    planMetadata(UID, spec).map((t) => t.id),
    planMetadata(UID, spec).map((t) => t.id),
  );
  const other = planMetadata('2f0e2d3c-4b5a-4697-8877-665544332211', spec).map((t) => t.id);
  assert.ok(planMetadata(UID, spec).every((t) => !other.includes(t.id)));
});

test('a metadata shard names keyword, day and method; the id is UUIDv5 of uid + shard key', () => {
  const [t] = planMetadata(UID, makeJob('a').keywords('반도체').method('api').spec());
  assert.equal(t!.shard, { keyword: '반도체', day: '2024-12-01', method: 'api' });
  assert.is(t!.shardKey, 'metadata/2024-12-01/반도체');
  assert.is(t!.id, taskId(UID, 'metadata/2024-12-01/반도체'));
  assert.match(t!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

const urlCases: [string, string, string][] = [
  ['mnews form', 'https://n.news.naver.com/mnews/article/001/0014123456?sid=101', '001/0014123456'],
  ['article form', 'https://n.news.naver.com/article/023/0003891234', '023/0003891234'],
  ['comment page', 'https://n.news.naver.com/mnews/article/comment/001/0014123456', '001/0014123456'],
  ['read.naver with query ids', 'https://news.naver.com/main/read.naver?oid=001&aid=0014123456', '001/0014123456'],
  ['a publisher URL: its canonical form', 'https://www.Example.co.kr/news/1234?utm_source=x#top', 'https://www.example.co.kr/news/1234'],
];
for (const [name, url, want] of urlCases) {
  test(`comment task key of a URL by the built-in profile: ${name}`, () => assert.is(articleKey({ url }, naver), want));
}

test("comment task key of a one-part id: by the profile's pattern, not the portal's", () => {
  const tasks = planCommentUrls(
    UID,
    makeJob('c').comments(['https://s.example/news/A12000', 'https://s.example/news/A12000?ref=list', 'https://s.example/news/A12001']).spec(),
    oneGroup,
  );
  assert.equal(
    tasks.map((t) => t.shardKey),
    ['comments/A12000', 'comments/A12001'],
  );
});

test('a stored article is keyed by its stored identity', () => {
  assert.is(articleKey({ url: 'https://s.example/news/A1', identity: 'A1', articleId: 3 }, null), 'A1');
});

test('comments: one task per article identity, whatever URL form names it', () => {
  const tasks = planComments(
    UID,
    [
      { url: 'https://n.news.naver.com/mnews/article/001/0014123456?sid=101' },
      { url: 'https://n.news.naver.com/article/001/0014123456' },
      { url: 'https://portal.local/mnews/article/002/0000000002', identity: '002/0000000002', articleId: 7 },
      { url: 'https://www.example.co.kr/news/1?utm_source=x#top' },
      { url: 'https://www.example.co.kr/news/1' },
    ],
    naver,
  );
  assert.is(tasks.length, 3);
  assert.equal(tasks[1]!.shard, { url: 'https://portal.local/mnews/article/002/0000000002', articleId: 7 });
});

test('a comments task of an article has the same id whether it came from urls or from a metadata job', () => {
  const fromUrls = planCommentUrls(UID, makeJob('c').comments(['https://n.news.naver.com/mnews/article/001/0014123456']).spec(), naver);
  const fromArticles = planComments(
    UID,
    [{ url: 'https://portal.local/mnews/article/001/0014123456', identity: '001/0014123456', articleId: 3 }],
    null,
  );
  assert.is(fromUrls[0]!.id, fromArticles[0]!.id);
});

test('comments sources and why a fromJob cannot be used', () => {
  assert.equal(commentsSource(makeJob('c').fromJob('m').spec()), { kind: 'fromJob', name: 'm' });
  assert.equal(commentsSource(makeJob('c').comments(['https://x/']).spec()), { kind: 'urls' });
  assert.is(sourceJobProblem('m', undefined)?.reason, 'SourceJobNotFound');
  assert.is(sourceJobProblem('m', { spec: makeJob('m').fromJob('z').spec(), deleting: false })?.reason, 'InvalidSourceJob');
  assert.is(sourceJobProblem('m', { spec: makeJob('m').spec(), deleting: false }), null);
});

test('department resolution: by namespace; none; two claimants -> the first by name, reported', () => {
  const a = makeDepartment('economy').namespaces('dept-economy').obj();
  const b = makeDepartment('politics').namespaces('dept-politics', 'shared').obj();
  const c = makeDepartment('culture').namespaces('shared').obj();
  assert.is(resolveDepartment('dept-economy', [a, b, c]).department?.name, 'economy');
  assert.is(resolveDepartment('elsewhere', [a, b, c]).department, undefined);
  const shared = resolveDepartment('shared', [a, b, c]);
  assert.is(shared.department?.name, 'culture');
  assert.equal(shared.ambiguous, ['culture', 'politics']);
});

const now = new Date('2024-12-01T00:00:00Z');
const retryCases: [string, number, number, string][] = [
  ['first failure, limit 3: retry after 10 s', 1, 3, 'retry +10000'],
  ['third failure, limit 3: retry after 40 s', 3, 3, 'retry +40000'],
  ['fourth failure, limit 3: failed for good', 4, 3, 'fail'],
  ['limit 0: the first failure is final', 1, 0, 'fail'],
];
for (const [name, attempts, limit, want] of retryCases) {
  test(`retry: ${name}`, () => {
    const d = decideRetry({ attempts, finishedAt: now, lastError: 'timeout loading the page' }, limit, new Date(now.getTime() + 1000));
    assert.is(d.action === 'fail' ? 'fail' : `retry +${d.notBefore.getTime() - now.getTime()}`, want);
    if (d.action === 'fail') assert.match(d.reason, /timeout loading the page \(gave up after \d attempts?\)/);
  });
}

test('retry delays grow exponentially up to the cap', () => {
  assert.equal(
    [1, 2, 3, 4, 10, 20].map((a) => retryDelayMs(a, { baseMs: 1000, maxMs: 30_000 })),
    [1000, 2000, 4000, 8000, 30_000, 30_000],
  );
});

test.run();
