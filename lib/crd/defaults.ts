// The defaults the CRD schemas declare, read from the schemas themselves: code that needs one when a
// field is unset uses these, so no copy of a default can drift from the CRD.
import { COLLECTION_METHODS, collectionJobSpec, type CollectionMethod } from './collectionjob.js';
import { collectorPoolSpec } from './collectorpool.js';
import { departmentSpec } from './department.js';
import type { JsonSchema } from './schema-helpers.js';

function defaultAt(schema: JsonSchema, path: string): unknown {
  let s: JsonSchema | undefined = schema;
  for (const p of path.split('.')) s = s?.properties?.[p];
  if (s?.default === undefined) throw new Error(`the schema declares no default for ${path}`);
  return s.default;
}

function numberAt(schema: JsonSchema, path: string): number {
  const d = defaultAt(schema, path);
  if (typeof d !== 'number') throw new Error(`the default of ${path} is not a number`);
  return d;
}

function stringAt(schema: JsonSchema, path: string): string {
  const d = defaultAt(schema, path);
  if (typeof d !== 'string') throw new Error(`the default of ${path} is not a string`);
  return d;
}

function methodAt(schema: JsonSchema, path: string): CollectionMethod {
  const d = stringAt(schema, path);
  const m = COLLECTION_METHODS.find((x) => x === d);
  if (!m) throw new Error(`the default of ${path} is not one of ${COLLECTION_METHODS.join(', ')}`);
  return m;
}

export const JOB_DEFAULTS = {
  source: stringAt(collectionJobSpec, 'source'),
  method: methodAt(collectionJobSpec, 'method'),
  parallelism: numberAt(collectionJobSpec, 'parallelism'),
  backoffLimit: numberAt(collectionJobSpec, 'backoffLimit'),
  batchSize: numberAt(collectionJobSpec, 'batchSize'),
  requestDelayMinMs: numberAt(collectionJobSpec, 'requestDelay.minMs'),
  requestDelayMaxMs: numberAt(collectionJobSpec, 'requestDelay.maxMs'),
} as const;

export const DEPARTMENT_DEFAULTS = {
  defaultPriority: numberAt(departmentSpec, 'defaultPriority'),
  maxPriority: numberAt(departmentSpec, 'maxPriority'),
  inFlightTasks: numberAt(departmentSpec, 'quota.inFlightTasks'),
  borrowingLimit: numberAt(departmentSpec, 'quota.borrowingLimit'),
  weight: numberAt(departmentSpec, 'weight'),
} as const;

export const POOL_DEFAULTS = {
  workers: {
    minReplicas: numberAt(collectorPoolSpec, 'workers.minReplicas'),
    maxReplicas: numberAt(collectorPoolSpec, 'workers.maxReplicas'),
    slotsPerReplica: numberAt(collectorPoolSpec, 'workers.slotsPerReplica'),
  },
  seleniumNodes: {
    minReplicas: numberAt(collectorPoolSpec, 'seleniumNodes.minReplicas'),
    maxReplicas: numberAt(collectorPoolSpec, 'seleniumNodes.maxReplicas'),
    sessionsPerNode: numberAt(collectorPoolSpec, 'seleniumNodes.sessionsPerNode'),
  },
  registrationSecretKey: stringAt(collectorPoolSpec, 'registrationSecretRef.key'),
  scaleDownStabilizationSeconds: numberAt(collectorPoolSpec, 'scaleDownStabilizationSeconds'),
  maxScaleUpStep: numberAt(collectorPoolSpec, 'maxScaleUpStep'),
  pollIntervalSeconds: numberAt(collectorPoolSpec, 'pollIntervalSeconds'),
} as const;
