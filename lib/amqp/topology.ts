// The RabbitMQ topology of DESIGN.md, under a configurable name prefix so isolated topologies can run
// side by side (tests). Declaring is idempotent; a queue declared earlier with other arguments is an
// error from the broker (PRECONDITION_FAILED), reported with the queue name.
import type { Channel, Options } from 'amqplib';
import { HIGHEST_PRIORITY } from '../priority.js';

export const MAX_PRIORITY = HIGHEST_PRIORITY;

export type TaskKind = 'metadata' | 'comments';
export const TASK_KINDS: readonly TaskKind[] = ['metadata', 'comments'];

export interface TopologyNames {
  tasksExchange: string;
  queue: Record<TaskKind, string>;
  deadExchange: string;
  deadQueue: string;
  controlExchange: string;
}

export function topologyNames(prefix = 'newsroom'): TopologyNames {
  return {
    tasksExchange: `${prefix}.tasks`,
    queue: { metadata: `${prefix}.metadata`, comments: `${prefix}.comments` },
    deadExchange: `${prefix}.dead`,
    deadQueue: `${prefix}.dead`,
    controlExchange: `${prefix}.control`,
  };
}

/** The arguments of a task queue; they are fixed at declaration, so every declarer must use these. */
export function taskQueueArguments(names: TopologyNames): Options.AssertQueue {
  return { durable: true, arguments: { 'x-max-priority': MAX_PRIORITY, 'x-dead-letter-exchange': names.deadExchange, 'x-queue-type': 'classic' } };
}

export async function declareTopology(ch: Channel, names: TopologyNames): Promise<void> {
  await ch.assertExchange(names.tasksExchange, 'direct', { durable: true });
  await ch.assertExchange(names.deadExchange, 'fanout', { durable: true });
  await ch.assertQueue(names.deadQueue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
  await ch.bindQueue(names.deadQueue, names.deadExchange, '');
  for (const kind of TASK_KINDS) {
    try {
      await ch.assertQueue(names.queue[kind], taskQueueArguments(names));
    } catch (e) {
      throw new Error(`declaring queue ${names.queue[kind]} failed (was it declared before with other arguments?)`, { cause: e });
    }
    await ch.bindQueue(names.queue[kind], names.tasksExchange, kind);
  }
  await ch.assertExchange(names.controlExchange, 'fanout', { durable: true });
}
