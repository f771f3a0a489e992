// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews every
// retry period; a candidate takes the lease over once it has seen the same record unchanged for the
// lease duration (measured on its own clock, so clock skew between machines does not matter); a leader
// that cannot renew within the renew deadline stops leading at once and becomes a candidate again.
// "At once" holds on the leader's own clock, whatever its loop is doing: the deadline is counted from
// the start of the last successful renewal, a timer fires at it, and `isLeader` checks it on every
// call, so a process that was paused (SIGSTOP, a long GC pause, a frozen VM) and wakes up after the
// deadline does no leader's work before it has renewed again, even before its loop notices.
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log.js';
import { isConflict, isNotFound, LEASES, resourcePath, type KubeRest } from './rest.js';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  log?: Logger;
  registry?: Registry;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const gauges = new WeakMap<Registry, Gauge<'name'>>();

/** MicroTime as the apiserver wants it: RFC 3339 with microseconds. */
const microTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export class LeaderElector {
  private leading = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private deadline?: NodeJS.Timeout;
  private observed?: { record: string; at: number };
  private lastRenew = 0;
  private gauge?: Gauge<'name'>;
  private path: string;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private rest: KubeRest,
    private o: LeaderElectionOptions,
  ) {
    this.path = resourcePath(LEASES, o.namespace);
    if (o.registry) {
      let g = gauges.get(o.registry);
      if (!g) {
        g = new Gauge({
          name: 'leader_election_master_status',
          help: 'Whether this process holds the lease (1) or not (0).',
          labelNames: ['name'],
          registers: [o.registry],
        });
        gauges.set(o.registry, g);
      }
      this.gauge = g;
      g.set({ name: o.name }, 0);
    }
  }

  /** True while this process holds the lease: renewed within the renew deadline. */
  get isLeader(): boolean {
    this.expireIfLate();
    return this.leading;
  }

  private expireIfLate(): void {
    if (this.leading && Date.now() - this.lastRenew > this.renewMs) {
      this.o.log?.warn(
        { lease: `${this.o.namespace}/${this.o.name}`, sinceRenewMs: Date.now() - this.lastRenew },
        'the lease was not renewed within the renew deadline',
      );
      this.setLeading(false);
    }
  }

  private get leaseMs() {
    return this.o.leaseDurationMs ?? 15_000;
  }
  private get renewMs() {
    return this.o.renewDeadlineMs ?? 10_000;
  }
  private get retryMs() {
    return this.o.retryPeriodMs ?? 2_000;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops; a leader releases the lease so a standby takes over without waiting for it to expire. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deadline);
    this.wake?.();
    await this.loop;
    if (this.leading) {
      this.setLeading(false);
      await this.release().catch(() => undefined);
    }
  }

  private setLeading(v: boolean): void {
    if (this.leading === v) return;
    this.leading = v;
    if (!v) clearTimeout(this.deadline);
    this.gauge?.set({ name: this.o.name }, v ? 1 : 0);
    this.o.log?.info({ lease: `${this.o.namespace}/${this.o.name}`, identity: this.o.identity }, v ? 'became the leader' : 'stopped leading');
    if (v) this.o.onStartedLeading();
    else this.o.onStoppedLeading();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        const ok = await this.tryAcquireOrRenew();
        // A renewal counts from when it started (the lease's renewTime is no later than that); one
        // that took longer than the renew deadline (the process was paused in the middle) does not
        // make a leader: the next round renews again before any work.
        if (ok && Date.now() - started <= this.renewMs) {
          this.lastRenew = started;
          this.armDeadline();
          this.setLeading(true);
        } else if (!ok && this.leading) {
          this.setLeading(false);
        }
      } catch (e) {
        this.o.log?.warn({ err: (e as Error).message }, 'leader election: cannot reach the lease');
      }
      // A leader that has not renewed within the renew deadline stops at once.
      this.expireIfLate();
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, this.leading ? this.retryMs : this.retryMs * (1 + Math.random() * 0.2));
        this.wake = resolve;
      });
    }
  }

  /** A timer at the renew deadline, so leadership ends on time even while a renewal hangs. */
  private armDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(
      () => {
        this.expireIfLate();
        // Timers may fire a little early by the wall clock: still leading means not late yet.
        if (this.leading) this.armDeadline();
      },
      Math.max(1, this.lastRenew + this.renewMs + 1 - Date.now()),
    );
    this.deadline.unref();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    let lease: Lease | undefined;
    try {
      lease = await this.rest.request<Lease>('GET', resourcePath(LEASES, this.o.namespace, this.o.name), { timeoutMs: this.retryMs * 2 });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const spec = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.round(this.leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    if (!lease) {
      try {
        await this.rest.request('POST', this.path, {
          body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.name, namespace: this.o.namespace }, spec },
          timeoutMs: this.retryMs * 2,
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    }
    const record = JSON.stringify([lease.spec.holderIdentity, lease.spec.renewTime, lease.spec.leaseTransitions]);
    if (!this.observed || this.observed.record !== record) this.observed = { record, at: Date.now() };
    const holder = lease.spec.holderIdentity;
    const mine = holder === this.o.identity;
    const durationMs = (lease.spec.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000;
    if (!mine && holder && Date.now() - this.observed.at < durationMs) return false;
    const next: Lease = {
      ...lease,
      spec: mine
        ? { ...lease.spec, renewTime: spec.renewTime, leaseDurationSeconds: spec.leaseDurationSeconds }
        : { ...spec, leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 },
    };
    try {
      await this.rest.request('PUT', resourcePath(LEASES, this.o.namespace, this.o.name), { body: next, timeoutMs: this.retryMs * 2 });
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  }

  private async release(): Promise<void> {
    const lease = await this.rest.request<Lease>('GET', resourcePath(LEASES, this.o.namespace, this.o.name));
    if (lease.spec.holderIdentity !== this.o.identity) return;
    await this.rest.request('PUT', resourcePath(LEASES, this.o.namespace, this.o.name), {
      body: { ...lease, spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1, renewTime: microTime(new Date()) } },
    });
  }
}
