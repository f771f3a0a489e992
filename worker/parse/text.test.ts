import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bodyText, cleanMultiline, cleanText, decodeEntities, parseCount, stripTags } from './text.js';

const cases: [string, () => unknown, unknown][] = [
  ['API highlight tags and entities are removed', () => stripTags('<b>반도체</b> 수출 &quot;회복&quot; &amp; 전망'), '반도체 수출 "회복" & 전망'],
  ['numeric entities', () => decodeEntities('&#39;a&#x27; &apos;'), "'a' '"],
  ['unknown entities stay', () => decodeEntities('&bogus;'), '&bogus;'],
  ['whitespace is squeezed', () => cleanText('  a \n\t b\u00a0 c '), 'a b c'],
  ['null text is empty', () => cleanText(null), ''],
  ['comment lines are kept', () => cleanMultiline('  첫 줄 \n  둘째  줄\n'), '첫 줄\n둘째 줄'],
  ['counts with separators', () => parseCount(' 1,234 '), 1234],
  ['no count is zero', () => parseCount(null), 0],
];
for (const [name, f, want] of cases) test(name, () => assert.equal(f(), want));

const bodies: [string, string | null, string | null][] = [
  ['paragraphs split by <br><br>', '첫 문단.\n\n둘째  문단. ', '첫 문단.\n\n둘째 문단.'],
  ['paragraphs as blocks', '\n첫 문단.\n둘째 문단.\n', '첫 문단.\n\n둘째 문단.'],
  ['nothing', ' \n ', null],
  ['no body element', null, null],
];
for (const [name, text, want] of bodies) test(`body text: ${name}`, () => assert.is(bodyText(text), want));

test.run();
