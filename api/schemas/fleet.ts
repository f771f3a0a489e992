// Schemas of the fleet as an admin sees it (api/routes/fleet.ts): task queues by priority, the
// collector pool's replicas and Grid capacity, and every department's in-flight tasks against quota.
import { HIGHEST_PRIORITY, LOWEST_PRIORITY } from '../../lib/priority.js';
const int = { type: 'integer', minimum: 0 } as const;
const nullableInt = { type: ['integer', 'null'], minimum: 0 } as const;
const replicas = (what: string) =>
  ({
    type: ['object', 'null'],
    description: `The ${what} replicas as the operator last recorded them on the CollectorPool (null before its first status).`,
    properties: { desired: nullableInt, current: nullableInt, busy: nullableInt },
  }) as const;

export const fleetReply = {
  type: 'object',
  properties: {
    pool: { type: 'string', description: "The fleet's CollectorPool, namespace/name (API_FLEET_POOL)." },
    paused: { type: 'boolean', description: "The pool's spec.paused: no task of any department is admitted." },
    queues: {
      type: 'array',
      description: 'Tasks by queue and priority (9 first), from the tasks table: waiting for admission, published and waiting for a worker, running.',
      items: {
        type: 'object',
        properties: {
          queue: { type: 'string', enum: ['metadata', 'comments'] },
          priority: { type: 'integer', minimum: LOWEST_PRIORITY, maximum: HIGHEST_PRIORITY },
          pending: int,
          queued: int,
          running: int,
        },
      },
    },
    broker: {
      type: 'array',
      description: 'The RabbitMQ queues as the operator last saw them (CollectorPool status.queues).',
      items: { type: 'object', properties: { name: { type: 'string' }, ready: int, unacked: int, consumers: int } },
    },
    workers: replicas('worker'),
    selenium_nodes: replicas('Selenium node'),
    grid: {
      type: ['object', 'null'],
      description:
        'The Selenium Grid as last seen: nodes, session slots (current), sessions running, session requests waiting, and the slots the autoscaler wants (desired Selenium nodes x sessions per node).',
      properties: { nodes: nullableInt, slots: nullableInt, sessions: nullableInt, session_queue: nullableInt, desired_slots: nullableInt },
    },
    busy_slots: nullableInt,
    last_scale_time: { type: ['string', 'null'], format: 'date-time' },
    last_scale_reason: { type: ['string', 'null'] },
    departments: {
      type: 'array',
      description: 'Every department (as the operator mirrored it): in-flight tasks against its quota, tasks waiting for admission, pause.',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          paused: { type: 'boolean' },
          in_flight: int,
          quota: nullableInt,
          borrowing_limit: nullableInt,
          pending: int,
          default_priority: { type: 'integer' },
          max_priority: { type: 'integer' },
        },
      },
    },
  },
} as const;
