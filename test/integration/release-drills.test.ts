// Drills on the release's real pods (the real node only): a worker pod deleted with --grace-period=0
// --force in the middle of a task (the task is taken over, the data is complete, nothing twice); the
// leader operator pod deleted while it publishes a job's tasks (the standby leads within the Lease's
// bounds, every task published and run once); the kubelet restarted (the pods keep running, the node
// comes back Ready); `kubectl drain` of the node refused beyond what the PodDisruptionBudgets allow.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { fromRoot } from '../../lib/paths.js';
import { kubectl, kubectlResult, stackEnv } from '../harness/stack.js';
import { daysBefore, pickDays } from '../harness/corpus.js';
import { truth, type KeywordDay } from './e2e-support.js';
import { checkAgainstTruth, type GatewayClient } from './e2e-truth.js';
import { waitFor } from './operator-support.js';
import {
  deploymentReady,
  ensureRelease,
  fullname,
  podsOf,
  realNodeOrNotRun,
  releaseGateway,
  releaseTasksOf,
  RELEASE_NS,
  waitJobComplete,
} from './release-support.js';

const run = promisify(execFile);
const DEPT = 'economy';
const DEPT_NS = 'dept-economy';
const NODE = 'newsroom-node';

async function applyJob(
  name: string,
  keyword: string,
  from: string,
  to: string,
  comments: boolean,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const spec = {
    type: 'Metadata',
    source: 'naver',
    method: 'search',
    keywords: [keyword],
    dateRange: { from, to },
    includeComments: comments,
    ...extra,
  };
  await kubectl(
    ['apply', '-f', '-'],
    stringify({ apiVersion: 'collection.newsroom.dev/v1alpha1', kind: 'CollectionJob', metadata: { name, namespace: DEPT_NS }, spec }),
  );
  made.push(name);
}

const made: string[] = [];
let gw: GatewayClient;

if (await realNodeOrNotRun(4, 'the drills on the release’s pods')) {
  test.before(async () => {
    await ensureRelease();
    gw = await releaseGateway();
  });

  test.after(async () => {
    await kubectlResult(['uncordon', NODE]);
    for (const name of made) await kubectlResult(['-n', DEPT_NS, 'delete', 'coljob', name, '--wait=false']);
  });

  test('a worker pod force-deleted in the middle of a task: another takes the task over, data complete, nothing twice', async () => {
    // The keyword-day with the most comments among the small ones: its comments task runs long enough.
    const { now } = await truth<{ now: string }>('summary');
    const days = await pickDays(
      truth,
      { to: daysBefore(now, 7), max_articles: 5, min_portal_articles: 2, min_comments: 150, max_comments: 400, min_replies: 1 },
      1,
    );
    const day: KeywordDay = days.sort((a, b) => b.comments - a.comments)[0]!;
    const name = `drill-worker-${process.pid}`;
    // A pause between page requests keeps every task (the short metadata one too) running for seconds,
    // so the task found running is still running when the pod goes, and is not finished in between.
    await applyJob(name, day.query, day.date, day.date, true, { requestDelay: { minMs: 1000, maxMs: 1500 } });
    const victim = await waitFor(
      'a task running on a worker pod',
      async () => {
        const workers = new Set((await podsOf('worker')).filter((p) => p.ready && !p.deleting).map((p) => p.name));
        return (await releaseTasksOf(DEPT_NS, name)).find((t) => t.state === 'running' && workers.has(t.owner))?.owner;
      },
      300_000,
      250,
    );
    console.log(
      `  deleting worker pod ${victim} (--grace-period=0 --force) while it runs a task of ${day.query} ${day.date} (${day.comments} comments)`,
    );
    await kubectl(['-n', RELEASE_NS, 'delete', 'pod', victim, '--grace-period=0', '--force']);
    await waitJobComplete(DEPT_NS, name);
    const tasks = await releaseTasksOf(DEPT_NS, name);
    assert.ok(
      tasks.every((t) => t.state === 'succeeded'),
      JSON.stringify(tasks),
    );
    assert.ok(
      tasks.some((t) => t.attempts >= 2 && t.owner !== victim),
      `a task was taken over after ${victim} went: ${JSON.stringify(tasks)}`,
    );
    // The counts equal the truth's, so nothing is missing and nothing is stored twice.
    await checkAgainstTruth(gw, DEPT, name, day);
    await deploymentReady(`${fullname}-worker`);
  });

  test('the leader operator pod deleted while publishing: the standby leads within the Lease bounds, every task run once', async () => {
    const lease = async () => {
      const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'lease', `${fullname}-operator`, '-o', 'json']);
      const l = JSON.parse(stdout) as { spec: { holderIdentity?: string; leaseDurationSeconds?: number } };
      return { holder: l.spec.holderIdentity ?? '', durationS: l.spec.leaseDurationSeconds ?? 15 };
    };
    // Two weeks of one keyword: more tasks than the department's quota admits at once, so the leader
    // keeps publishing as earlier tasks finish.
    const { now } = await truth<{ now: string }>('summary');
    const to = daysBefore(now, 30);
    const from = daysBefore(now, 43);
    const name = `drill-leader-${process.pid}`;
    await applyJob(name, '환율', from, to, false);
    await waitFor(
      'some tasks run while others wait to be published',
      async () => {
        const t = await releaseTasksOf(DEPT_NS, name);
        return t.length > 8 && t.some((x) => x.state === 'pending') && t.some((x) => ['queued', 'running', 'succeeded'].includes(x.state));
      },
      300_000,
      250,
    );
    const before = await lease();
    const operators = (await podsOf('operator')).map((p) => p.name);
    assert.ok(operators.includes(before.holder), `the Lease holder ${before.holder} is one of ${operators.join(', ')}`);
    const killedAt = Date.now();
    await kubectl(['-n', RELEASE_NS, 'delete', 'pod', before.holder, '--wait=false']);
    const after = await waitFor(
      'another operator to hold the Lease',
      async () => {
        const l = await lease();
        return l.holder && l.holder !== before.holder ? l : undefined;
      },
      120_000,
      250,
    );
    const tookS = (Date.now() - killedAt) / 1000;
    console.log(`  leader ${before.holder} deleted; ${after.holder} leads after ${tookS.toFixed(1)} s (lease ${before.durationS} s)`);
    // A graceful stop releases the Lease; a lost one is taken after at most its duration plus a renew period.
    assert.ok(tookS <= before.durationS + 10, `took ${tookS} s`);
    await waitJobComplete(DEPT_NS, name);
    const tasks = await releaseTasksOf(DEPT_NS, name);
    assert.ok(tasks.length >= 14, `${tasks.length} tasks`);
    assert.ok(
      tasks.every((t) => t.state === 'succeeded' && t.attempts === 1),
      `every task published and run once: ${JSON.stringify(tasks)}`,
    );
    await deploymentReady(`${fullname}-operator`);
  });

  test('the kubelet restarted: running pods keep running, the node comes back Ready', async () => {
    // The pods the CollectorPool does not scale (it may add or remove workers and Chrome nodes meanwhile).
    const steady = 'app.kubernetes.io/component in (operator,api,selenium-hub,postgresql,rabbitmq)';
    const snapshot = async () => {
      const { stdout } = await kubectl(['-n', RELEASE_NS, 'get', 'pods', '-l', steady, '-o', 'json']);
      const items = (
        JSON.parse(stdout) as {
          items: { metadata: { uid: string; name: string }; status: { containerStatuses?: { containerID?: string; restartCount: number }[] } }[];
        }
      ).items;
      return items
        .map(
          (p) =>
            `${p.metadata.name} ${p.metadata.uid} ${(p.status.containerStatuses ?? []).map((c) => `${c.containerID}#${c.restartCount}`).join(',')}`,
        )
        .sort();
    };
    const before = await snapshot();
    const env = await stackEnv();
    const started = Date.now();
    await run('bash', [fromRoot('hack', 'node-restart.sh'), 'kubelet'], { env: { ...process.env, ...env } }).catch(
      (e: Error & { stderr?: string }) => {
        throw new Error(`hack/node-restart.sh kubelet: ${(e.stderr || e.message).slice(-2000)}`);
      },
    );
    console.log(`  kubelet restarted, node Ready again after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Give the new kubelet time to report every pod: the same pods, the same containers, no restarts.
    await waitFor(
      'every pod reported Ready again',
      async () => (await podsOf('operator')).every((p) => p.ready) && (await podsOf('api')).every((p) => p.ready),
      120_000,
      1000,
    );
    const after = await snapshot();
    assert.equal(after, before, 'the same pods with the same containers, none restarted');
    const ready = await kubectl(['get', 'node', NODE, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    assert.is(ready.stdout, 'True');
  });

  test('kubectl drain of the node is refused beyond what the PodDisruptionBudgets allow', async () => {
    // The components with budgets; the bundled PostgreSQL and RabbitMQ (single instances, no budget)
    // and cluster DNS stay, so the release works again as soon as the node is uncordoned.
    const selector = 'app.kubernetes.io/instance=newsroom,app.kubernetes.io/component in (operator,api,worker)';
    const drain = await kubectlResult(['drain', NODE, '--pod-selector', selector, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=45s']);
    try {
      assert.is.not(drain.code, 0, `drain succeeded: ${drain.stdout}`);
      assert.match(drain.stderr + drain.stdout, /disruption budget/);
      // What the budgets keep: one operator and one gateway (minAvailable 1) are still running.
      for (const c of ['operator', 'api']) {
        const left = (await podsOf(c)).filter((p) => p.phase === 'Running' && !p.deleting);
        assert.ok(left.length >= 1, `${c}: ${JSON.stringify(left)}\n${drain.stderr.slice(-1500)}`);
      }
    } finally {
      await kubectl(['uncordon', NODE]);
    }
    for (const d of ['operator', 'api', 'worker']) await deploymentReady(`${fullname}-${d}`);
  });

  test.run();
}
