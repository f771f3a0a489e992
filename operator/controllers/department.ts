// The Department controller: mirrors each Department into the `departments` table for the gateway and
// writes its status (in flight, pending, borrowed, active jobs) from the dispatcher's latest round.
import type { DepartmentStatus } from '../../lib/crd/types.gen.js';
import { resourceOf } from '../../lib/kube/client.js';
import { writeStatus } from '../../lib/kube/objects.js';
import { resourcePath, type KubeRest } from '../../lib/kube/rest.js';
import type { ProcessResult } from '../../lib/kube/workqueue.js';
import { Controller } from '../core/controller.js';
import type { InformerSet } from '../core/informers.js';
import type { Manager } from '../core/manager.js';
import type { SharedState } from '../core/state.js';
import { setCondition, sameStatus, stable, type Condition } from '../status/status.js';
import type { OperatorStore } from '../store/store.js';
import type { Department } from '../../lib/crd/types.gen.js';
import { StatusPacer } from '../core/pacer.js';

const DEPARTMENTS = resourceOf('Department');

export interface DepartmentDeps {
  rest: KubeRest;
  store: OperatorStore;
  departments: InformerSet<Department>;
  state: SharedState;
  now: () => Date;
  statusIntervalMs: number;
  /** Leadership, asked before the status write (default: always the leader). */
  isLeader?: () => boolean;
}

export function departmentStatus(
  prev: DepartmentStatus | undefined,
  generation: number,
  paused: boolean,
  view: { inFlight: number; pending: number; borrowed: number } | undefined,
  activeJobs: number,
  now: Date,
): DepartmentStatus {
  const conditions: Condition[] = (prev?.conditions ?? []).map((c) => ({ ...c }));
  setCondition(
    conditions,
    {
      type: 'Paused',
      status: paused ? 'True' : 'False',
      reason: paused ? 'Paused' : 'Admitting',
      message: paused ? "admission of this department's tasks is held" : 'tasks are admitted within quota',
      observedGeneration: generation,
    },
    now,
  );
  return {
    observedGeneration: generation,
    inFlight: view?.inFlight ?? 0,
    pending: view?.pending ?? 0,
    borrowed: view?.borrowed ?? 0,
    activeJobs,
    conditions,
  };
}

export class DepartmentReconciler {
  private mirrored = new Map<string, { spec: string; status: string }>();
  private pacer: StatusPacer;

  constructor(private d: DepartmentDeps) {
    this.pacer = new StatusPacer(d.statusIntervalMs, d.now);
  }

  async reconcile(name: string): Promise<ProcessResult | void> {
    const dept = this.d.departments.get(name);
    if (!dept) {
      await this.d.store.deleteDepartment(name);
      this.mirrored.delete(name);
      this.pacer.forget(name);
      return;
    }
    const activeJobs = this.d.state.activeJobsOf(name);
    const status = departmentStatus(
      dept.status,
      dept.metadata.generation ?? 1,
      dept.spec.paused === true,
      this.d.state.outcomeOf(name),
      activeJobs,
      this.d.now(),
    );
    let requeue: number | undefined;
    if (!sameStatus(dept.status ?? {}, status)) {
      const wait = this.pacer.waitMs(name);
      if (wait > 0) requeue = wait;
      else {
        await writeStatus(
          this.d.rest,
          resourcePath(DEPARTMENTS, undefined, name),
          dept,
          (fresh) => (sameStatus(fresh.status ?? {}, status) ? null : (status as Record<string, unknown>)),
          { allowed: () => this.d.isLeader?.() ?? true },
        );
        this.pacer.wrote(name);
      }
    }
    // The row follows the spec at once and the status at the pace of the status writes: the counts
    // change with every admission round, and the gateway reads them no fresher than the object.
    const specSig = stable(dept.spec);
    const m = this.mirrored.get(name);
    if (m?.spec !== specSig || (requeue === undefined && m.status !== stable(status))) {
      await this.d.store.upsertDepartment(name, dept.spec, status);
      this.mirrored.set(name, { spec: specSig, status: stable(status) });
    }
    return requeue !== undefined ? { requeueAfterMs: requeue } : undefined;
  }
}

/** The Department controller and its wiring: a key per Department change, asked for by the dispatcher's rounds. */
export function setupDepartments(mgr: Manager): void {
  const { departments, leader } = mgr;
  const reconciler = new DepartmentReconciler({
    rest: mgr.rest,
    store: mgr.store,
    departments,
    state: mgr.state,
    now: mgr.clock,
    statusIntervalMs: mgr.cfg.statusIntervalMs,
    isLeader: leader.isLeader,
  });
  const ctl = new Controller({
    name: 'department',
    concurrency: 1,
    registry: mgr.registry,
    log: mgr.log,
    isLeader: leader.isLeader,
    reconcile: (k) => reconciler.reconcile(k),
  });
  departments.on((_event, obj) => ctl.enqueue(obj.metadata.name!));
  mgr.provide({ department: (name) => ctl.enqueue(name) });
  leader.onLeading(() => {
    for (const d of departments.list()) ctl.enqueue(d.metadata.name!);
  });
  mgr.add(ctl);
  mgr.shutdown.add('department controller', () => ctl.stop());
}
