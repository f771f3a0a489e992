// Labels a client gives a job or schedule (`metadata.labels`): its own keys only. Keys under the
// project's domain mark what the gateway, the operator and schedules manage (who created a job, the
// schedule it runs for), so one set by a client would pass a job off as another's.
import { isReservedKey, RESERVED_KEY_DOMAIN } from '../../lib/crd/labels.js';
import type { FieldProblem } from './problem.js';

export function clientLabelErrors(labels: Record<string, string> | undefined, field = 'metadata.labels'): FieldProblem[] {
  return Object.keys(labels ?? {})
    .filter(isReservedKey)
    .map((key) => ({
      field: `${field}.${key}`,
      message: `keys under ${RESERVED_KEY_DOMAIN}/ (and its subdomains) are the collector's own; use a key of your own domain, or one without a prefix`,
    }));
}
