import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRobots, robotsAllow } from './robots.js';

const TXT = `# outlet robots
User-agent: *
Disallow: /members/
Disallow: /*.pdf$
Allow: /members/public/

User-agent: BadBot
User-agent: OtherBot
Disallow: /

User-agent: newsroom-collector
Disallow: /opinion/
Disallow:
`;

const cases: [string, string, string, string, boolean][] = [
  ['nothing matches: allowed', TXT, 'SomeBot', '/news/articleView.html?idxno=1', true],
  ['a disallowed prefix', TXT, 'SomeBot', '/members/list', false],
  ['a longer allow beats a shorter disallow', TXT, 'SomeBot', '/members/public/a', true],
  ['a wildcard with an end anchor', TXT, 'SomeBot', '/files/report.pdf', false],
  ['the anchor: more after .pdf is not matched', TXT, 'SomeBot', '/files/report.pdf?x=1', true],
  ['a named group applies instead of *', TXT, 'newsroom-collector/1.0', '/members/list', true],
  ['and its own rules apply', TXT, 'newsroom-collector', '/opinion/1', false],
  ['two user agents sharing a group', TXT, 'OtherBot', '/news/1', false],
  ['an empty file allows everything', '', 'x', '/a', true],
  ['Disallow: / for everyone', 'User-agent: *\nDisallow: /', 'x', '/news/1', false],
  ['an equal-length tie goes to allow', 'User-agent: *\nDisallow: /a\nAllow: /a', 'x', '/a/1', true],
];
for (const [name, txt, ua, path, want] of cases) test(`robots.txt: ${name}`, () => assert.is(robotsAllow(parseRobots(txt), ua, path), want));

test.run();
