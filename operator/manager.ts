// The operator from its configuration: the manager (clients, shared caches, the clock, leadership,
// task-change notifications; operator/core/manager.ts), then each controller, which sets up its own
// watches, metrics and leadership hooks, then the start. A new controller is its file in
// operator/controllers/ with a setup function, and its line here.
import type { Program } from '../lib/program.js';
import { setupCollectionJobs } from './controllers/collectionjob.js';
import { setupCollectionSchedules } from './controllers/collectionschedule.js';
import { setupCollectorPools } from './controllers/collectorpool.js';
import { setupDepartments } from './controllers/department.js';
import { setupDispatcher } from './controllers/dispatcher.js';
import { setupProbe } from './controllers/newssource-probe.js';
import { Manager, type OperatorConfig } from './core/manager.js';

export interface Operator {
  /** Readiness: null when the caches are synced and the database answers. */
  ready(): Promise<string | null>;
}

export async function startOperator(c: OperatorConfig, program: Program): Promise<Operator> {
  const mgr = new Manager(c, program);
  setupCollectionJobs(mgr); // CollectionJobs -> tasks (the outbox), status, the jobs mirror
  setupDepartments(mgr); // Departments -> status and the departments mirror
  setupDispatcher(mgr); // admission rounds -> RabbitMQ
  setupCollectorPools(mgr); // the autoscaler: worker and Selenium node Deployments
  setupProbe(mgr); // NewsSource probes and profile checks
  setupCollectionSchedules(mgr); // CollectionJobs at their scheduled times
  await mgr.start();
  return { ready: () => mgr.ready() };
}
