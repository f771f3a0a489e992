import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_RELATIVE_UNITS, DEFAULT_RELATIVE_WORDS } from './dates.js';
import { capture, describeField, fieldSet, readBoolean, readDate, readId, readNumber, readText, type FieldSpec } from './field.js';

const f = (x: Partial<FieldSpec>): FieldSpec => ({ selector: '', attribute: '', pattern: '', ...x });
const rules = {
  timeZone: 'Asia/Seoul',
  absolutePattern: '(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})\\.?',
  relativeUnits: DEFAULT_RELATIVE_UNITS,
  relativeWords: DEFAULT_RELATIVE_WORDS,
};
const now = new Date('2024-03-06T03:00:00Z'); // 12:00 KST

const captures: [string, string | null, string, string | null][] = [
  ['no pattern: the whole text', 'c-7309123', '', 'c-7309123'],
  ['the first group', 'c-7309123', '^c-(\\d+)$', '7309123'],
  ['a group named value wins over group 1', 'cmt_12_7309123', '^cmt_(\\d+)_(?<value>\\d+)$', '7309123'],
  ['no group: the whole match', '공감 1,204', '[\\d,]+', '1,204'],
  ['a pattern that does not match', 'reply-9', '^c-(\\d+)$', null],
  ['nothing read', null, '^c-(\\d+)$', null],
];
for (const [name, raw, pattern, want] of captures) test(`capture: ${name}`, () => assert.is(capture(raw, pattern), want));

const ids: [string, string | null, Partial<FieldSpec>, number | null, string | null][] = [
  ['a prefixed id attribute', 'c-7309123', { attribute: 'id', pattern: '^c-(\\d+)$' }, 7309123, null],
  ['a bare number', ' 42 ', {}, 42, null],
  ['a prefix left on without a pattern', 'c-7309123', { attribute: 'id' }, null, 'a positive whole number'],
  ['zero is no id', '0', {}, null, 'a positive whole number'],
  ['an id of another form', 'reply-9', { attribute: 'id', pattern: '^c-(\\d+)$' }, null, 'a text matching ^c-(\\d+)$'],
  ['no element', null, { selector: '.cid' }, null, 'a positive whole number'],
];
for (const [name, raw, spec, want, expected] of ids) {
  test(`id field: ${name}`, () => {
    const r = readId(raw, f(spec));
    assert.equal(r.ok ? r.value : r.expected, want ?? expected);
  });
}

const numbers: [string, string | null, Partial<FieldSpec>, [number, boolean] | null][] = [
  ['the exact count in an attribute', '1432', { attribute: 'data-count' }, [1432, true]],
  ['the abbreviated text beside it', '1.4천', {}, [1400, false]],
  ['a count inside a sentence, by pattern', '이 댓글을 3만 명이 공감합니다', { pattern: '([\\d.,]+\\s*[천만억]?) 명' }, [30000, false]],
  ['no number', '공감', {}, null],
];
for (const [name, raw, spec, want] of numbers) {
  test(`number field: ${name}`, () => {
    const r = readNumber(raw, f(spec));
    assert.equal(r.ok ? [r.value.value, r.value.exact] : null, want);
  });
}

const dates: [string, string | null, Partial<FieldSpec>, [string, string] | null][] = [
  [
    'a prefixed article date taken off by the pattern',
    '입력 2024.03.05. 오후 7:08',
    { pattern: '입력\\s*(.+)' },
    ['2024-03-05T10:08:00.000Z', 'minute'],
  ],
  ['the same text without the pattern does not read', '입력 2024.03.05. 오후 7:08', {}, null],
  [
    'a modified date among other words',
    '입력 2024.03.05. 오후 7:08 수정 2024.03.06. 오전 9:01',
    { pattern: '수정\\s*(\\S+ \\S+ \\S+)' },
    ['2024-03-06T00:01:00.000Z', 'minute'],
  ],
  ['yesterday in a comment', '어제', {}, ['2024-03-04T15:00:00.000Z', 'day']],
  ['a datetime attribute', '2024-03-05T19:08:11+09:00', { attribute: 'datetime' }, ['2024-03-05T10:08:11.000Z', 'exact']],
  ['garbage', '조금 전에', {}, null],
];
for (const [name, raw, spec, want] of dates) {
  test(`date field: ${name}`, () => {
    const r = readDate(raw, f(spec), rules, now);
    assert.equal(r.ok ? [r.value.at.toISOString(), r.value.precision] : null, want);
  });
}

test('a date field that does not read says what it found and what it expected', () => {
  const r = readDate('수정됨', f({ selector: '.c-date' }), rules, now);
  assert.equal(r.ok ? null : [r.found, /2024\.03\.05\. 오후 7:08/.test(r.expected)], ['"수정됨"', true]);
});

const booleans: [string, string | null, Partial<FieldSpec>, boolean][] = [
  ['a class among others', 'cmt is-deleted', { attribute: 'class', pattern: '(^|\\s)is-deleted(\\s|$)' }, true],
  ['a class that only starts the same', 'cmt is-deleted-not', { attribute: 'class', pattern: '(^|\\s)is-deleted(\\s|$)' }, false],
  ['a text', '삭제된 댓글입니다.', { selector: '.msg', pattern: '삭제된 댓글' }, true],
  ['another text', '작성자가 수정한 댓글', { selector: '.msg', pattern: '삭제된 댓글' }, false],
  ['an element that exists, without a pattern', '', { selector: '.gone' }, true],
  ['no element', null, { selector: '.gone' }, false],
];
for (const [name, raw, spec, want] of booleans) test(`boolean field: ${name}`, () => assert.is(readBoolean(raw, f(spec)), want));

test('text fields: one line, or with its line breaks', () => {
  assert.equal(readText('  ab**\n ', f({})), { ok: true, value: 'ab**' });
  assert.equal(readText('첫 줄\n  둘째 줄 ', f({}), true), { ok: true, value: '첫 줄\n둘째 줄' });
});

test('where a field is, in words', () => {
  assert.is(describeField(f({ attribute: 'id', pattern: '^c-(\\d+)$' }), 'li.cmt'), 'attribute id of li.cmt (pattern ^c-(\\d+)$)');
  assert.is(describeField(f({ selector: '.like' })), 'the text of .like');
  assert.is(fieldSet(f({})), false);
  assert.is(fieldSet(f({ attribute: 'id' })), true);
});

test.run();
