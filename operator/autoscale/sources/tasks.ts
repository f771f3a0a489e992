// The task rows in PostgreSQL (the outbox knows about a task before RabbitMQ does): queued and running
// rows, live leases per worker, and the pending tasks the dispatcher will publish on its next round
// (ready, of active jobs, within each job's parallelism and each department's quota + borrowing).
// Required: without it the pool has no figure it can trust.
import { DEPARTMENT_DEFAULTS } from '../../../lib/crd/defaults.js';
import type { Department } from '../../../lib/crd/types.gen.js';
import { taskSignals, type JobTaskRow, type QuotaView } from '../signals.js';
import { defineSource, type Contribution, type SourceContext } from './types.js';

export interface TaskRows {
  byJob: JobTaskRow[];
  leases: { owner: string; n: number }[];
}

export function quotasOf(departments: Department[]): Map<string, QuotaView> {
  return new Map(
    departments.map((x) => [
      x.metadata.name!,
      {
        quota: x.spec.quota?.inFlightTasks ?? DEPARTMENT_DEFAULTS.inFlightTasks,
        borrowingLimit: x.spec.quota?.borrowingLimit ?? DEPARTMENT_DEFAULTS.borrowingLimit,
        paused: x.spec.paused === true,
      },
    ]),
  );
}

export function taskContribution(rows: TaskRows, ctx: Pick<SourceContext, 'departments' | 'activeJobs' | 'globalPaused'>): Contribution {
  const t = taskSignals(rows, quotasOf(ctx.departments), ctx.activeJobs, ctx.globalPaused);
  return { running: t.running, outstanding: t.queued + t.running, admissible: t.admissible, leases: t.leases };
}

export const taskRows = defineSource<TaskRows>({
  name: 'task rows and leases',
  required: true,
  read: ({ store }) => store.taskSignalRows(),
  contribute: taskContribution,
});
