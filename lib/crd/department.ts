// Department: a team, the namespaces its jobs come from, and its share of the collection fleet.
import { arr, bool, conditions, int, obj, priority, str, type JsonSchema } from './schema-helpers.js';

export const departmentSpec: JsonSchema = obj(
  'Who the team is and how much of the fleet it gets.',
  {
    displayName: str('A human-readable team name, e.g. 경제부.', { maxLength: 100 }),
    namespaces: arr('The namespaces whose CollectionJobs belong to this department.', str('A namespace name.', { minLength: 1, maxLength: 63 }), {
      minItems: 1,
      maxItems: 100,
      'x-kubernetes-list-type': 'set',
    }),
    defaultPriority: priority('The priority of jobs that do not set one.', { default: 5 }),
    maxPriority: priority('The highest priority a job of this department gets; higher requests are capped.', { default: 9 }),
    quota: obj(
      'How many tasks of this department may be in flight (queued or running) at once.',
      {
        inFlightTasks: int('The nominal quota of in-flight tasks.', { minimum: 0, maximum: 100000, default: 20 }),
        borrowingLimit: int('How many tasks beyond the quota may borrow idle capacity of other departments (0: no borrowing).', {
          minimum: 0,
          maximum: 100000,
          default: 0,
        }),
      },
      { default: {} },
    ),
    weight: int('The fair-share weight: competing departments of equal priority are admitted in proportion to their weights.', {
      minimum: 1,
      maximum: 1000,
      default: 1,
    }),
    paused: bool("Hold admission of this department's tasks (tasks already running finish).", { default: false }),
  },
  {
    required: ['namespaces'],
    'x-kubernetes-validations': [{ rule: 'self.defaultPriority <= self.maxPriority', message: 'defaultPriority must not exceed maxPriority' }],
  },
);

const count = (what: string) => int(what, { minimum: 0 });

export const departmentStatus: JsonSchema = obj("The department's current use of the fleet, written by the operator.", {
  observedGeneration: int('The .metadata.generation this status was computed for.', { minimum: 0 }),
  inFlight: count('Tasks queued or running.'),
  pending: count('Tasks waiting for admission.'),
  borrowed: count('In-flight tasks beyond the nominal quota.'),
  activeJobs: count('Jobs that are neither finished nor suspended.'),
  conditions: conditions(),
});
