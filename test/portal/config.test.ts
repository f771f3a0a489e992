import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPortalConfig } from './config.js';

const NOW = Date.parse('2024-12-01T16:30:00Z'); // 2024-12-02 01:30 KST

test('defaults: loopback, port 18090, seed 42, anchor date = today in Seoul', () => {
  const c = readPortalConfig({}, NOW);
  assert.equal(
    [c.host, c.port, c.seed, c.anchorDate, c.now, c.publicUrl, c.apiClientId, c.apiClientSecret, c.apiDailyQuota],
    ['127.0.0.1', 18090, 42, '2024-12-02', null, null, 'local-client', 'local-secret', 25_000],
  );
});

test('every variable is read', () => {
  const c = readPortalConfig(
    {
      PORTAL_PORT: '0',
      PORTAL_HOST: '0.0.0.0',
      PORTAL_SEED: '7',
      PORTAL_ANCHOR_DATE: '2024-11-30',
      PORTAL_NOW: '2024-11-30T18:00:00+09:00',
      PORTAL_PUBLIC_URL: 'http://portal.local:18090/',
      PORTAL_API_CLIENT_ID: 'id',
      PORTAL_API_CLIENT_SECRET: 'secret',
      PORTAL_API_DAILY_QUOTA: '3',
      PORTAL_COMMENT_DELAY_MS: '0',
      PORTAL_COMMENT_PAGE_SIZE: '50',
      PORTAL_LOG_REQUESTS: 'true',
      PORTAL_LIKES_GROWTH_HOURS: '6',
    },
    NOW,
  );
  assert.equal(c, {
    host: '0.0.0.0',
    port: 0,
    seed: 7,
    anchorDate: '2024-11-30',
    now: Date.parse('2024-11-30T09:00:00Z'),
    publicUrl: 'http://portal.local:18090',
    apiClientId: 'id',
    apiClientSecret: 'secret',
    apiDailyQuota: 3,
    commentDelayMs: 0,
    commentPageSize: 50,
    logRequests: true,
    likesGrowthHours: 6,
  });
});

test('a frozen clock also sets the default anchor date', () => {
  assert.is(readPortalConfig({ PORTAL_NOW: '2024-10-01T23:30:00Z' }, NOW).anchorDate, '2024-10-02');
});

test('bad values name the variable', () => {
  const cases: [string, string][] = [
    ['PORTAL_PORT', '70000'],
    ['PORTAL_PORT', 'http'],
    ['PORTAL_SEED', '-1'],
    ['PORTAL_ANCHOR_DATE', '2024.12.02'],
    ['PORTAL_ANCHOR_DATE', '2024-02-30'],
    ['PORTAL_NOW', 'tomorrow'],
    ['PORTAL_PUBLIC_URL', 'ftp://x'],
    ['PORTAL_API_DAILY_QUOTA', '1.5'],
    ['PORTAL_LIKES_GROWTH_HOURS', '-6'],
  ];
  for (const [name, value] of cases) {
    assert.throws(
      () => readPortalConfig({ [name]: value }, NOW),
      (err: Error) => err.message.startsWith(`${name}=`),
      `${name}=${value}`,
    );
  }
});

test.run();
