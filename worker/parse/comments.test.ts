import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { NewsSourceSpec } from '../../lib/crd/types.gen.js';
import { fromRoot } from '../../lib/paths.js';
import { resolveProfile } from '../../lib/sources/profile.js';
import { CollectError } from '../errors.js';
import { describeUnreadItem } from './unread.js';
import {
  apiTime,
  commentApiStats,
  parseCommentApiPage,
  parseCommentsSnapshot,
  parseCommentStats,
  parseDataInfo,
  parseJsonOrJsonp,
  type CommentItemSnapshot,
} from './comments.js';

const profile = resolveProfile(
  'naver',
  (parse(readFileSync(fromRoot('manifests', 'newssource-naver.yaml'), 'utf8')) as { spec: NewsSourceSpec }).spec,
);

const infoCases: [string, string, Record<string, string>][] = [
  [
    'the portal form',
    "commentNo:'3000000001',parentCommentNo:'0',replyLevel:1,deleted:false,blind:false",
    { commentNo: '3000000001', parentCommentNo: '0', replyLevel: '1', deleted: 'false', blind: 'false' },
  ],
  ['spaces and double quotes', ' commentNo : "12", parentCommentNo:"7" ', { commentNo: '12', parentCommentNo: '7' }],
  ['JSON', '{"commentNo":5,"parentCommentNo":0}', { commentNo: '5', parentCommentNo: '0' }],
  ['nothing', '', {}],
];
for (const [name, text, want] of infoCases) test(`data-info: ${name}`, () => assert.equal(parseDataInfo(text), want));

const it = (o: Partial<CommentItemSnapshot>): CommentItemSnapshot => ({
  info: null,
  isReply: false,
  deletedClass: false,
  nickname: 'abcd****',
  text: '좋은 기사',
  deletedText: null,
  date: '2024-12-02T09:20:11+0900',
  likes: '3',
  dislikes: '1',
  ...o,
});

test('comments, replies and deleted comments from the page', () => {
  const recs = parseCommentsSnapshot(
    {
      listFound: true,
      total: '4',
      items: [
        it({ info: "commentNo:'10',parentCommentNo:'0',replyLevel:1,deleted:false", text: '첫 줄\n둘째 줄' }),
        it({ info: "commentNo:'11',parentCommentNo:'10',replyLevel:2,deleted:false", isReply: true, likes: '0', dislikes: '0' }),
        it({
          info: "commentNo:'12',parentCommentNo:'0',replyLevel:1,deleted:true",
          deletedClass: true,
          nickname: null,
          text: null,
          deletedText: '작성자에 의해 삭제된 댓글입니다.',
          likes: null,
          dislikes: null,
        }),
        it({ info: "commentNo:'10',parentCommentNo:'0',replyLevel:1,deleted:false" }),
      ],
    },
    profile,
  ).comments;
  assert.is(recs.length, 3);
  const [a, b, c] = recs as [(typeof recs)[0], (typeof recs)[0], (typeof recs)[0]];
  assert.equal([a.commentNo, a.parentCommentNo, a.isReply, a.replyCount, a.likes, a.dislikes], [10, null, false, 1, 3, 1]);
  assert.is(a.writtenAt?.toISOString(), '2024-12-02T00:20:11.000Z');
  assert.equal([b.commentNo, b.parentCommentNo, b.isReply], [11, 10, true]);
  assert.equal([c.isDeleted, c.author, c.text, c.likes], [true, null, null, 0]);
});

// A site that keeps ids in their own attributes, or nests replies inside their parent.
const withSel = (o: Partial<typeof profile.comments.selectors>) => ({
  ...profile,
  comments: { ...profile.comments, selectors: { ...profile.comments.selectors, ...o } },
});
const byAttr = withSel({ idAttribute: 'data-cid', parentAttribute: 'data-parent' });
const nested = withSel({ idAttribute: 'data-cid', info: '' });

const idCases: [string, typeof profile, CommentItemSnapshot[], [number, number | null, boolean][]][] = [
  [
    'ids and parents in their own attributes',
    byAttr,
    [it({ id: '7', parent: '0' }), it({ id: '8', parent: '7', isReply: true })],
    [
      [7, null, false],
      [8, 7, true],
    ],
  ],
  [
    'a parent attribute left empty: the nesting decides',
    byAttr,
    [it({ id: '7', parent: '' }), it({ id: '8', parent: '', ancestor: 0 })],
    [
      [7, null, false],
      [8, 7, true],
    ],
  ],
  [
    'replies nested inside their parent, no parent attribute',
    nested,
    [it({ id: '7' }), it({ id: '8', ancestor: 0 }), it({ id: '9' }), it({ id: '10', ancestor: 2, isReply: true })],
    [
      [7, null, false],
      [8, 7, true],
      [9, null, false],
      [10, 9, true],
    ],
  ],
  [
    "the portal's packed attribute, replies also nested: the attribute wins",
    profile,
    [it({ info: "commentNo:'1',parentCommentNo:'0'" }), it({ info: "commentNo:'2',parentCommentNo:'1'", ancestor: 0, isReply: true })],
    [
      [1, null, false],
      [2, 1, true],
    ],
  ],
];
for (const [name, p, items, want] of idCases) {
  test(`comment numbers: ${name}`, () => {
    const recs = parseCommentsSnapshot({ listFound: true, total: null, items }, p).comments;
    assert.equal(
      recs.map((r) => [r.commentNo, r.parentCommentNo, r.isReply]),
      want,
    );
  });
}

const dropCases: [string, typeof profile, CommentItemSnapshot[], RegExp][] = [
  [
    'the packed attribute renamed: every item unreadable',
    profile,
    [it({ info: null }), it({ info: null })],
    /2 of 2 comments matched by li\.u_cbox_comment or li\.u_cbox_reply_item have no comment number in commentNo of attribute data-info \(found none; expected a positive whole number\)/,
  ],
  ['an id that is not a number', byAttr, [it({ id: 'c-12' })], /found "c-12"/],
  [
    'a reply with no parent anywhere',
    byAttr,
    [it({ id: '5', parent: '', isReply: true })],
    /1 replies matched by li\.u_cbox_reply_item have no parent comment \(neither in attribute data-parent nor by sitting inside/,
  ],
  [
    'the time attribute renamed: read as missing, not from the text',
    byAttr,
    [it({ id: '1', date: '' }), it({ id: '2', date: '' })],
    /2 of 2 comments have no readable time in attribute data-value of \.u_cbox_date \(found ""; expected a time/,
  ],
  ['no time element in a comment', byAttr, [it({ id: '1', date: null })], /1 of 1 comments have no readable time .*found no element/],
  ['a time that is not one', byAttr, [it({ id: '1', date: '3분 전' })], /found "3분 전"/],
];
for (const [name, p, items, re] of dropCases) {
  test(`no comment of the page reads, the layout changed: ${name}`, () => {
    assert.throws(
      () => parseCommentsSnapshot({ listFound: true, total: null, items }, p),
      (e: CollectError) => e.kind === 'permanent' && re.test(e.reason),
    );
  });
}

const partialCases: [string, typeof profile, CommentItemSnapshot[], number[], string[]][] = [
  [
    'one item of three without its id attribute',
    byAttr,
    [it({ id: '1' }), it({ id: null }), it({ id: '3' })],
    [1, 3],
    ['#2 commentNo (attribute data-cid of li.u_cbox_comment): found nothing; expected a positive whole number'],
  ],
  [
    'a prefixed id beside plain ones',
    byAttr,
    [it({ id: 'c-7309123' }), it({ id: '7309124' })],
    [7309124],
    ['#1 commentNo (attribute data-cid of li.u_cbox_comment): found "c-7309123"; expected a positive whole number'],
  ],
  [
    'one time that is not one, the comment beside it kept',
    byAttr,
    [it({ id: '1', date: '어제' }), it({ id: '2' })],
    [2],
    ['#1 writtenAt (attribute data-value of .u_cbox_date): found "어제"; expected a time like 2024-12-02T09:15:00+0900 or 2024-12-02 09:15:00'],
  ],
  [
    'a reply whose parent cannot be found, its thread beside it kept',
    byAttr,
    [it({ id: '5' }), it({ id: '6', parent: '5', isReply: true }), it({ id: '7', parent: '', isReply: true })],
    [5, 6],
    ['#3 parent (attribute data-parent of li.u_cbox_reply_item, or a comment around it): found ""; expected the number of the comment it replies to'],
  ],
];
for (const [name, p, items, stored, unread] of partialCases) {
  test(`a partly unreadable comment page keeps the rest and reports what did not read: ${name}`, () => {
    const r = parseCommentsSnapshot({ listFound: true, total: null, items }, p, 'https://site.example/c');
    assert.equal(
      r.comments.map((c) => c.commentNo),
      stored,
    );
    assert.equal(r.unread.map(describeUnreadItem), unread);
    assert.ok(r.unread.every((u) => u.kind === 'comment' && u.page === 'https://site.example/c'));
  });
}

test('a deleted comment keeps the author and counts the site still shows', () => {
  const [c] = parseCommentsSnapshot(
    { listFound: true, total: null, items: [it({ id: '4', deletedClass: true, nickname: 'abcd****', text: null, likes: '2' })] },
    byAttr,
  ).comments;
  assert.equal([c!.isDeleted, c!.author, c!.text, c!.likes], [true, 'abcd****', null, 2]);
});

test('a comment page without the list means the layout changed', () => {
  assert.throws(
    () => parseCommentsSnapshot({ listFound: false, total: null, items: [] }, profile),
    (e: CollectError) => e.kind === 'permanent' && e.reason.includes('.u_cbox_list'),
  );
});

test('JSONP and JSON answers of the comment API', () => {
  assert.equal(parseJsonOrJsonp('_cb_1({"a":1});'), { a: 1 });
  assert.equal(parseJsonOrJsonp(' {"a":2} '), { a: 2 });
  const body = JSON.stringify({
    success: true,
    result: {
      count: { total: 2 },
      pageModel: { page: 1, nextPage: 2 },
      commentList: [
        {
          commentNo: 20,
          parentCommentNo: 20,
          contents: '본문',
          userName: 'ab****',
          regTime: '2024-12-02T09:20:11+0900',
          modTime: '2024-12-02T09:30:00+0900',
          sympathyCount: 5,
          antipathyCount: 2,
          replyCount: 1,
          deleted: false,
        },
        {
          commentNo: 21,
          parentCommentNo: 0,
          contents: '',
          userName: '',
          regTime: '2024-12-02T09:21:00+0900',
          modTime: '2024-12-02T09:21:00+0900',
          sympathyCount: 0,
          antipathyCount: 0,
          replyCount: 0,
          deleted: true,
        },
      ],
    },
  });
  const p = parseCommentApiPage(body, profile);
  assert.is(p.next, '2');
  assert.is(p.total, 2);
  assert.equal(
    p.comments.map((c) => [c.commentNo, c.parentCommentNo, c.isReply, c.isDeleted, c.replyCount]),
    [
      [20, null, false, false, 1],
      [21, null, false, true, 0],
    ],
  );
  assert.is(p.comments[0]!.modifiedAt?.toISOString(), '2024-12-02T00:30:00.000Z');
});

// A site of another shape: {"data":{"items":[...],"nextCursor":"..","total":n}}, ids as "cid", replies inline.
const cursorSite = {
  ...profile,
  comments: {
    ...profile.comments,
    api: {
      paging: 'cursor',
      replies: 'inline',
      error: 'error',
      items: 'data.items',
      next: 'data.nextCursor',
      total: 'data.total',
      fields: {
        id: 'cid',
        parent: 'parentCid',
        author: 'writer.nick',
        text: 'body',
        writtenAt: 'createdAt',
        modifiedAt: 'updatedAt',
        likes: 'votes.up',
        dislikes: 'votes.down',
        replyCount: 'replies',
        deleted: "status == 'deleted'",
      },
    },
  },
} as typeof profile;
const cItem = (o: Record<string, unknown> = {}) => ({
  cid: 7,
  parentCid: null,
  writer: { nick: 'ab**' },
  body: '글',
  createdAt: '2024-12-02T09:20:11+09:00',
  updatedAt: null,
  votes: { up: 2, down: 1 },
  replies: 0,
  status: 'shown',
  ...o,
});
const cBody = (items: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ data: { items, nextCursor: 'c2', total: 9, ...extra } });

test("a cursor-paged comment API of another shape, by the profile's JMESPath mapping", () => {
  const p = parseCommentApiPage(
    cBody([cItem(), cItem({ cid: 8, parentCid: 7 }), cItem({ cid: 9, status: 'deleted', body: '', writer: { nick: 'cd**' } })]),
    cursorSite,
  );
  assert.equal([p.next, p.total, p.items], ['c2', 9, 3]);
  assert.equal(
    p.comments.map((c) => [c.commentNo, c.parentCommentNo, c.isReply, c.isDeleted, c.author, c.text, c.likes, c.dislikes]),
    [
      [7, null, false, false, 'ab**', '글', 2, 1],
      [8, 7, true, false, 'ab**', '글', 2, 1],
      [9, null, false, true, 'cd**', null, 2, 1],
    ],
  );
  assert.is(p.comments[0]!.writtenAt?.toISOString(), '2024-12-02T00:20:11.000Z');
});

const apiTimes: [string, unknown, string | null][] = [
  ['UTC with milliseconds', '2024-03-05T10:08:11.000Z', '2024-03-05T10:08:11.000Z'],
  ['a wall clock in the site zone', '2024-03-05 19:08:11', '2024-03-05T10:08:11.000Z'],
  ['epoch seconds', 1709633291, '2024-03-05T10:08:11.000Z'],
  ['epoch milliseconds', 1709633291000, '2024-03-05T10:08:11.000Z'],
  ['epoch milliseconds as a text', '1709633291000', '2024-03-05T10:08:11.000Z'],
  ['a Korean date without a year', '3월 5일 19:08', null],
  ['nothing', null, null],
];
for (const [name, v, want] of apiTimes) test(`API time: ${name}`, () => assert.is(apiTime(v, 'Asia/Seoul')?.toISOString() ?? null, want));

test('replies nested inside their parent at any depth, their parent the item they sit in unless they name one', () => {
  const nested = {
    ...cursorSite,
    comments: {
      ...cursorSite.comments,
      api: { ...cursorSite.comments.api, replies: 'nested', fields: { ...cursorSite.comments.api.fields, children: 'children' } },
    },
  } as typeof profile;
  const p = parseCommentApiPage(
    cBody([
      cItem({ cid: 7, children: [cItem({ cid: 8, children: [cItem({ cid: 9 })] }), cItem({ cid: 10, parentCid: 7 })] }),
      cItem({ cid: 11, children: [] }),
    ]),
    nested,
  );
  assert.equal(
    p.comments.map((c) => [c.commentNo, c.parentCommentNo, c.isReply]),
    [
      [7, null, false],
      [8, 7, true],
      [9, 8, true],
      [10, 7, true],
      [11, null, false],
    ],
  );
  assert.is(p.items, 2, 'a page is as full as its top-level items');
});

const apiFaults: [string, typeof profile, string, RegExp][] = [
  ['the list moved', cursorSite, JSON.stringify({ data: { comments: [] } }), /no list at data\.items \(comments\.api\.items\)/],
  [
    'the id field renamed',
    cursorSite,
    cBody([cItem({ cid: undefined, id: 7 })]),
    /1 of 1 comments have no comment number at cid \(comments\.api\.fields\.id; found none; expected a positive whole number\)/,
  ],
  [
    'the text field vanished from every item',
    cursorSite,
    cBody([cItem({ body: undefined }), cItem({ cid: 8, body: undefined })]),
    /no comment of the 2 in the answer has body \(comments\.api\.fields\.text\)/,
  ],
  ['the like count vanished', cursorSite, cBody([cItem({ votes: undefined })]), /has votes\.up \(comments\.api\.fields\.likes\)/],
  [
    'a time that does not read',
    cursorSite,
    cBody([cItem(), cItem({ cid: 8, createdAt: '3월 5일 19:08' })]),
    /1 of 2 comments have no readable time at createdAt \(comments\.api\.fields\.writtenAt; found "3월 5일 19:08"; expected an ISO-like time/,
  ],
  ['a refusal by the error expression', cursorSite, JSON.stringify({ error: 'rate limited' }), /refused the request: rate limited/],
  [
    'an expression that is not JMESPath',
    { ...cursorSite, comments: { ...cursorSite.comments, api: { ...cursorSite.comments.api, items: 'data.[' } } } as typeof profile,
    cBody([]),
    /comments\.api\.items "data\.\[" is not a JMESPath expression/,
  ],
];
for (const [name, p, body, re] of apiFaults) {
  test(`comment API answer that no longer reads: ${name}`, () => {
    assert.throws(
      () => parseCommentApiPage(body, p),
      (e: CollectError) => e.kind === 'permanent' && re.test(e.reason),
    );
  });
}

const statsSite = withSel({
  stats: [
    { name: 'current', selector: '.n', attribute: '' },
    { name: 'male', selector: '.m', attribute: '' },
    { name: 'age20', selector: '.a', attribute: 'data-percent' },
  ],
});
const statCases: [string, (string | null)[], Record<string, number> | RegExp][] = [
  ['numbers as shown: "1,234", "61%", an attribute', ['현재 댓글 1,234', '남 61%', '18'], { current: 1234, male: 61, age20: 18 }],
  ['a statistic the page no longer shows', ['12', null, '18'], /no number for the statistics male \(\.m: found no element\)/],
  ['a statistic without a number', ['12', '남 -%', '18'], /male \(\.m: found "남 -%"\)/],
];
for (const [name, values, want] of statCases) {
  test(`comment statistics from the page: ${name}`, () => {
    if (want instanceof RegExp)
      assert.throws(
        () => parseCommentStats(values, statsSite),
        (e: CollectError) => e.kind === 'permanent' && want.test(e.reason),
      );
    else assert.equal(parseCommentStats(values, statsSite), want);
  });
}

test('comment statistics: none named, none read', () => assert.is(parseCommentStats(['1'], withSel({ stats: [] })), null));

test('comment statistics: the naver profile reads its box in order, counts then 남자/여자 then 10대 to 60대↑', () =>
  assert.equal(parseCommentStats(['676', '27', '5', '61%', '39%', '3%', '18%', '27%', '25%', '18%', '9%'], profile), {
    current: 676,
    deletedByAuthor: 27,
    deletedByModerator: 5,
    male: 61,
    female: 39,
    age10: 3,
    age20: 18,
    age30: 27,
    age40: 25,
    age50: 18,
    age60: 9,
  }));

test('comment statistics from an API answer, by expression', () => {
  const site = {
    ...cursorSite,
    comments: {
      ...cursorSite.comments,
      api: {
        ...cursorSite.comments.api,
        stats: [
          { name: 'current', expression: 'data.stats.current' },
          { name: 'age10', expression: 'data.stats.ages."10"' },
        ],
      },
    },
  } as typeof profile;
  assert.equal(commentApiStats(JSON.stringify({ data: { stats: { current: 30, ages: { 10: 4 } } } }), site), { current: 30, age10: 4 });
  assert.throws(
    () => commentApiStats(JSON.stringify({ data: { stats: { current: 30 } } }), site),
    /no number for the statistics age10 \(data\.stats\.ages\."10"\)/,
  );
});

test('a refusal of the comment API is permanent with its message', () => {
  assert.throws(
    () => parseCommentApiPage(JSON.stringify({ success: false, message: '잘못된 접근입니다.' }), profile),
    (e: CollectError) => e.kind === 'permanent' && e.reason.includes('잘못된 접근'),
  );
});

// A site whose comments are read by comments.selectors.fields alone: prefixed ids, replies nested at
// any depth, a deleted class among others, exact counts in an attribute beside an abbreviated text,
// Korean dates with 오전/오후 and relative words.
const board = resolveProfile('board', {
  baseUrls: { search: 'http://board.test', article: 'http://board.test' },
  urlTemplates: { search: '{search}/s?q={query}&d={day}&p={page}', article: '{article}/a/{id}', comments: '{article}/a/{id}/c?page={page}' },
  articleIdPattern: '/a/(\\d+)',
  search: { selectors: { item: '.r', title: 'a', date: '.d' } },
  comments: {
    paging: 'template',
    selectors: {
      list: '#cmts',
      item: 'li.cmt',
      text: '.body',
      fields: {
        id: { attribute: 'id', pattern: '^c-(\\d+)$' },
        date: { selector: '.when', pattern: '(?:작성|수정)?\\s*(.+)' },
        likes: { selector: '.like', attribute: 'data-count' },
        deleted: { attribute: 'class', pattern: '(^|\\s)is-deleted(\\s|$)' },
        author: { selector: '.who' },
        text: { selector: '.body' },
      },
    },
  },
} as NewsSourceSpec);
const bnow = new Date('2024-03-06T03:00:00Z');
const bi = (o: Partial<CommentItemSnapshot> & { f?: Partial<Record<string, string | null>> }): CommentItemSnapshot => ({
  info: null,
  isReply: false,
  deletedClass: false,
  nickname: null,
  text: null,
  deletedText: null,
  date: null,
  likes: null,
  dislikes: null,
  ancestor: -1,
  ...o,
  fields: { id: 'c-1', date: '2024.03.05. 오후 7:08', likes: '3', deleted: 'cmt', author: 'ab**', text: '본문', ...o.f },
});

const boardCases: [string, CommentItemSnapshot[], unknown[] | RegExp][] = [
  [
    'prefixed ids, a reply two levels deep, exact likes from the attribute',
    [
      bi({ f: { id: 'c-7309123', likes: '1432' } }),
      bi({ ancestor: 0, f: { id: 'c-7309124', date: '어제' } }),
      bi({ ancestor: 1, f: { id: 'c-7309125', date: '방금' } }),
    ],
    [
      [7309123, null, '2024-03-05T10:08:00.000Z', 1432, false, 1],
      [7309124, 7309123, '2024-03-04T15:00:00.000Z', 3, false, 0],
      [7309125, 7309124, '2024-03-06T03:00:00.000Z', 3, false, 0],
    ],
  ],
  [
    'a deleted comment keeps its author and counts, and may show no time',
    [bi({ f: { id: 'c-5', deleted: 'cmt is-deleted', date: null, text: '삭제된 댓글입니다.' } })],
    [[5, null, null, 3, true, 0]],
  ],
  [
    'an id without its prefix pattern',
    [bi({ f: { id: '7309123' } }), bi({ f: { id: 'reply-7' } })],
    /2 of 2 comments matched by li\.cmt have no comment number in attribute id of li\.cmt \(pattern \^c-\(\\d\+\)\$\) \(found "7309123", "reply-7"/,
  ],
  [
    'a time that does not read',
    [bi({ f: { date: '수정됨' } })],
    /1 of 1 comments have no readable time in the text of \.when .*comments\.selectors\.fields\.date; found "수정됨"; expected a date/,
  ],
  [
    'a count attribute gone',
    [bi({ f: { likes: null } })],
    /1 of 1 comments have no readable likes in attribute data-count of \.like .*found nothing/,
  ],
];
for (const [name, items, want] of boardCases) {
  test(`comments by fields: ${name}`, () => {
    const run = () => parseCommentsSnapshot({ listFound: true, total: null, items }, board, '', bnow).comments;
    if (want instanceof RegExp) {
      try {
        run();
        assert.unreachable('should fail');
      } catch (e) {
        assert.instance(e, CollectError);
        assert.match((e as Error).message, want);
      }
      return;
    }
    assert.equal(
      run().map((c) => [c.commentNo, c.parentCommentNo, c.writtenAt?.toISOString() ?? null, c.likes, c.isDeleted, c.replyCount]),
      want,
    );
  });
}

test.run();
