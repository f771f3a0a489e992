// Queue depths from the RabbitMQ management API: ready + unacked messages of the task queues (unacked
// messages are invisible to an AMQP passive declare). The broker's statistics lag by a few seconds,
// so its figures are estimates beside PostgreSQL's. The dead-letter queue is read for the metric and
// the status only: its messages are nobody's work.
import type { QueueInfo } from '../../../lib/amqp/management.js';
import type { TopologyNames } from '../../../lib/amqp/topology.js';
import { defineSource, type Contribution } from './types.js';

export function queueContribution(queues: QueueInfo[], names: Pick<TopologyNames, 'deadQueue'>): Contribution {
  const work = queues.filter((q) => q.name !== names.deadQueue);
  const ready = work.reduce((n, q) => n + q.messagesReady, 0);
  const unacked = work.reduce((n, q) => n + q.messagesUnacknowledged, 0);
  return { running: unacked, outstanding: ready + unacked, queues };
}

export const queueDepths = defineSource<QueueInfo[]>({
  name: 'queue depths',
  read: async ({ management, names }) => {
    if (!management) throw new Error('no RabbitMQ management URL');
    const qs = await Promise.all([names.queue.metadata, names.queue.comments, names.deadQueue].map((n) => management.queue(n)));
    return qs.filter((q): q is QueueInfo => !!q);
  },
  contribute: (qs, { names }) => queueContribution(qs, names),
});
