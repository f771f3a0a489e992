// The informer's restart paths against a local HTTP server that speaks the list/watch protocol and
// misbehaves on purpose: a watch that goes quiet (watchdog), a 410 Gone (relist, with the deletes and
// adds of the difference), a dropped connection, and a server that is down for a while.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8s } from './client.js';
import { Informer, type InformerEvent } from './informer.js';
import { KubeRest, type KubeObject } from './rest.js';

type Mode = 'quiet' | 'gone' | 'drop' | 'stream';

/** A fake collection: objects by name, a resourceVersion counter, and how the next watch behaves. */
class FakeServer {
  objects = new Map<string, KubeObject>();
  rv = 1;
  mode: Mode = 'stream';
  lists = 0;
  watches = 0;
  watchers = new Set<http.ServerResponse>();
  server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  put(name: string): KubeObject {
    const obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'ns', resourceVersion: String(++this.rv), managedFields: [{ manager: 'x' }] },
    };
    this.objects.set(name, obj);
    for (const w of this.watchers) w.write(JSON.stringify({ type: 'ADDED', object: obj }) + '\n');
    return obj;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://x');
    if (url.searchParams.get('watch') !== '1') {
      this.lists++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [...this.objects.values()], metadata: { resourceVersion: String(this.rv) } }));
      return;
    }
    this.watches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    if (this.mode === 'gone') {
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } }) + '\n');
      return;
    }
    if (this.mode === 'drop') {
      res.destroy();
      return;
    }
    this.watchers.add(res);
    res.on('close', () => this.watchers.delete(res));
    // 'quiet': the connection stays open and nothing is ever written.
  }
}

function restFor(port: number): KubeRest {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
    currentContext: 'c',
  });
  return new KubeRest(kc);
}

async function until(what: string, fn: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setUp(o: { watchdogMs?: number } = {}) {
  const server = new FakeServer();
  await server.listen();
  server.put('a');
  const rest = restFor(server.port);
  const events: [InformerEvent, string][] = [];
  const restarts: string[] = [];
  const informer = new Informer<KubeObject>(rest, {
    path: '/api/v1/namespaces/ns/configmaps',
    resyncMs: 0,
    watchdogMs: o.watchdogMs ?? 60_000,
    backoffInitialMs: 50,
    backoffMaxMs: 200,
    onRestart: (r) => restarts.push(r),
  });
  informer.on((e, obj) => events.push([e, obj.metadata!.name!]));
  informer.start();
  await informer.waitForSync();
  const t = {
    server,
    rest,
    informer,
    events,
    restarts,
    async done() {
      await informer.stop();
      rest.close();
      await t.server.close().catch(() => undefined);
    },
  };
  return t;
}

test('lists, then follows the watch; managedFields are not cached', async () => {
  const t = await setUp();
  try {
    await until('the watch', () => t.server.watches === 1);
    t.server.put('b');
    await until('b added', () => t.informer.get('ns/b') !== undefined);
    assert.equal(t.events, [
      ['add', 'a'],
      ['add', 'b'],
    ]);
    assert.is(t.informer.get('ns/a')!.metadata!.managedFields, undefined);
  } finally {
    await t.done();
  }
});

test('410 Gone: relists and emits the difference (deletes and adds)', async () => {
  const t = await setUp();
  try {
    await until('the watch', () => t.server.watches === 1);
    // While no watch can follow, a disappears and c appears; the next watch answers 410.
    for (const w of t.server.watchers) w.destroy();
    t.server.mode = 'gone';
    t.server.objects.delete('a');
    t.server.put('c');
    await until('a relist', () => t.server.lists >= 2);
    t.server.mode = 'stream';
    await until('c added and a deleted', () => t.informer.get('ns/c') !== undefined && t.informer.get('ns/a') === undefined);
    assert.ok(t.restarts.includes('gone'), `restarts: ${t.restarts.join(',')}`);
    assert.ok(t.events.some(([e, n]) => e === 'delete' && n === 'a'));
    assert.ok(t.events.some(([e, n]) => e === 'add' && n === 'c'));
  } finally {
    await t.done();
  }
});

test('watchdog: a watch quiet for longer than the watchdog period is restarted', async () => {
  const t = await setUp({ watchdogMs: 300 });
  try {
    t.server.mode = 'quiet';
    await until('a watchdog restart', () => t.restarts.includes('watchdog') && t.server.watches >= 2, 8_000);
    t.server.mode = 'stream';
    await until('a streaming watch', () => t.server.watchers.size > 0, 8_000);
    t.server.put('d');
    await until('d added', () => t.informer.get('ns/d') !== undefined);
  } finally {
    await t.done();
  }
});

test('a dropped connection and a server down for a while: the informer retries and catches up', async () => {
  const t = await setUp();
  try {
    await until('the watch', () => t.server.watches === 1);
    t.server.mode = 'drop';
    for (const w of t.server.watchers) w.destroy();
    await until('restarted after the drop', () => t.server.watches >= 3);
    const port = t.server.port;
    await t.server.close();
    const down = t.restarts.length;
    await until('failed attempts while down', () => t.restarts.length >= down + 2);
    // Back on the same port: the informer watches again (from its resourceVersion) and follows.
    const again = new FakeServer();
    again.objects = t.server.objects;
    again.rv = t.server.rv;
    t.server = again;
    await again.listen(port);
    await until('a watch on the new server', () => again.watchers.size > 0, 8_000);
    again.put('e');
    await until('e seen after the server came back', () => t.informer.get('ns/e') !== undefined);
    assert.ok(t.restarts.includes('error'));
    assert.ok(t.informer.get('ns/a'), 'the cache kept a');
  } finally {
    await t.done();
  }
});

test.run();
