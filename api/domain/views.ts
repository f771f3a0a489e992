// Shapes of the resource-style API (/v1/jobs), from rows of the jobs mirror.
import { API_VERSION } from '../../lib/crd/definitions.js';
import { ANNOTATION_REQUEST_ID, LABEL_SCHEDULE } from '../../lib/crd/labels.js';
import { statusEntry, type JobRow } from './compat.js';

export function jobView(row: JobRow) {
  return {
    apiVersion: API_VERSION,
    kind: 'CollectionJob',
    metadata: {
      name: row.name,
      namespace: row.namespace,
      uid: row.uid,
      creationTimestamp: row.created_at.toISOString(),
      annotations: row.request_id ? { [ANNOTATION_REQUEST_ID]: row.request_id } : {},
      labels: row.schedule ? { [LABEL_SCHEDULE]: row.schedule } : {},
    },
    spec: row.spec,
    status: row.status,
    summary: statusEntry(row),
  };
}

/** A row of the `schedules` mirror. */
export interface ScheduleRow {
  uid: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
  created_at: Date;
}

/** A CollectionSchedule from its mirror row; with `jobs`, the status entries of its latest jobs. */
export function scheduleView(row: ScheduleRow, jobs?: JobRow[]) {
  return {
    apiVersion: API_VERSION,
    kind: 'CollectionSchedule',
    metadata: { name: row.name, namespace: row.namespace, uid: row.uid, creationTimestamp: row.created_at.toISOString() },
    spec: row.spec,
    status: row.status,
    ...(jobs ? { jobs: jobs.map(statusEntry) } : {}),
  };
}
