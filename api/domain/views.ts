// Shapes of the resource-style API (/v1/jobs), from rows of the jobs mirror.
import { API_VERSION } from '../../lib/crd/definitions.js';
import { ANNOTATION_REQUEST_ID } from '../../lib/crd/labels.js';
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
    },
    spec: row.spec,
    status: row.status,
    summary: statusEntry(row),
  };
}
