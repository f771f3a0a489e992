// The development pod runner's entry (see pod-runner.ts): reads the local stack's environment and keeps
// local worker and Grid node processes in step with the Running pods of the two Deployments.
//   RUNNER_NAMESPACE (newsroom-system), RUNNER_WORKER_DEPLOYMENT (newsroom-worker),
//   RUNNER_NODE_DEPLOYMENT (selenium-node-chrome; empty: no Grid nodes), RUNNER_MAX_WORKERS (3),
//   RUNNER_MAX_NODES (2), RUNNER_WORKER_SLOTS (2), RUNNER_SESSIONS_PER_NODE (2), RUNNER_BASE_PORT (19100),
//   SELENIUM_DIR (the cached Selenium Grid), SELENIUM_GRID_URL, SELENIUM_REGISTRATION_SECRET.
import { loadKubeConfig } from '../../lib/kube/client.js';
import { KubeRest } from '../../lib/kube/rest.js';
import { fromRoot } from '../../lib/paths.js';
import { runMain, startProgram } from '../../lib/program.js';
import { PodRunner } from './pod-runner.js';

const num = (name: string, dflt: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative whole number, got "${v}"`);
    process.exit(2);
  }
  return n;
};

runMain('dev-pod-runner', async () => {
  const program = startProgram('dev-pod-runner', process.env.LOG_LEVEL ?? 'info');
  const rest = new KubeRest(loadKubeConfig(process.env.KUBECONFIG));
  const workerEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.RUNNER_WORKER_LOG_LEVEL ?? 'info' };
  const runner = new PodRunner({
    rest,
    log: program.log,
    namespace: process.env.RUNNER_NAMESPACE || 'newsroom-system',
    workerDeployment: process.env.RUNNER_WORKER_DEPLOYMENT || 'newsroom-worker',
    nodeDeployment: process.env.RUNNER_NODE_DEPLOYMENT ?? 'selenium-node-chrome',
    workerEnv,
    workerSlots: num('RUNNER_WORKER_SLOTS', 2),
    maxWorkers: num('RUNNER_MAX_WORKERS', 3),
    maxNodes: num('RUNNER_MAX_NODES', 2),
    sessionsPerNode: num('RUNNER_SESSIONS_PER_NODE', 2),
    basePort: num('RUNNER_BASE_PORT', 19100),
    gridUrl: process.env.SELENIUM_GRID_URL ?? 'http://127.0.0.1:14444',
    registrationSecret: process.env.SELENIUM_REGISTRATION_SECRET ?? '',
    seleniumDir: process.env.SELENIUM_DIR,
    logDir: process.env.RUNNER_LOG_DIR ?? fromRoot('.local', 'logs', 'pods'),
  });
  runner.start();
  program.shutdown.add('kube client', () => rest.close());
  program.shutdown.add('pod processes', () => runner.close(), 60_000);
  program.log.info('development pod runner started');
});
