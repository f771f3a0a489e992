import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { corpus, NOW } from './fixtures.js';
import { handleOpenApi, OpenApiQuota, type OpenApiContext } from './open-api.js';
import { NAVER } from './skins.js';

const AUTH = { 'x-naver-client-id': 'local-client', 'x-naver-client-secret': 'local-secret' };

function ctx(quota = new OpenApiQuota(25_000)): OpenApiContext {
  return {
    corpus: corpus(),
    now: NOW,
    base: 'http://portal.test',
    skin: NAVER,
    credentials: { clientId: 'local-client', clientSecret: 'local-secret' },
    quota,
  };
}

function call(query: string, headers: Record<string, string> = AUTH, c = ctx()): { status: number; body: Record<string, unknown> } {
  const reply = handleOpenApi(c, new URLSearchParams(query), headers);
  return { status: reply.status, body: JSON.parse(String(reply.body)) as Record<string, unknown> };
}

const kw = (): string => encodeURIComponent(corpus().keywords[0]!);

test('errors: credentials, then parameters', () => {
  const cases: [string, string, Record<string, string>, number, string][] = [
    ['no credentials', `query=${kw()}`, {}, 401, '024'],
    ['wrong secret', `query=${kw()}`, { ...AUTH, 'x-naver-client-secret': 'nope' }, 401, '024'],
    ['missing query', 'display=10', AUTH, 400, 'SE01'],
    ['blank query', 'query=%20', AUTH, 400, 'SE01'],
    ['display 0', `query=${kw()}&display=0`, AUTH, 400, 'SE02'],
    ['display 101', `query=${kw()}&display=101`, AUTH, 400, 'SE02'],
    ['display not a number', `query=${kw()}&display=ten`, AUTH, 400, 'SE02'],
    ['start 0', `query=${kw()}&start=0`, AUTH, 400, 'SE03'],
    ['start 1001', `query=${kw()}&start=1001`, AUTH, 400, 'SE03'],
    ['bad sort', `query=${kw()}&sort=new`, AUTH, 400, 'SE04'],
  ];
  for (const [name, query, headers, status, code] of cases) {
    const r = call(query, headers);
    assert.is(r.status, status, name);
    assert.is(r.body['errorCode'], code, name);
    assert.type(r.body['errorMessage'], 'string', name);
  }
});

test('limits that are allowed: display 100, start 1000', () => {
  assert.is(call(`query=${kw()}&display=100&start=1000`).status, 200);
});

test('daily quota: 429 once the calls of the KST day are used up', () => {
  const c = ctx(new OpenApiQuota(2));
  assert.is(call(`query=${kw()}`, AUTH, c).status, 200);
  assert.is(call(`query=${kw()}`, AUTH, c).status, 200);
  const r = call(`query=${kw()}`, AUTH, c);
  assert.is(r.status, 429);
  assert.is(r.body['errorCode'], '010');
  assert.equal(c.quota.usage(NOW), { 'local-client': 2 });
});

test('response: highlight tags, entities, RFC 822 dates, portal or publisher link', () => {
  const r = call(`query=${kw()}&display=100&sort=date`);
  assert.is(r.status, 200);
  const body = r.body as { lastBuildDate: string; total: number; start: number; display: number; items: Record<string, string>[] };
  assert.is(body.lastBuildDate, 'Mon, 02 Dec 2024 15:00:00 +0900');
  assert.ok(body.total > 100);
  assert.is(body.start, 1);
  assert.is(body.display, 100);
  const keyword = corpus().keywords[0]!;
  let portal = 0;
  const times: number[] = [];
  for (const item of body.items) {
    assert.ok(item['title']!.includes(`<b>${keyword}</b>`) || item['description']!.includes(`<b>${keyword}</b>`));
    assert.not.ok(/["<>](?!\/?b>)/.test(item['title']!.replace(/<\/?b>/g, '')), 'title is entity-encoded');
    assert.match(item['pubDate']!, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0900$/);
    assert.match(item['originallink']!, /^http:\/\/portal\.test\/outlet\/[a-z]+\.example\//);
    if (item['link']!.startsWith('http://portal.test/mnews/article/')) portal++;
    else assert.is(item['link'], item['originallink']);
    times.push(Date.parse(item['pubDate']!));
  }
  assert.ok(portal > 0 && portal < body.items.length);
  assert.equal(
    times,
    times.slice().sort((a, b) => b - a),
  );
});

test('entities: &quot; &amp; &lt; &gt; &apos; appear encoded', () => {
  const r = call(`query=${encodeURIComponent('R&D')}&display=100`);
  const items = (r.body as { items: { title: string }[] }).items;
  assert.ok(items.length > 0);
  assert.ok(items.every((i) => i.title.includes('<b>R&amp;D</b>')));
  const quoted = call(`query=${encodeURIComponent('"')}&display=100`);
  assert.ok((quoted.body as { items: { title: string }[] }).items.some((i) => i.title.includes('<b>&quot;</b>')));
});

test('paging through the API covers the whole result set', () => {
  const first = call(`query=${kw()}&display=100&start=1&sort=date`).body as { total: number; items: { link: string; originallink: string }[] };
  const keys = new Set<string>();
  for (let start = 1; start <= Math.min(first.total, 1000); start += 100) {
    const page = call(`query=${kw()}&display=100&start=${start}&sort=date`).body as { items: { originallink: string }[] };
    for (const i of page.items) keys.add(i.originallink);
  }
  assert.is(keys.size, Math.min(first.total, 1099));
});

test.run();
