import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atBottom, hideInternal, logSummary } from './log-lines.js';

const hides: [string, string, string][] = [
  ['a pod address with a port and path', 'GET http://10.244.0.1:18090/news/search?q=x failed', 'GET [내부 주소] failed'],
  ['a service name in the cluster', 'connect to amqp://guest@rabbitmq.newsroom.svc:5672 refused', 'connect to [내부 주소] refused'],
  ['a cluster.local host', 'hub http://selenium-hub.grid.svc.cluster.local:4444/wd/hub timed out', 'hub [내부 주소] timed out'],
  ['a private 192.168 address', 'fetched https://192.168.3.7/a', 'fetched [내부 주소]'],
  ['a bare address with its port', 'node 172.20.1.9:5555 gone', 'node [내부 주소] gone'],
  ['a bare pod address', 'from 10.1.2.3 blocked', 'from [내부 주소] blocked'],
  ['localhost', 'see http://localhost:8080/x', 'see [내부 주소]'],
  [
    'a public portal address stays',
    'read https://n.news.example.com/article/001/0000012345',
    'read https://n.news.example.com/article/001/0000012345',
  ],
  ['a public address that starts like a private one stays', 'read https://172.32.0.1/x and 11.0.0.1', 'read https://172.32.0.1/x and 11.0.0.1'],
  ['a version number is no address', 'worker 10.2.3 started', 'worker 10.2.3 started'],
];
for (const [name, input, want] of hides) test(`internal addresses: ${name}`, () => assert.is(hideInternal(input, 'ko'), want));

test('internal addresses: worded in English too', () => assert.is(hideInternal('GET http://10.0.0.1:1/x', 'en'), 'GET [internal address]'));

test('summary: counts lines, warnings and errors in either language', () => {
  assert.is(logSummary(['info', 'warn', 'error', 'info'], 'ko'), '새 로그 4줄, 경고 1, 오류 1');
  assert.is(logSummary(['info'], 'en'), '1 new log line');
  assert.is(logSummary(['info', 'warn', 'warn'], 'en'), '3 new log lines, 2 warnings');
  assert.is(logSummary([], 'en'), '');
});

test('follow: at the bottom within a few pixels, not when scrolled up', () => {
  assert.ok(atBottom({ scrollTop: 680, scrollHeight: 1000, clientHeight: 300 }));
  assert.not.ok(atBottom({ scrollTop: 400, scrollHeight: 1000, clientHeight: 300 }));
});

test.run();
