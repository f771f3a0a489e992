// The operator's one leadership signal. Controllers ask `isLeader()` before they act and register what
// they do when leadership is won (look at every object again) or lost (drop pending writes); without
// leader election the operator leads from its start.
import type { KubeRest } from '../../lib/kube/rest.js';
import { LeaderElector, type LeaderElectionOptions } from '../../lib/kube/leader.js';
import type { Logger } from '../../lib/log.js';
import type { Shutdown } from '../../lib/shutdown.js';

/** What a hook on losing the lease dropped, for the one log line that says so ({ droppedWrites: 3 }). */
export type Dropped = Record<string, number>;

export class Leadership {
  private leading: boolean;
  private elector: LeaderElector | undefined;
  private won: (() => void)[] = [];
  private lost: (() => Dropped | void)[] = [];

  constructor(private readonly electionEnabled: boolean) {
    this.leading = !electionEnabled;
  }

  /**
   * Asked each time: the elector ends leadership by itself once the renew deadline has passed, even
   * before its loop notices (e.g. in a process that was paused).
   */
  readonly isLeader = (): boolean => this.leading && (this.elector?.isLeader ?? true);

  /** Runs when leadership is won (at start without leader election), in the order registered. */
  onLeading(hook: () => void): void {
    this.won.push(hook);
  }

  /** Runs when the lease is lost; what the hook returns is logged. */
  onStoppedLeading(hook: () => Dropped | void): void {
    this.lost.push(hook);
  }

  /** Campaigns for the Lease (or leads at once without leader election). */
  start(rest: KubeRest, o: Omit<LeaderElectionOptions, 'onStartedLeading' | 'onStoppedLeading'>, shutdown: Shutdown, log: Logger): void {
    if (!this.electionEnabled) {
      for (const h of this.won) h();
      return;
    }
    this.elector = new LeaderElector(rest, {
      ...o,
      onStartedLeading: () => {
        this.leading = true;
        for (const h of this.won) h();
      },
      // The lease is lost: stop at once and stay a standby (a candidate again), without exiting. Keys
      // still queued are dropped when they come up (controllers reconcile only while leading); the
      // hooks drop what waits to be written, and a reconcile still running asks before each write,
      // event and control message. Only the requests already sent finish.
      onStoppedLeading: () => {
        this.leading = false;
        const dropped: Dropped = {};
        for (const h of this.lost) Object.assign(dropped, h() ?? {});
        log.warn(dropped, 'lost the lease: pending writes dropped, standing by');
      },
    });
    this.elector.start();
    const e = this.elector;
    shutdown.add('leader election', () => e.stop());
  }
}
