// The broker audit, run by the leader every few seconds: reads the task queues from RabbitMQ's
// management API, then PostgreSQL's queued tasks (in that order, so a task that finishes in between
// is not counted as lost), asks decideAudit what was lost, declares the topology again when a queue is
// missing and publishes the lost tasks again through the dispatcher. A worker's claim drops a copy of a
// task that was not lost after all.
import { Counter, type Registry } from 'prom-client';
import { ManagementClient } from '../../lib/amqp/management.js';
import { TASK_KINDS, type TopologyNames } from '../../lib/amqp/topology.js';
import type { Logger } from '../../lib/log.js';
import type { Manager } from '../core/manager.js';
import type { TaskPublisher } from '../amqp/publisher.js';
import type { Dispatcher } from '../controllers/dispatcher.js';
import { decideAudit, newAuditMemory, REPUBLISH_REASONS, type AuditBounds, type AuditMemory, type QueueObservation } from './audit.js';
import { AuditStore } from './store.js';

/** How far the management API's message counts may lag (its statistics interval is 5 s by default). */
export const STATS_SETTLE_MS = 10_000;
/** A running task's lease expired this long ago with no worker taking it over: its message is gone. */
export const LEASE_GRACE_MS = 120_000;
/** At most this many tasks per queue and reason in one audit (the next audit takes the rest). */
const BATCH = 500;

export interface AuditorDeps {
  management: ManagementClient;
  names: TopologyNames;
  store: AuditStore;
  publisher: TaskPublisher;
  dispatcher: Pick<Dispatcher, 'republish'>;
  log: Logger;
  registry: Registry;
  isLeader: () => boolean;
  now: () => Date;
  intervalMs: number;
  bounds: AuditBounds;
}

export class BrokerAuditor {
  private memory: AuditMemory = newAuditMemory();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  readonly republished: Counter<'queue' | 'reason'>;
  readonly redeclared: Counter;

  constructor(private d: AuditorDeps) {
    this.republished = new Counter({
      name: 'newsroom_tasks_republished_total',
      help: 'Tasks published again because the broker no longer held their messages, by queue and reason.',
      labelNames: ['queue', 'reason'] as const,
      registers: [d.registry],
    });
    for (const queue of TASK_KINDS) for (const reason of REPUBLISH_REASONS) this.republished.inc({ queue, reason }, 0);
    this.redeclared = new Counter({
      name: 'newsroom_broker_topology_redeclared_total',
      help: 'Times the operator declared the RabbitMQ topology again because a task queue was missing.',
      registers: [d.registry],
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.d.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One audit now, unless one is running (a lost connection coming back asks for one). */
  tick(): Promise<void> {
    this.running ??= this.audit()
      .catch((e: Error) => this.d.log.warn({ err: e.message }, 'the broker audit failed; trying again at the next one'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async audit(): Promise<void> {
    if (!this.d.isLeader() || !this.d.publisher.connected) {
      this.memory = newAuditMemory();
      return;
    }
    const queues = await Promise.all(TASK_KINDS.map((k) => this.d.management.queue(this.d.names.queue[k])));
    const queued = await this.d.store.queuedByKind(STATS_SETTLE_MS);
    const observed: QueueObservation[] = TASK_KINDS.map((kind, i) => {
      const q = queues[i];
      return { kind, ...(q ? { queue: { ready: q.messagesReady } } : {}), queued: queued.get(kind) ?? 0 };
    });
    const decision = decideAudit(observed, this.memory, this.d.now(), this.d.bounds);
    this.memory = decision.memory;
    if (decision.redeclare) {
      await this.d.publisher.redeclare();
      this.redeclared.inc();
      this.d.log.warn(
        { queues: observed.filter((o) => !o.queue).map((o) => this.d.names.queue[o.kind]) },
        'a task queue was missing; declared it again',
      );
    }
    const done = new Set<string>();
    for (const r of decision.republish) {
      const lost = (await this.d.store.lost(r.kind, r.reason, r.touchedBefore, BATCH)).filter((t) => !done.has(t.id));
      if (!lost.length) continue;
      if (!this.d.isLeader()) return;
      const ids = await this.d.dispatcher.republish(lost);
      await this.d.store.touch(ids);
      for (const id of ids) done.add(id);
      this.republished.inc({ queue: r.kind, reason: r.reason }, ids.length);
      this.d.log.warn(
        { queue: this.d.names.queue[r.kind], reason: r.reason, tasks: ids.length, observed },
        'the broker no longer held these tasks; published them again',
      );
    }
  }
}

/** The audit as the operator runs it, from its configuration; stopped with the program. */
export function setupBrokerAudit(mgr: Manager, dispatcher: Pick<Dispatcher, 'republish'>): BrokerAuditor {
  const c = mgr.config;
  const a = new BrokerAuditor({
    management: new ManagementClient(c.RABBITMQ_MANAGEMENT_URL),
    names: mgr.names,
    store: new AuditStore(mgr.pool),
    publisher: mgr.publisher,
    dispatcher,
    log: mgr.log,
    registry: mgr.registry,
    isLeader: mgr.leader.isLeader,
    now: mgr.clock,
    intervalMs: c.OPERATOR_BROKER_AUDIT_SECONDS * 1000,
    bounds: {
      confirmMs: c.OPERATOR_BROKER_AUDIT_SECONDS * 1000,
      staleMs: c.OPERATOR_REPUBLISH_STALE_SECONDS * 1000,
      leaseGraceMs: LEASE_GRACE_MS,
    },
  });
  mgr.add(a);
  mgr.shutdown.add('broker audit', () => a.stop());
  return a;
}
