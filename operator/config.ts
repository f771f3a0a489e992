// The operator's environment.
import { common, env } from '../lib/config.js';

const list = (expected: string) => ({
  expected,
  parse: (r: string): string[] => {
    const items = r
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!items.length || items.some((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s))) throw new TypeError(expected);
    return items;
  },
  optional: true as const,
});

export const operatorConfig = {
  ...common,
  KUBECONFIG: env.string({ optional: true, expected: 'the path of a kubeconfig file (unset: in-cluster)' }),
  AMQP_URL: env.url(['amqp:', 'amqps:'], { secret: true }),
  RABBITMQ_MANAGEMENT_URL: env.url(['http:', 'https:'], { secret: true }),
  OPERATOR_PORT: env.int(0, 65535, { default: 8081 }),
  OPERATOR_CONCURRENCY: env.int(1, 64, { default: 16, expected: 'concurrent CollectionJob reconciles, 1 to 64' }),
  /** Namespaces whose CollectionJobs and CollectorPools this operator handles (unset: all). */
  OPERATOR_WATCH_NAMESPACES: list('a comma-separated list of namespace names'),
  /** Label selector of the Departments this operator handles (unset: all). */
  OPERATOR_DEPARTMENT_SELECTOR: env.string({ optional: true, expected: 'a label selector, e.g. team=news' }),
  LEADER_ELECTION: env.bool({ default: true }),
  LEADER_ELECTION_NAMESPACE: env.string({ default: 'default', expected: 'the namespace of the leader-election Lease' }),
  LEADER_ELECTION_ID: env.string({ default: 'newsroom-operator', expected: 'the name of the leader-election Lease' }),
  /** This process's identity in the Lease (default: host name and process id). */
  OPERATOR_IDENTITY: env.string({ optional: true }),
  OPERATOR_RESYNC_SECONDS: env.int(0, 86400, { default: 300 }),
  OPERATOR_RETRY_BASE_MS: env.int(1, 3_600_000, { default: 10_000 }),
  OPERATOR_RETRY_MAX_MS: env.int(1, 86_400_000, { default: 600_000 }),
  OPERATOR_STARVATION_SECONDS: env.int(1, 86400, { default: 60 }),
  OPERATOR_FAILED_TASK_TOLERANCE_PERCENT: env.int(0, 100, { default: 10 }),
  OPERATOR_STATUS_INTERVAL_MS: env.int(0, 60_000, { default: 1000 }),
  OPERATOR_PUBLISH_BATCH: env.int(1, 10_000, { default: 500 }),
  /** How often the leader compares the task queues with PostgreSQL's queued tasks (operator/broker). */
  OPERATOR_BROKER_AUDIT_SECONDS: env.int(1, 300, { default: 5, expected: 'seconds between two broker audits, 1 to 300' }),
  /** A queued task untouched this long is published again whatever the queue counts say. */
  OPERATOR_REPUBLISH_STALE_SECONDS: env.int(60, 86_400, { default: 1800, expected: 'seconds, 60 to 86400' }),
  /** For tests only: lowers the shortest interval between runs of a CollectionSchedule (production: 300). */
  OPERATOR_SCHEDULE_MIN_INTERVAL_SECONDS: env.int(60, 86_400, {
    default: 300,
    expected: 'seconds between two runs of a schedule, 60 (tests) to 86400; production uses 300',
  }),
};
