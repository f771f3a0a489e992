// Publishing tasks and control broadcasts through a confirm channel that reconnects by itself. A
// publish resolves only once the broker confirmed every message of the batch; a lost connection fails
// the batch (the tasks stay pending in PostgreSQL and are published again). Tasks are published
// `mandatory`: a message no queue takes (its queue was deleted) comes back before its confirm, is
// reported as unroutable (the task stays pending) and the topology is declared again.
import type { ConfirmChannel, Message } from 'amqplib';
import { ReconnectingAmqp } from '../../lib/amqp/connection.js';
import type { ControlMessage } from '../../lib/amqp/messages.js';
import { declareTopology, type TopologyNames } from '../../lib/amqp/topology.js';
import type { Logger } from '../../lib/log.js';

export interface OutgoingTask {
  id: string;
  kind: 'metadata' | 'comments';
  priority: number;
  body: Buffer;
}

export class TaskPublisher {
  private conn: ReconnectingAmqp;
  /** Called whenever a connection is (re)established. */
  onConnected: () => void = () => undefined;

  constructor(
    url: string,
    private names: TopologyNames,
    log: Logger,
    /** The connection name shown by RabbitMQ. */
    connectionName = 'newsroom-operator',
  ) {
    this.conn = new ReconnectingAmqp({ url, names, clientName: connectionName, log });
    this.conn.onConnected(() => this.onConnected());
  }

  get connected(): boolean {
    return this.conn.connected;
  }

  /** Connects (retrying in the background until it works); resolves on the first connection. */
  start(): Promise<void> {
    return this.conn.start();
  }

  private channel(): ConfirmChannel {
    const h = this.conn.handle;
    if (!h) throw new Error('not connected to RabbitMQ');
    return h.channel;
  }

  /** Declares the topology again on the open channel (a queue was deleted or lost while we were connected). */
  async redeclare(): Promise<void> {
    await declareTopology(this.channel(), this.names);
  }

  /**
   * Publishes a batch and waits for every confirm; throws if any message was nacked or the channel
   * failed. Returns the ids of the tasks no queue took (returned as unroutable): they were not stored.
   */
  async publishTasks(tasks: OutgoingTask[]): Promise<string[]> {
    if (!tasks.length) return [];
    const ch = this.channel();
    const returned: string[] = [];
    const onReturn = (m: Message) => {
      if (typeof m.properties.messageId === 'string') returned.push(m.properties.messageId);
    };
    ch.on('return', onReturn);
    const confirms: Promise<void>[] = [];
    for (const t of tasks) {
      confirms.push(
        new Promise<void>((resolve, reject) => {
          const ok = ch.publish(
            this.names.tasksExchange,
            t.kind,
            t.body,
            {
              persistent: true,
              mandatory: true,
              priority: t.priority,
              messageId: t.id,
              contentType: 'application/json',
              timestamp: Math.floor(Date.now() / 1000),
            },
            (err) => (err ? reject(new Error(`the broker refused task ${t.id}`, { cause: err })) : resolve()),
          );
          void ok;
        }),
      );
    }
    let onClose = () => undefined as void;
    const closed = new Promise<never>((_, reject) => {
      onClose = () => reject(new Error('the RabbitMQ channel closed before every confirm arrived'));
      ch.once('close', onClose);
    });
    try {
      await Promise.race([Promise.all(confirms), closed]);
    } finally {
      ch.removeListener('close', onClose);
      ch.removeListener('return', onReturn);
    }
    if (returned.length) await this.redeclare();
    return returned;
  }

  async publishControl(m: ControlMessage): Promise<void> {
    const ch = this.channel();
    await new Promise<void>((resolve, reject) => {
      ch.publish(this.names.controlExchange, '', Buffer.from(JSON.stringify(m)), { contentType: 'application/json' }, (err: unknown) =>
        err ? reject(new Error(`RabbitMQ did not confirm the ${m.action} control message`, { cause: err })) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
