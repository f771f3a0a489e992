// What the controllers of one operator share in memory, behind intent methods: the jobs the
// dispatcher may admit tasks of (written by the CollectionJob controller), the latest admission
// outcome per department (written by the dispatcher, read for Department status), and each job's
// phase (for newsroom_jobs).
import type { CollectionJobSpec } from '../../lib/crd/types.gen.js';
import type { DepartmentOutcome } from '../admission/admission.js';
import { sameStatus } from '../status/status.js';

export interface AdmissibleJob {
  uid: string;
  key: string;
  namespace: string;
  name: string;
  department: string;
  priority: number;
  createdAt: number;
  spec: CollectionJobSpec;
  /** Admitted, not suspended, not finished: its tasks may be published. */
  active: boolean;
}

export interface DepartmentView extends DepartmentOutcome {
  pending: number;
}

export interface JobPhase {
  department: string;
  type: string;
  phase: string;
}

export class SharedState {
  private readonly jobs = new Map<string, AdmissibleJob>();
  private readonly departments = new Map<string, DepartmentView>();
  private readonly phases = new Map<string, JobPhase>();

  /** Records what the dispatcher needs of a job with a department, active or not. */
  offer(job: AdmissibleJob): void {
    this.jobs.set(job.uid, job);
  }

  /** Stops publishing a job's tasks (suspend, fail-stop) until its next offer says otherwise. */
  deactivate(uid: string): void {
    const j = this.jobs.get(uid);
    if (j) j.active = false;
  }

  isActive(uid: string): boolean {
    return this.jobs.get(uid)?.active ?? false;
  }

  /** The job has no department any more: the dispatcher leaves it alone. */
  withdraw(uid: string): void {
    this.jobs.delete(uid);
  }

  /** The job is gone: everything about it is dropped. Returns what the dispatcher knew of it. */
  drop(uid: string): AdmissibleJob | undefined {
    const was = this.jobs.get(uid);
    this.jobs.delete(uid);
    this.phases.delete(uid);
    return was;
  }

  /** A job known to the dispatcher, by uid. */
  job(uid: string): AdmissibleJob | undefined {
    return this.jobs.get(uid);
  }

  /** The jobs whose tasks may be published. */
  *activeJobs(): Iterable<AdmissibleJob> {
    for (const j of this.jobs.values()) if (j.active) yield j;
  }

  activeJobsOf(department: string): number {
    let n = 0;
    for (const j of this.activeJobs()) if (j.department === department) n++;
    return n;
  }

  setPhase(uid: string, phase: JobPhase): void {
    this.phases.set(uid, phase);
  }

  allPhases(): Iterable<JobPhase> {
    return this.phases.values();
  }

  /** Records a department's latest admission outcome; true when it differs from the one before. */
  recordOutcome(department: string, view: DepartmentView): boolean {
    if (sameStatus(this.departments.get(department), view)) return false;
    this.departments.set(department, view);
    return true;
  }

  outcomeOf(department: string): DepartmentView | undefined {
    return this.departments.get(department);
  }
}
