// The effective priority of a job, min(spec.priority or the department default, the department maximum)
// within 1..9: one rule for the operator (status.priority, every task message) and the gateway (the reply
// to a start and its note). The defaults are the Department CRD's.
import { DEPARTMENT_DEFAULTS } from './crd/defaults.js';
import { HIGHEST_PRIORITY, LOWEST_PRIORITY } from './crd/schema-helpers.js';
import type { DepartmentSpec } from './crd/types.gen.js';

/** The lowest and highest priorities of the queues (their home is the CRD schema helpers). */
export { HIGHEST_PRIORITY, LOWEST_PRIORITY } from './crd/schema-helpers.js';
/** A department's defaults, as the CRD declares them. */
export const DEFAULT_PRIORITY = DEPARTMENT_DEFAULTS.defaultPriority;
export const DEFAULT_MAX_PRIORITY = DEPARTMENT_DEFAULTS.maxPriority;

export type PriorityLimits = Pick<DepartmentSpec, 'defaultPriority' | 'maxPriority'>;

export interface EffectivePriority {
  /** What the job runs at. */
  priority: number;
  /** What it asked for (or the department default). */
  wanted: number;
  /** The department maximum lowered it. */
  capped: boolean;
}

export function effectivePriority(requested: number | null | undefined, dept: PriorityLimits): EffectivePriority {
  const max = Math.min(dept.maxPriority ?? DEFAULT_MAX_PRIORITY, HIGHEST_PRIORITY);
  const wanted = requested ?? dept.defaultPriority ?? DEFAULT_PRIORITY;
  return { priority: Math.max(LOWEST_PRIORITY, Math.min(wanted, max)), wanted, capped: wanted > max };
}
