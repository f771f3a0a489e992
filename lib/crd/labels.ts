// Labels, annotations and finalizers shared by the gateway (which creates CollectionJobs) and the
// operator (which mirrors them into PostgreSQL).
export const ANNOTATION_REQUEST_ID = 'collection.newsroom.dev/request-id';
export const ANNOTATION_REQUESTED_BY = 'collection.newsroom.dev/requested-by';
export const LABEL_CREATED_BY = 'collection.newsroom.dev/created-by';
export const FINALIZER = 'collection.newsroom.dev/cancel-tasks';
/** On the jobs a CollectionSchedule creates: the schedule's name, and the scheduled time they are for. */
export const LABEL_SCHEDULE = 'collection.newsroom.dev/schedule';
export const ANNOTATION_SCHEDULED_TIME = 'collection.newsroom.dev/scheduled-time';
/**
 * On a Department: who holds its `spec.paused` (JSON {"by": token name, "since": RFC 3339}). An admin's
 * hold only an admin lifts; the department's own pause its token lifts. `paused` is true while either is set.
 */
export const ANNOTATION_ADMIN_HOLD = 'collection.newsroom.dev/admin-hold';
export const ANNOTATION_DEPARTMENT_PAUSE = 'collection.newsroom.dev/department-pause';

/** The DNS domain of the project's own label and annotation keys: `newsroom.dev/...` and `*.newsroom.dev/...`. */
export const RESERVED_KEY_DOMAIN = 'newsroom.dev';

/**
 * Whether a label or annotation key is the project's own (its prefix, before the `/`, is the domain or
 * a subdomain of it, in any case): such keys say who made a job or which schedule it runs for, so a
 * client may not set them.
 */
export function isReservedKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const prefix = key.slice(0, slash).toLowerCase();
  return prefix === RESERVED_KEY_DOMAIN || prefix.endsWith(`.${RESERVED_KEY_DOMAIN}`);
}
