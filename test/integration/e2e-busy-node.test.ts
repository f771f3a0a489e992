// A busy Selenium node survives a scale-down, end to end: a backlog makes the CollectorPool add two Grid
// nodes (pods KWOK runs, real Grid node processes from the development pod runner, registered with the
// stack's hub); a WebDriver session opened through the hub lands on one of them and stays open while the
// backlog goes away. The pool then lowers the node Deployment by one: it drains only the idle node, gives
// the busy node's pod the high deletion cost, and the real ReplicaSet controller removes the other pod;
// the session keeps answering commands, also after a further stabilization window. Once the session is
// quit, the last node is drained and its pod removed. The session is found a pool node without touching
// the stack's own node: sessions that land there are quit at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { topologyNames } from '../../lib/amqp/topology.js';
import { createLogger } from '../../lib/log.js';
import { ANNOTATION_GRID_NODE } from '../../operator/controllers/collectorpool.js';
import { GridClient, nodeAddress, type GridNode } from '../../operator/grid/client.js';
import { chromeOptions } from '../../worker/browser/session.js';
import { PodRunner } from '../runner/pod-runner.js';
import { createRegistrationSecret, isolatedSuite, type Suite } from '../harness/stack.js';
import { pods, poolStatus, replicas } from './autoscale-support.js';
import { createFleet, seleniumDir } from './e2e-support.js';
import { Kube, operatorEnv, sleep, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { freePort } from './worker-support.js';

const WINDOW_S = 5;
let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let runner: PodRunner;
let logDir: string;
let grid: GridClient;
const drivers: WebDriver[] = [];
let stopWatching = () => {};

test.before(async () => {
  try {
    suite = await isolatedSuite('e2e-busy-node');
    kube = new Kube(suite);
    grid = new GridClient(suite.env.SELENIUM_GRID_URL);
    const dir = seleniumDir();
    if (!dir) throw new Error('no Selenium Grid in the cache (run make setup)');
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 9, quota: { inFlightTasks: 50 } });
    await createRegistrationSecret(suite);
    // Up to 3 workers (6 slots) make a backlog of 12 tasks need 6 sessions: 2 nodes beyond the stack's own.
    await createFleet(kube.rest, suite.namespace, {
      workers: { min: 1, max: 3 },
      nodes: { min: 0, max: 2 },
      windowSeconds: WINDOW_S,
      gridUrl: suite.env.SELENIUM_GRID_URL,
      registrationSecret: 'selenium-registration',
    });
    op = startOperator(operatorEnv(suite));
    await op.port();
    logDir = mkdtempSync(join(tmpdir(), 'e2e-busy-node-'));
    // Grid nodes only: no worker process consumes the backlog, so it stays until the test removes it.
    runner = new PodRunner({
      rest: kube.rest,
      log: createLogger('e2e-runner', 'error'),
      namespace: suite.namespace,
      workerDeployment: 'worker',
      nodeDeployment: 'chrome',
      workerEnv: suite.programEnv(),
      workerSlots: 2,
      maxWorkers: 0,
      maxNodes: 2,
      sessionsPerNode: 2,
      basePort: await freePort(),
      gridUrl: suite.env.SELENIUM_GRID_URL,
      registrationSecret: suite.env.SELENIUM_REGISTRATION_SECRET ?? '',
      seleniumDir: dir,
      logDir,
    });
    runner.start();
    await waitFor('the pool status', async () => (await poolStatus(kube.rest, suite.namespace, 'fleet'))?.workers?.current === 1, 30_000);
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  stopWatching();
  for (const d of drivers) await d.quit().catch(() => undefined);
  await runner?.close();
  await kube?.cleanup([suite.namespace]);
  await op?.stop();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
  await suite?.cleanup();
});

/** The Grid node of each Running node pod (by the runner's annotation), once it has registered. */
async function podNodes(): Promise<Map<string, GridNode>> {
  const list = await kube.rest.get<{
    items: { metadata: { name: string; annotations?: Record<string, string>; deletionTimestamp?: string }; status?: { phase?: string } }[];
  }>(`/api/v1/namespaces/${suite.namespace}/pods`, { labelSelector: 'app.kubernetes.io/instance=chrome' });
  const nodes = (await grid.state()).nodes;
  const out = new Map<string, GridNode>();
  for (const p of list.items) {
    const a = p.metadata.annotations?.[ANNOTATION_GRID_NODE];
    const n = a ? nodes.find((x) => nodeAddress(x.uri) === a) : undefined;
    if (n && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp) out.set(p.metadata.name, n);
  }
  return out;
}

/** The URI of the Grid node holding a session (the hub's GraphQL view). */
async function sessionNodeUri(id: string): Promise<string | undefined> {
  const res = await fetch(`${suite.env.SELENIUM_GRID_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ sessionsInfo { sessions { id nodeUri } } }' }),
  });
  const body = (await res.json()) as { data?: { sessionsInfo?: { sessions?: { id: string; nodeUri: string }[] } } };
  return body.data?.sessionsInfo?.sessions?.find((s) => s.id === id)?.nodeUri;
}

const operatorSaid = (msg: string, pod: string) =>
  op
    .output()
    .split('\n')
    .some((l) => l.includes(msg) && l.includes(`"pod":"${pod}"`));

test('a Grid node the pool added keeps its running session through a scale-down; the idle one is drained and removed', async () => {
  const ns = suite.namespace;
  // A backlog nobody consumes: 12 tasks; the pool adds 2 Selenium nodes, the runner starts their Grid nodes.
  await kube.createJob('backlog', {
    type: 'Metadata',
    method: 'api',
    keywords: ['busynode'],
    dateRange: { from: '2024-03-01', to: '2024-03-12' },
    parallelism: 12,
  });
  await waitFor('Selenium nodes raised to 2', async () => (await replicas(kube.rest, ns, 'chrome')) === 2, 30_000, 200);
  const registered = Date.now();
  const nodes = await waitFor(
    'both Grid nodes of the pool registered and UP',
    async () => {
      const m = await podNodes();
      return m.size === 2 && [...m.values()].every((n) => n.status === 'UP') ? m : undefined;
    },
    180_000,
    1000,
  );
  console.log(`two Grid nodes of the pool UP ${Math.round((Date.now() - registered) / 1000)} s after the replicas were raised`);

  // A session through the hub that lands on a pool node; one landing elsewhere is quit at once.
  const poolUris = new Map([...nodes].map(([pod, n]) => [n.uri, pod]));
  let driver: WebDriver | undefined;
  let busyPod = '';
  for (let i = 0; i < 4 && !driver; i++) {
    const d = await new Builder()
      .disableEnvironmentOverrides()
      .usingServer(suite.env.SELENIUM_GRID_URL)
      .forBrowser('chrome')
      .setChromeOptions(chromeOptions())
      .build();
    drivers.push(d);
    const uri = await sessionNodeUri((await d.getSession()).getId());
    if (uri && poolUris.has(uri)) {
      driver = d;
      busyPod = poolUris.get(uri)!;
    }
  }
  for (const d of drivers.filter((x) => x !== driver)) await d.quit().catch(() => undefined);
  if (!driver) throw new Error('no session landed on a Grid node of the pool in 4 tries');
  const otherPod = [...nodes.keys()].find((p) => p !== busyPod)!;
  const busyUri = nodes.get(busyPod)!.uri;
  await driver.get(`${suite.env.PORTAL_URL}/`);
  const title = await driver.getTitle();

  // The backlog goes; only the session is left. Watch the busy node and the pods from here on.
  const seen: string[] = [];
  let lowest = 2;
  let otherCost: string | undefined;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const read = await Promise.all([grid.state().catch(() => undefined), pods(kube.rest, ns, 'chrome'), replicas(kube.rest, ns, 'chrome')]).catch(
        () => undefined,
      );
      if (!read) {
        await sleep(250);
        continue;
      }
      const [g, ps, r] = read;
      const n = g?.nodes.find((x) => x.uri === busyUri);
      if (g && n?.status !== 'UP') seen.push(`busy node ${n?.status ?? 'missing'} at ${new Date().toISOString()}`);
      if (!ps.some((p) => p.name === busyPod && !p.deleting)) seen.push(`busy pod ${busyPod} gone or deleting`);
      const other = ps.find((p) => p.name === otherPod);
      if (other?.cost) otherCost = other.cost;
      lowest = Math.min(lowest, r);
      await sleep(250);
    }
  })();
  stopWatching = () => {
    watching = false;
  };
  await kube.deleteJob('backlog');
  await waitFor('the backlog job gone', async () => !(await kube.getJob('backlog').catch(() => undefined)), 60_000, 200);
  const conn = await amqp.connect(suite.env.AMQP_URL);
  try {
    const ch = await conn.createChannel();
    await ch.purgeQueue(topologyNames(suite.prefix).queue.metadata);
  } finally {
    await conn.close();
  }

  // 2 -> 1: the idle node is drained, its pod removed by the ReplicaSet controller; the busy one stays.
  const lowered = Date.now();
  await waitFor('Selenium nodes lowered to 1', async () => (await replicas(kube.rest, ns, 'chrome')) === 1, (WINDOW_S + 60) * 1000, 200);
  await waitFor(
    'the other node pod removed',
    async () => {
      const ps = await pods(kube.rest, ns, 'chrome');
      return ps.length === 1 && ps[0]!.name === busyPod;
    },
    60_000,
    200,
  );
  console.log(`Selenium nodes 2 -> 1 ${Math.round((Date.now() - lowered) / 1000)} s after the backlog went (window ${WINDOW_S} s)`);
  assert.is((await pods(kube.rest, ns, 'chrome'))[0]!.cost, '1000', 'the busy pod carries the high deletion cost');
  assert.ok(otherCost === '-1001' || otherCost === '-1000', `the idle pod carried a low deletion cost (${otherCost})`);
  assert.ok(operatorSaid('drained an idle Grid node before scale-down', otherPod), 'the idle node was drained');
  assert.ok(!operatorSaid('drained an idle Grid node before scale-down', busyPod), 'the busy node was not drained');
  assert.is(await driver.getTitle(), title, 'the session answers after the scale-down');

  // Held over two more windows: the busy node stays UP, its pod stays, the pool keeps one node.
  await sleep(2 * WINDOW_S * 1000 + 2000);
  await driver.get(`${suite.env.PORTAL_URL}/`);
  assert.is(await driver.executeScript('return 6 * 7'), 42, 'a command on the session still succeeds');
  assert.is(await replicas(kube.rest, ns, 'chrome'), 1);
  const st = await poolStatus(kube.rest, ns, 'fleet');
  assert.is(st?.seleniumNodes?.busy, 1, JSON.stringify(st?.seleniumNodes));
  watching = false;
  await watcher;
  assert.equal(seen, [], 'the busy node stayed UP and its pod stayed while the session ran');
  assert.is(lowest, 1, 'the node Deployment never went below the busy node');
  const events = await kube.events();
  assert.ok(
    events.some((e) => e.reason === 'ScaledDown' && /^Selenium nodes 2 -> 1/.test(e.message)),
    events.map((e) => `${e.reason}: ${e.message}`).join('\n'),
  );

  // The session ends: the last node is drained and removed, its process ended.
  await driver.quit();
  drivers.splice(drivers.indexOf(driver), 1);
  await waitFor('Selenium nodes lowered to 0', async () => (await replicas(kube.rest, ns, 'chrome')) === 0, (WINDOW_S + 60) * 1000, 200);
  await waitFor('the last node pod removed', async () => (await pods(kube.rest, ns, 'chrome')).length === 0, 60_000, 200);
  assert.ok(operatorSaid('drained an idle Grid node before scale-down', busyPod), 'the node was drained once idle');
  await waitFor('no Grid node process left', async () => runner.counts().nodes === 0, 60_000, 200);
  await waitFor(
    'the node gone from the Grid',
    async () => !(await grid.state()).nodes.some((n) => n.uri === busyUri && n.status === 'UP'),
    60_000,
    500,
  );
});

test.run();
