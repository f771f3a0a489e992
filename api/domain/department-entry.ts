// A department as the console's routes show it, from its PostgreSQL mirror row (spec and status as the
// operator copied them): the priority range with the defaults of lib/priority, quota, pause, in-flight.
import { DEFAULT_MAX_PRIORITY, DEFAULT_PRIORITY } from '../../lib/priority.js';

export interface DeptRow {
  name: string;
  namespaces: string[];
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
}

export function deptEntry(r: DeptRow) {
  const spec = r.spec as {
    defaultPriority?: number;
    maxPriority?: number;
    paused?: boolean;
    quota?: { inFlightTasks?: number; borrowingLimit?: number };
    weight?: number;
  };
  const status = r.status as { inFlight?: number };
  return {
    name: r.name,
    namespaces: r.namespaces,
    default_priority: spec.defaultPriority ?? DEFAULT_PRIORITY,
    max_priority: spec.maxPriority ?? DEFAULT_MAX_PRIORITY,
    paused: spec.paused ?? false,
    quota: spec.quota?.inFlightTasks ?? null,
    borrowing_limit: spec.quota?.borrowingLimit ?? null,
    weight: spec.weight ?? null,
    in_flight: status.inFlight ?? 0,
  };
}
