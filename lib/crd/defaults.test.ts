import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEPARTMENT_DEFAULTS, JOB_DEFAULTS, POOL_DEFAULTS } from './defaults.js';

// The values the documentation and the examples state; a change of a schema default shows up here.
const cases: [string, unknown, unknown][] = [
  ['a job without a source uses the built-in profile', JOB_DEFAULTS.source, 'naver'],
  ['a Metadata job without a method searches', JOB_DEFAULTS.method, 'search'],
  ['a job without parallelism has 4 tasks in flight', JOB_DEFAULTS.parallelism, 4],
  ['a department without a default priority: 5', DEPARTMENT_DEFAULTS.defaultPriority, 5],
  ['a department without a maximum priority: 9', DEPARTMENT_DEFAULTS.maxPriority, 9],
  ['a department without a quota: 20 tasks in flight', DEPARTMENT_DEFAULTS.inFlightTasks, 20],
  ['a department without a borrowing limit borrows nothing', DEPARTMENT_DEFAULTS.borrowingLimit, 0],
  ['a department without a weight: 1', DEPARTMENT_DEFAULTS.weight, 1],
  ['a pool without worker bounds: up to 10 workers', POOL_DEFAULTS.workers.maxReplicas, 10],
  ['a pool without worker bounds keeps none warm', POOL_DEFAULTS.workers.minReplicas, 0],
  ['a worker without slotsPerReplica runs 2 tasks', POOL_DEFAULTS.workers.slotsPerReplica, 2],
  ['a Selenium node without sessionsPerNode serves 2 sessions', POOL_DEFAULTS.seleniumNodes.sessionsPerNode, 2],
  ['a pool scales down after 60 s of a lower backlog', POOL_DEFAULTS.scaleDownStabilizationSeconds, 60],
  ['a pool adds at most 10 replicas at a time', POOL_DEFAULTS.maxScaleUpStep, 10],
  ['a pool polls every 2 s between events', POOL_DEFAULTS.pollIntervalSeconds, 2],
  ['the registration secret is under the key registration-secret', POOL_DEFAULTS.registrationSecretKey, 'registration-secret'],
];
for (const [name, got, want] of cases) test(`CRD defaults: ${name}`, () => assert.is(got, want));

test.run();
