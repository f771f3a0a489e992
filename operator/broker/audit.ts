// What the broker audit does after comparing RabbitMQ with PostgreSQL. PostgreSQL is the source of
// truth: a task it holds as `queued` must have a message in its queue, and one `running` under a lease
// that expired long ago must have one for another worker to take it over. A broker that forgot (a purge,
// a deleted queue, a node back without its data) leaves such tasks without a message, and nothing would
// ever publish them again. Pure: the observations and the clock are arguments.
import type { TaskKind } from '../../lib/amqp/topology.js';

export type RepublishReason =
  /** The queue does not exist: it is declared again and every task it should hold is published again. */
  | 'queue-missing'
  /** The queue holds fewer ready messages than PostgreSQL holds queued tasks, on two audits in a row. */
  | 'short'
  /** A queued task untouched for longer than the age bound (a loss masked by copies in the count). */
  | 'stale'
  /** A running task whose lease expired long ago: its worker died and no message is left to take it over. */
  | 'lease-expired';

export const REPUBLISH_REASONS: readonly RepublishReason[] = ['queue-missing', 'short', 'stale', 'lease-expired'];

export interface QueueObservation {
  kind: TaskKind;
  /** The queue as the broker's management API reports it; undefined when it does not exist. */
  queue?: { ready: number };
  /**
   * Queued tasks of jobs not suspended, counting only those marked queued before the broker's
   * statistics could lag (they lag by seconds; a task just published may not be counted there yet).
   */
  queued: number;
}

export interface AuditBounds {
  /** How long a shortfall must last (two audits) before it counts: a delivery being claimed is not a loss. */
  confirmMs: number;
  /** A queued task untouched this long is published again whatever the counts say. */
  staleMs: number;
  /** A running task whose lease expired this long ago (and that nothing touched since) is published again. */
  leaseGraceMs: number;
}

export interface AuditMemory {
  /** Per queue, since when (ms) it has held fewer ready messages than PostgreSQL's queued tasks. */
  shortSince: Partial<Record<TaskKind, number>>;
}

export const newAuditMemory = (): AuditMemory => ({ shortSince: {} });

/** Publish again the tasks of `kind` in the state the reason names that nothing touched since `touchedBefore`. */
export interface Republish {
  kind: TaskKind;
  reason: RepublishReason;
  touchedBefore: Date;
}

export interface AuditDecision {
  /** Declare the topology again (a queue is missing). */
  redeclare: boolean;
  republish: Republish[];
  memory: AuditMemory;
}

export function decideAudit(observed: QueueObservation[], memory: AuditMemory, now: Date, b: AuditBounds): AuditDecision {
  const t = now.getTime();
  const shortSince: AuditMemory['shortSince'] = {};
  const republish: Republish[] = [];
  let redeclare = false;
  for (const o of observed) {
    if (!o.queue) {
      redeclare = true;
      republish.push({ kind: o.kind, reason: 'queue-missing', touchedBefore: now });
    } else if (o.queue.ready < o.queued) {
      const since = memory.shortSince[o.kind];
      if (since === undefined || t - since < b.confirmMs) shortSince[o.kind] = since ?? t;
      // Every task not touched since the shortfall was first seen: a copy of one that was not lost is harmless.
      else republish.push({ kind: o.kind, reason: 'short', touchedBefore: new Date(since) });
    }
    republish.push({ kind: o.kind, reason: 'stale', touchedBefore: new Date(t - b.staleMs) });
    republish.push({ kind: o.kind, reason: 'lease-expired', touchedBefore: new Date(t - b.leaseGraceMs) });
  }
  return { redeclare, republish, memory: { shortSince } };
}
