// The one small interface of a scaling signal: a source the CollectorPool controller reads on every
// reconcile, and what it contributes to the workload the pool is sized for. A new signal is one file
// in this folder behind `defineSource` plus its line in `index.ts`.
import type { ManagementClient, QueueInfo } from '../../../lib/amqp/management.js';
import type { TopologyNames } from '../../../lib/amqp/topology.js';
import type { Department } from '../../../lib/crd/types.gen.js';
import type { GridState } from '../../grid/client.js';
import type { OperatorStore } from '../../store/store.js';
import type { PoolSpec } from '../pool.js';

/** What a source may read from: the pool's spec (with its defaults) and the operator's clients and state. */
export interface SourceContext {
  spec: PoolSpec;
  store: OperatorStore;
  management?: ManagementClient;
  names: TopologyNames;
  departments: Department[];
  /** The uid of every job whose tasks may be published, with its parallelism. */
  activeJobs: Map<string, number>;
  /** Some CollectorPool holds every department (spec.paused). */
  globalPaused: boolean;
}

/**
 * What one source says about the workload; every field is optional. Estimates of the same figure
 * from several sources are combined by taking the largest (each source sees part of the picture, some
 * with a delay); `admissible` adds up (work no other source counts yet).
 */
export interface Contribution {
  /** Tasks being run by a worker slot. */
  running?: number;
  /** Tasks published and not finished (queued for a slot or running). */
  outstanding?: number;
  /** Tasks about to be published (the dispatcher's next round). */
  admissible?: number;
  /** Live task leases per lease owner (worker id): which worker pods are busy. */
  leases?: Map<string, number>;
  /** The task queues as the broker counts them (status, metrics, the resource snapshot). */
  queues?: QueueInfo[];
  /** The Selenium Grid: sessions, their queue, and the nodes (busy and fixed capacity, drains). */
  grid?: GridState;
}

/** A source as the controller sees it. */
export interface ScalingSource {
  /** How the ScalingActive condition names it ("queue depths"). */
  readonly name: string;
  /** Without it the pool cannot be sized at all: its failure fails the reconcile, which is retried. */
  readonly required: boolean;
  /** Reads the source: null when it is not configured for this pool (not a failure); throws when it cannot be read. */
  read(ctx: SourceContext): Promise<Contribution | null>;
}

export interface SourceDefinition<R> {
  name: string;
  required?: boolean;
  /** The I/O: what the source answers, or null when the pool does not use it. */
  read(ctx: SourceContext): Promise<R | null>;
  /** Pure: what the answer contributes (table-tested beside the source). */
  contribute(reading: R, ctx: SourceContext): Contribution;
}

/** A source from its read (I/O) and its contribution (pure). */
export function defineSource<R>(d: SourceDefinition<R>): ScalingSource {
  return {
    name: d.name,
    required: d.required ?? false,
    read: async (ctx) => {
      const r = await d.read(ctx);
      return r === null ? null : d.contribute(r, ctx);
    },
  };
}
