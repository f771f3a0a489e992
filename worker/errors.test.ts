import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyError, httpStatusError, permanent } from './errors.js';

const cases: [string, unknown, 'retryable' | 'permanent'][] = [
  ['a collect error keeps its kind', permanent('layout-changed', 'layout changed'), 'permanent'],
  ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'retryable'],
  ['a WebDriver timeout', Object.assign(new Error('Waiting for element'), { name: 'TimeoutError' }), 'retryable'],
  ['a lost session', Object.assign(new Error('invalid session id'), { name: 'NoSuchSessionError' }), 'retryable'],
  ['a Chrome network error', new Error('unknown error: net::ERR_CONNECTION_RESET'), 'retryable'],
];
for (const [name, e, kind] of cases) test(`classify: ${name}`, () => assert.is(classifyError(e).kind, kind));

const statuses: [number, 'retryable' | 'permanent'][] = [
  [429, 'retryable'],
  [500, 'retryable'],
  [503, 'retryable'],
  [400, 'permanent'],
  [403, 'permanent'],
  [404, 'permanent'],
];
for (const [s, kind] of statuses) test(`HTTP ${s} is ${kind}`, () => assert.is(httpStatusError(s, 'x').kind, kind));

test.run();
