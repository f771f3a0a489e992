// The console's files: the page with its Content-Security-Policy and no caching, hashed assets cached
// for a year and sent compressed from the build's copies, and a plain 503 when the console is not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import consolePlugin, { CONSOLE_CSP } from './console.js';

const root = mkdtempSync(join(tmpdir(), 'console-'));
mkdirSync(join(root, 'assets'));
const script = 'console.log("' + 'x'.repeat(2000) + '")';
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/app-ABC.js"></script>');
writeFileSync(join(root, 'assets', 'app-ABC.js'), script);
writeFileSync(join(root, 'assets', 'app-ABC.js.br'), brotliCompressSync(script));
writeFileSync(join(root, 'assets', 'app-ABC.js.gz'), gzipSync(script));

const built = Fastify();
await built.register(consolePlugin, { root });
const missing = Fastify();
await missing.register(consolePlugin, { root: join(root, 'nothing') });
test.after(async () => {
  await built.close();
  await missing.close();
  rmSync(root, { recursive: true, force: true });
});

test('the page: strict CSP without inline script, revalidated every time', async () => {
  const res = await built.inject({ url: '/' });
  assert.is(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.is(res.headers['content-security-policy'], CONSOLE_CSP);
  assert.match(CONSOLE_CSP, /script-src 'self'/);
  assert.not.match(CONSOLE_CSP, /unsafe-inline|unsafe-eval|\*/);
  assert.match(CONSOLE_CSP, /frame-ancestors 'none'/);
  assert.is(res.headers['cache-control'], 'no-cache');
  assert.is(res.headers['x-content-type-options'], 'nosniff');
});

test('an asset: a year, immutable, brotli when accepted, gzip otherwise, plain last', async () => {
  const br = await built.inject({ url: '/assets/app-ABC.js', headers: { 'accept-encoding': 'br, gzip' } });
  assert.is(br.statusCode, 200);
  assert.is(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers['cache-control']), /max-age=31536000/);
  assert.match(String(br.headers['cache-control']), /immutable/);
  assert.ok(Number(br.headers['content-length']) < script.length / 10, 'the compressed copy is sent');
  const gz = await built.inject({ url: '/assets/app-ABC.js', headers: { 'accept-encoding': 'gzip' } });
  assert.is(gz.headers['content-encoding'], 'gzip');
  const plain = await built.inject({ url: '/assets/app-ABC.js', headers: { 'accept-encoding': 'identity' } });
  assert.is(plain.headers['content-encoding'], undefined);
  assert.is(plain.body, script);
});

test('an unknown asset is 404; the folder is not listed', async () => {
  assert.is((await built.inject({ url: '/assets/nope.js' })).statusCode, 404);
  const dir = await built.inject({ url: '/assets/' });
  assert.ok(dir.statusCode === 403 || dir.statusCode === 404, String(dir.statusCode));
  assert.not.match(dir.body, /app-ABC/);
});

test('not built: / says how to build it', async () => {
  const res = await missing.inject({ url: '/' });
  assert.is(res.statusCode, 503);
  assert.match(res.body, /npm run build/);
});

test.run();
