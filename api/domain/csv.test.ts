import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contentDisposition, likeContains, neutralise, neutraliseSql } from './csv.js';

const cells: [string, string, string][] = [
  ['a formula', '=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
  ['a plus', '+1+1', `'+1+1`],
  ['a minus', '-2+3', `'-2+3`],
  ['an at sign', '@SUM(A1)', `'@SUM(A1)`],
  ['a leading tab', '\t=1', `'\t=1`],
  ['a leading carriage return', '\r=1', `'\r=1`],
  ['Korean text stays as it is', '정말 좋은 기사네요', '정말 좋은 기사네요'],
  ['a formula sign later in the text is harmless', 'a=b', 'a=b'],
];
for (const [name, input, want] of cells) test(`neutralise: ${name}`, () => assert.is(neutralise(input), want));

test('the SQL form of the rule names the same characters', () => {
  assert.is(neutraliseSql('c.text'), "CASE WHEN left(c.text, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || c.text ELSE c.text END");
});

test('Content-Disposition: an ASCII fallback and the full UTF-8 name', () => {
  assert.is(
    contentDisposition('comments-반도체-2024.csv'),
    `attachment; filename="comments-_-2024.csv"; filename*=UTF-8''comments-%EB%B0%98%EB%8F%84%EC%B2%B4-2024.csv`,
  );
  const evil = contentDisposition('../../etc/passwd"\r\nX-Injected: 1.csv');
  assert.not.match(evil, /[\r\n]/);
  assert.not.match(evil.split(';')[1]!, /\.\.\//);
  assert.match(evil, /^attachment; filename="etc_passwd_X-Injected_1.csv"/);
});

test('LIKE patterns escape the wildcards', () => assert.is(likeContains('50%_off\\'), '%50\\%\\_off\\\\%'));

test.run();
