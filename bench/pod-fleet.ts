// The fleet the autoscaling benchmarks (bench/autoscale.ts, bench/peers.ts) run for real: the
// development pod runner keeps one worker process per Running pod of the `worker` Deployment and one
// Selenium Grid node per Running pod of the `chrome` Deployment, within what this machine can run; and
// the Grid nodes that runner started, told apart from the stack's own node (the warm minimum) by port.
import { createLogger } from '../lib/log.js';
import type { KubeRest } from '../lib/kube/rest.js';
import type { GridClient, GridNode, GridState } from '../operator/grid/client.js';
import type { Suite } from '../test/harness/stack.js';
import { seleniumDir } from '../test/integration/e2e-support.js';
import { PodRunner } from '../test/runner/pod-runner.js';

/** Processes this machine runs for the fleet: worker pods beyond 3 and node pods beyond 2 run nothing. */
export const RUNNER_LIMITS = { workers: 3, nodes: 2, workerSlots: 2, sessionsPerNode: 2 };
/** The runner's ports, one per process: from 19400, shifted like every port of the stack (NEWSROOM_PORT_OFFSET). */
export const RUNNER_PORT = 19400 + Number(process.env.NEWSROOM_PORT_OFFSET ?? 0);
const PORTS = 20;

/** Starts the pod runner for the suite's `worker` and `chrome` Deployments, its process logs in logDir. */
export function startRunner(suite: Suite, rest: KubeRest, logDir: string): PodRunner {
  const dir = seleniumDir();
  if (!dir) throw new Error('no Selenium Grid in the cache (run make setup)');
  const ns = suite.namespace;
  const runner = new PodRunner({
    rest,
    log: createLogger('bench-runner', 'warn'),
    namespace: ns,
    workerDeployment: 'worker',
    nodeDeployment: 'chrome',
    workerEnv: suite.programEnv({ WORKER_NAMESPACE: ns, LOG_LEVEL: 'info' }),
    workerSlots: RUNNER_LIMITS.workerSlots,
    maxWorkers: RUNNER_LIMITS.workers,
    maxNodes: RUNNER_LIMITS.nodes,
    sessionsPerNode: RUNNER_LIMITS.sessionsPerNode,
    basePort: RUNNER_PORT,
    gridUrl: suite.env.SELENIUM_GRID_URL,
    registrationSecret: suite.env.SELENIUM_REGISTRATION_SECRET ?? '',
    seleniumDir: dir,
    logDir,
  });
  runner.start();
  return runner;
}

/** Whether a Grid node is one the runner started (not the stack's own node). */
export const isRunnerNode = (n: GridNode) => {
  const port = Number(new URL(n.uri).port);
  return port >= RUNNER_PORT && port < RUNNER_PORT + PORTS;
};

/** The Grid nodes the runner started (UP or draining): how many, how many UP, their slots and sessions; and the whole Grid. */
export async function runnerNodes(grid: GridClient): Promise<{ nodes: number; up: number; slots: number; sessions: number; total: GridState }> {
  const total = await grid.state();
  const ours = total.nodes.filter((n) => n.status !== 'DOWN' && isRunnerNode(n));
  return {
    nodes: ours.length,
    up: ours.filter((n) => n.status === 'UP').length,
    slots: ours.reduce((a, n) => a + n.slots, 0),
    sessions: ours.reduce((a, n) => a + n.sessions, 0),
    total,
  };
}
