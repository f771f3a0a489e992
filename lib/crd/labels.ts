// Labels, annotations and finalizers shared by the gateway (which creates CollectionJobs) and the
// operator (which mirrors them into PostgreSQL).
export const ANNOTATION_REQUEST_ID = 'collection.newsroom.dev/request-id';
export const ANNOTATION_REQUESTED_BY = 'collection.newsroom.dev/requested-by';
export const LABEL_CREATED_BY = 'collection.newsroom.dev/created-by';
export const FINALIZER = 'collection.newsroom.dev/cancel-tasks';
/** On the jobs a CollectionSchedule creates: the schedule's name, and the scheduled time they are for. */
export const LABEL_SCHEDULE = 'collection.newsroom.dev/schedule';
export const ANNOTATION_SCHEDULED_TIME = 'collection.newsroom.dev/scheduled-time';
