// What the controllers of one operator share in memory: the jobs the dispatcher may admit tasks of,
// and the latest admission outcome per department (for Department status).
import type { CollectionJobSpec } from '../../lib/crd/types.gen.js';
import type { DepartmentOutcome } from '../admission/admission.js';

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

export class SharedState {
  readonly jobs = new Map<string, AdmissibleJob>();
  readonly departments = new Map<string, DepartmentView>();
  /** Per job uid: department, type and phase, for newsroom_jobs. */
  readonly phases = new Map<string, { department: string; type: string; phase: string }>();
}
