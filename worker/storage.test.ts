import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ArticleRecord, CommentRecord } from './parse/records.js';
import { chunks, commentCopyText, copyField, dedupeArticles, dedupeComments } from './storage.js';

const art = (identity: string, o: Partial<ArticleRecord> = {}): ArticleRecord => ({
  source: 'naver',
  identity,
  oid: null,
  aid: null,
  portalUrl: null,
  originalUrl: null,
  title: 't',
  description: null,
  publisher: null,
  publisherDomain: null,
  section: null,
  byline: null,
  publishedAt: null,
  publishedPrecision: null,
  isTest: false,
  raw: {},
  ...o,
});

test('articles are de-duplicated by source and identity, later non-empty fields winning', () => {
  const out = dedupeArticles([
    art('001/1', { section: '경제', raw: { a: 1 } }),
    art('001/2'),
    art('001/1', { title: 't2', section: null, byline: '기자', raw: { b: 2 } }),
    art('001/1', { source: 'alt' }),
  ]);
  assert.is(out.length, 3);
  const first = out.find((a) => a.identity === '001/1' && a.source === 'naver')!;
  assert.equal([first.title, first.section, first.byline, first.raw], ['t2', '경제', '기자', { a: 1, b: 2 }]);
});

test('comments are de-duplicated by number', () => {
  const c = (n: number, likes: number): CommentRecord => ({
    commentNo: n,
    parentCommentNo: null,
    author: null,
    text: null,
    writtenAt: null,
    modifiedAt: null,
    likes,
    dislikes: 0,
    replyCount: 0,
    isReply: false,
    isDeleted: false,
    raw: {},
  });
  assert.equal(
    dedupeComments([c(1, 1), c(2, 1), c(1, 5)]).map((x) => [x.commentNo, x.likes]),
    [
      [1, 5],
      [2, 1],
    ],
  );
});

test('chunks split a list into batches', () => {
  assert.equal(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.equal(chunks([], 2), []);
});

test('COPY text escapes backslashes, tabs and line breaks, and writes NULL as \\N', () => {
  assert.is(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  assert.is(copyField(null), '\\N');
  assert.is(copyField(true), 't');
  assert.is(copyField(new Date('2024-12-02T00:00:00Z')), '2024-12-02T00:00:00.000Z');
  const line = commentCopyText(7, [
    {
      commentNo: 1,
      parentCommentNo: null,
      author: 'ab**',
      text: '첫 줄\n둘째',
      writtenAt: null,
      modifiedAt: null,
      likes: 2,
      dislikes: 0,
      replyCount: 0,
      isReply: false,
      isDeleted: false,
      raw: { a: 'x\ty' },
    },
  ]);
  assert.is(line, '7\t1\t\\N\tab**\t첫 줄\\n둘째\t\\N\t\\N\t2\t0\t0\tf\tf\t{"a":"x\\\\ty"}\n');
});

test.run();
