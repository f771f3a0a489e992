// Which department a job belongs to (its effective priority is lib/priority.ts).
import type { DepartmentSpec } from '../../lib/crd/types.gen.js';

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
