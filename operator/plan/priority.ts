// Which department a job belongs to, and its effective priority.
import type { DepartmentSpec } from '../../lib/crd/types.gen.js';

export const DEFAULT_PRIORITY = 5;
export const MAX_PRIORITY = 9;

export interface NamedDepartment {
  name: string;
  spec: DepartmentSpec;
}

/**
 * The department whose namespaces contain the namespace. Two departments claiming one namespace is a
 * configuration mistake; the alphabetically first wins so the answer is stable, and it is reported.
 */
export function resolveDepartment<D extends NamedDepartment>(namespace: string, departments: Iterable<D>): { department?: D; ambiguous: string[] } {
  const matches = [...departments].filter((d) => d.spec.namespaces?.includes(namespace)).sort((a, b) => a.name.localeCompare(b.name));
  return { department: matches[0], ambiguous: matches.length > 1 ? matches.map((d) => d.name) : [] };
}

/** min(spec.priority or the department default, the department maximum), within 1..9. */
export function effectivePriority(requested: number | undefined, dept: DepartmentSpec): number {
  const max = dept.maxPriority ?? MAX_PRIORITY;
  const wanted = requested ?? dept.defaultPriority ?? DEFAULT_PRIORITY;
  return Math.max(1, Math.min(wanted, max, MAX_PRIORITY));
}
