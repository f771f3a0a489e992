import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldMessage, formErrors, formField } from './field-errors.js';

const cases: [string, Parameters<typeof fieldMessage>[0], string, string][] = [
  [
    'a reversed range on the end date',
    { field: 'end_date', code: 'range-reversed', message: 'dateRange.from must not be after dateRange.to' },
    '시작일이 종료일보다 늦습니다. 시작일을 종료일과 같거나 앞선 날로 정해 주세요.',
    'The start date is after the end date; choose a start on or before the end.',
  ],
  [
    'no keyword given',
    { field: 'keywords', code: 'too-few', limit: 1, message: 'must NOT have fewer than 1 items' },
    '키워드를 1개 이상 넣어 주세요.',
    'Add at least 1 keyword.',
  ],
  [
    'a waiting range upside down',
    { field: 'min_delay', code: 'delay-reversed', message: 'requestDelay.minMs must not exceed requestDelay.maxMs' },
    '최소 대기 시간이 최대 대기 시간보다 깁니다.',
    'The shortest wait is longer than the longest wait.',
  ],
  [
    'a bound from the API is named',
    { field: 'max_articles', code: 'too-large', limit: 5000, message: 'must be <= 5000' },
    '5000 이하여야 합니다.',
    'Must be at most 5000.',
  ],
  [
    'the accepted values are listed',
    { field: 'method', code: 'not-allowed', allowed: ['search', 'api'], message: 'must be one of search, api' },
    '다음 중 하나여야 합니다: search, api',
    'Must be one of: search, api',
  ],
  [
    'the third URL is named as the third line',
    { field: 'article_urls.2', code: 'not-a-url', message: 'must be an http or https URL' },
    '3번째: http:// 또는 https:// 로 시작하는 주소여야 합니다.',
    'Item 3: Must be an address starting with http:// or https://.',
  ],
  [
    'a code the console does not know keeps the API words',
    { field: 'x', code: 'tomorrow', message: 'is odd' },
    '올바르지 않은 값입니다 (is odd)',
    'Not valid (is odd)',
  ],
  ['an old gateway without codes keeps the API words', { field: 'x', message: 'is odd' }, '올바르지 않은 값입니다 (is odd)', 'Not valid (is odd)'],
];
for (const [name, e, ko, en] of cases)
  test(`field message: ${name}`, () => {
    assert.is(fieldMessage(e, 'ko'), ko);
    assert.is(fieldMessage(e, 'en'), en);
  });

test('field errors: a field that is a list item or a dotted path belongs to the form field', () => {
  assert.is(formField('keywords.1'), 'keywords');
  assert.is(formField('keyword'), 'keywords');
  assert.is(formField('spec/x'), 'spec');
  assert.equal(
    formErrors(
      [
        { field: 'keywords.0', code: 'empty', message: 'must not be empty' },
        { field: 'keywords', code: 'repeated', message: 'must not repeat a keyword' },
      ],
      'en',
    ),
    { keywords: 'Item 1: Must not be empty. The same value appears twice.' },
  );
});

test.run();
