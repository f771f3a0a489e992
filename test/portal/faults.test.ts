import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decide, FaultBoard, parseFaultRule, ruleMatches, type FaultRequest } from './faults.js';

const req = (path: string, query = '', method = 'GET'): FaultRequest => ({ method, path, query });

test('parseFaultRule: defaults and validation', () => {
  const slow = parseFaultRule({ action: 'slow', path: '^/search' }, 'f1');
  assert.is(slow.delayMs, 1000);
  assert.is(slow.remaining, null);
  assert.is(parseFaultRule({ action: 'status' }, 'f2').status, 500);
  assert.is(parseFaultRule({ action: 'block' }, 'f3').status, 403);
  assert.is(parseFaultRule({ action: 'status', status: 429, count: 2 }, 'f4').remaining, 2);
  const bad: [string, unknown][] = [
    ['not an object', 'slow'],
    ['unknown action', { action: 'explode' }],
    ['bad regex', { action: 'reset', path: '(' }],
    ['times 0', { action: 'reset', times: 0 }],
    ['block with 500', { action: 'block', status: 500 }],
    ['status out of range', { action: 'status', status: 99 }],
    ['negative delay', { action: 'slow', delayMs: -1 }],
  ];
  for (const [name, input] of bad) assert.throws(() => parseFaultRule(input, 'x'), undefined, name);
});

test('ruleMatches: path regex, query substring (raw or decoded), method', () => {
  const rule = parseFaultRule({ action: 'status', path: '^/search\\.naver$', query: 'query=반도체' }, 'f1');
  assert.ok(ruleMatches(rule, req('/search.naver', 'where=news&query=%EB%B0%98%EB%8F%84%EC%B2%B4&start=1')));
  assert.ok(ruleMatches(rule, req('/search.naver', 'query=반도체')));
  assert.not.ok(ruleMatches(rule, req('/search.naver', 'query=%EA%B8%88%EB%A6%AC')));
  assert.not.ok(ruleMatches(rule, req('/search.naverx', 'query=반도체')));
  const post = parseFaultRule({ action: 'reset', method: 'post' }, 'f2');
  assert.ok(ruleMatches(post, req('/anything', '', 'POST')));
  assert.not.ok(ruleMatches(post, req('/anything')));
});

test('decide: slow rules add up, the first other rule decides, times expire', () => {
  const board = new FaultBoard();
  board.add({ action: 'slow', path: '^/mnews/', delayMs: 200 });
  board.add({ action: 'slow', path: 'comment', delayMs: 50, times: 1 });
  board.add({ action: 'status', path: '^/mnews/article/comment/', status: 503, times: 2 });
  board.add({ action: 'markup', path: '^/mnews/' });
  const comment = req('/mnews/article/comment/801/0000000001');
  const first = board.decide(comment);
  assert.is(first.delayMs, 250);
  assert.is(first.rule?.status, 503);
  const second = board.decide(comment);
  assert.is(second.delayMs, 200);
  assert.is(second.rule?.action, 'status');
  const third = board.decide(comment);
  assert.is(third.rule?.action, 'markup');
  assert.is(board.decide(req('/search.naver')).rule, null);
  const listed = board.list();
  assert.equal(
    listed.map((r) => [r.id, r.matched, r.remaining]),
    [
      ['f1', 3, null],
      ['f2', 1, 0],
      ['f3', 2, 0],
      ['f4', 1, null],
    ],
  );
});

test('decide over a plain list, and the board can remove and clear', () => {
  const rules = [parseFaultRule({ action: 'reset', times: 1 }, 'a')];
  assert.is(decide(rules, req('/x')).rule?.id, 'a');
  assert.is(decide(rules, req('/x')).rule, null);
  const board = new FaultBoard();
  const r = board.add({ action: 'block' });
  board.add({ action: 'reset' });
  assert.ok(board.remove(r.id));
  assert.not.ok(board.remove(r.id));
  assert.is(board.list().length, 1);
  board.clear();
  assert.is(board.list().length, 0);
});

test.run();
