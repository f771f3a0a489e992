// Autoscaling on the release's real pods (the real node only). A backlog makes the chart's CollectorPool
// raise the worker and Chrome node Deployments: the kubelet starts the new pods, they become Ready, the
// new workers take tasks and the new Chrome nodes register with the release's hub. When the backlog is
// gone, a WebDriver session held open through the hub keeps its Chrome node pod: the pool drains the
// idle node pods, the ReplicaSet removes them, and the session keeps answering; the workers come back
// down to the minimum without any task run twice. The pool's bounds and window are narrowed for the
// suite (a 2-core machine starts a few pods in a test's time) and restored afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { stringify } from 'yaml';
import { chromeOptions } from '../../worker/browser/session.js';
import { kubectl, kubectlResult } from '../harness/stack.js';
import { daysBefore } from '../harness/corpus.js';
import { truth } from './e2e-support.js';
import { sleep, waitFor } from './operator-support.js';
import { ensureRelease, fullname, podsOf, podsOverview, realNodeOrNotRun, RELEASE_NS, releaseTasksOf, waitJobComplete } from './release-support.js';

const DEPT_NS = 'dept-economy';
const POOL = 'default';
const WINDOW_S = 10;
const MAX_WORKERS = 3;
const MAX_NODES = 3;

interface PoolSpec {
  workers: { minReplicas: number; maxReplicas: number };
  seleniumNodes: { minReplicas: number; maxReplicas: number };
  scaleDownStabilizationSeconds: number;
}

async function poolSpec(): Promise<PoolSpec> {
  const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'collectorpool', POOL, '-o', 'jsonpath={.spec}']);
  return JSON.parse(stdout) as PoolSpec;
}

async function patchPool(spec: Partial<PoolSpec>): Promise<void> {
  await kubectl(['-n', RELEASE_NS, 'patch', 'collectorpool', POOL, '--type', 'merge', '-p', JSON.stringify({ spec })]);
}

async function specReplicas(deployment: string): Promise<number> {
  const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'deployment', deployment, '-o', 'jsonpath={.spec.replicas}']);
  return Number(stdout);
}

/** The hub's Service address, which kube-proxy's rules route from the host too. */
async function hubUrl(): Promise<string> {
  const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'service', `${fullname}-selenium-hub`, '-o', 'jsonpath={.spec.clusterIP}']);
  return `http://${stdout.trim()}:4444`;
}

/** The Grid's nodes (their pod address and state) and which node holds each session, from the hub. */
async function gridView(hub: string): Promise<{ nodes: { ip: string; status: string }[]; sessions: Map<string, string> }> {
  const res = await fetch(`${hub}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ nodesInfo { nodes { uri status } } sessionsInfo { sessions { id nodeUri } } }' }),
  });
  const body = (await res.json()) as {
    data?: { nodesInfo?: { nodes?: { uri: string; status: string }[] }; sessionsInfo?: { sessions?: { id: string; nodeUri: string }[] } };
  };
  const ip = (uri: string) => new URL(uri).hostname;
  return {
    nodes: (body.data?.nodesInfo?.nodes ?? []).map((n) => ({ ip: ip(n.uri), status: n.status })),
    sessions: new Map((body.data?.sessionsInfo?.sessions ?? []).map((s) => [s.id, ip(s.nodeUri)])),
  };
}

if (await realNodeOrNotRun(1, "autoscaling on the release's pods")) {
  let saved: PoolSpec | undefined;
  let driver: WebDriver | undefined;
  const made: string[] = [];

  test.before(async () => {
    await ensureRelease();
    saved = await poolSpec();
    await patchPool({
      workers: { ...saved.workers, minReplicas: 1, maxReplicas: MAX_WORKERS },
      seleniumNodes: { ...saved.seleniumNodes, minReplicas: 1, maxReplicas: MAX_NODES },
      scaleDownStabilizationSeconds: WINDOW_S,
    });
  });

  test.after(async () => {
    await driver?.quit().catch(() => undefined);
    for (const name of made) await kubectlResult(['-n', DEPT_NS, 'delete', 'coljob', name, '--wait=false']);
    if (saved) await patchPool(saved);
  });

  test('a backlog adds worker and Chrome node pods that take the work; the scale-down keeps the busy node pod', async () => {
    const workerDeploy = `${fullname}-worker`;
    const nodeDeploy = `${fullname}-selenium-node`;
    await waitFor(
      'the fleet at its minimum',
      async () => (await specReplicas(workerDeploy)) === 1 && (await specReplicas(nodeDeploy)) === 1,
      180_000,
      1000,
    );
    const initialWorkers = new Set((await podsOf('worker')).map((p) => p.name));
    const initialNodes = new Set((await podsOf('selenium-node')).map((p) => p.name));

    // Three weeks of one keyword through the browser: more tasks than one worker's slots.
    const { now } = await truth<{ now: string }>('summary');
    const name = `release-scale-${process.pid}`;
    const spec = {
      type: 'Metadata',
      source: 'naver',
      method: 'search',
      keywords: ['환율'],
      dateRange: { from: daysBefore(now, 50), to: daysBefore(now, 30) },
    };
    await kubectl(
      ['apply', '-f', '-'],
      stringify({ apiVersion: 'collection.newsroom.dev/v1alpha1', kind: 'CollectionJob', metadata: { name, namespace: DEPT_NS }, spec }),
    );
    made.push(name);
    const submitted = Date.now();

    // Scale-up: the Deployments raised, new pods Ready, a new worker pod holding a task's lease.
    const raised = await waitFor(
      'the worker and Chrome node Deployments raised',
      async () => ((await specReplicas(workerDeploy)) > 1 && (await specReplicas(nodeDeploy)) > 1 ? Date.now() : undefined),
      120_000,
      250,
    );
    const tookNewWorker = await waitFor(
      'a new worker pod Ready and running a task',
      async () => {
        const ready = new Set((await podsOf('worker')).filter((p) => p.ready && !initialWorkers.has(p.name)).map((p) => p.name));
        return (await releaseTasksOf(DEPT_NS, name)).find((t) => ready.has(t.owner))?.owner;
      },
      240_000,
      500,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await podsOverview()}`);
    });
    const workerAt = Date.now();
    const hub = await hubUrl();
    const newNodes = await waitFor(
      'a new Chrome node pod Ready and registered with the hub',
      async () => {
        const g = await gridView(hub);
        const up = new Set(g.nodes.filter((n) => n.status === 'UP').map((n) => n.ip));
        const fresh = (await podsOf('selenium-node')).filter((p) => p.ready && !p.deleting && !initialNodes.has(p.name) && up.has(p.ip));
        return fresh.length > 0 ? fresh : undefined;
      },
      240_000,
      500,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await podsOverview()}`);
    });
    console.log(
      `  raised ${((raised - submitted) / 1000).toFixed(1)} s after the job; new worker ${tookNewWorker} ran a task after ${((workerAt - submitted) / 1000).toFixed(1)} s; ` +
        `new Chrome node ${newNodes[0]!.name} registered after ${((Date.now() - submitted) / 1000).toFixed(1)} s`,
    );

    // A session held through the hub while the backlog drains: its node pod is the busy one.
    driver = await new Builder().disableEnvironmentOverrides().usingServer(hub).forBrowser('chrome').setChromeOptions(chromeOptions()).build();
    const sessionId = (await driver.getSession()).getId();
    const busyIp = (await gridView(hub)).sessions.get(sessionId);
    const busyPod = (await podsOf('selenium-node')).find((p) => p.ip === busyIp)?.name;
    assert.ok(busyPod, `the session's node ${busyIp} is a pod of ${nodeDeploy}: ${await podsOverview()}`);

    await waitJobComplete(DEPT_NS, name, 600);
    const tasks = await releaseTasksOf(DEPT_NS, name);
    assert.ok(tasks.length >= 15, `${tasks.length} tasks`);
    assert.ok(
      tasks.every((t) => t.state === 'succeeded' && t.attempts === 1),
      `every task ran once, none cut off by a scale-down: ${JSON.stringify(tasks)}`,
    );

    // Scale-down: only the busy node pod is left, and its session still answers; workers back at 1.
    const seen = new Set([...initialNodes, ...newNodes.map((n) => n.name)]);
    let lost = '';
    await waitFor(
      'the Chrome nodes down to the busy one and the workers to the minimum',
      async () => {
        const ps = (await podsOf('selenium-node')).filter((p) => !p.deleting);
        for (const p of ps) seen.add(p.name);
        if (!ps.some((p) => p.name === busyPod)) lost = `the busy pod ${busyPod} was removed`;
        await driver!.getCurrentUrl().catch((e: Error) => {
          lost ||= `the session stopped answering: ${e.message}`;
        });
        if (lost) return true;
        return (
          ps.length === 1 &&
          (await specReplicas(nodeDeploy)) === 1 &&
          (await specReplicas(workerDeploy)) === 1 &&
          (await podsOf('worker')).length === 1
        );
      },
      WINDOW_S * 1000 + 240_000,
      1000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await podsOverview()}`);
    });
    assert.is(lost, '', lost);
    const gone = [...seen].filter((p) => p !== busyPod);
    await driver.get('about:blank');
    await sleep(WINDOW_S * 1000);
    assert.ok(
      (await podsOf('selenium-node')).some((p) => p.name === busyPod && !p.deleting),
      `the busy pod ${busyPod} stays through a further window`,
    );
    console.log(`  scaled down: removed ${gone.join(', ')}; ${busyPod} kept its session through the scale-down and a further ${WINDOW_S} s`);
    await driver.quit();
    driver = undefined;
  });

  test.run();
}
