// Publishing tasks and control broadcasts through a confirm channel that reconnects by itself. A
// publish resolves only once the broker confirmed every message of the batch; a lost connection fails
// the batch (the tasks stay pending in PostgreSQL and are published again).
import type { ConfirmChannel } from 'amqplib';
import { connectAmqp, type AmqpHandle } from '../../lib/amqp/connection.js';
import type { ControlMessage } from '../../lib/amqp/messages.js';
import type { TopologyNames } from '../../lib/amqp/topology.js';
import type { Logger } from '../../lib/log.js';

export interface OutgoingTask {
  id: string;
  kind: 'metadata' | 'comments';
  priority: number;
  body: Buffer;
}

export class TaskPublisher {
  private handle?: AmqpHandle;
  private connecting?: Promise<void>;
  private closed = false;
  private backoffMs = 250;
  private ready?: () => void;
  /** Resolves whenever a connection is (re)established. */
  onConnected: () => void = () => undefined;

  constructor(
    private url: string,
    private names: TopologyNames,
    private log: Logger,
    /** The connection name shown by RabbitMQ. */
    private connectionName = 'newsroom-operator',
  ) {}

  get connected(): boolean {
    return this.handle !== undefined;
  }

  /** Connects (retrying in the background until it works); resolves on the first connection. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.ready = resolve;
      void this.connect();
    });
  }

  private connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      while (!this.closed && !this.handle) {
        try {
          const h = await connectAmqp(this.url, this.names, this.connectionName);
          const lost = (why: string) => (e?: Error) => {
            if (this.handle !== h) return;
            this.handle = undefined;
            if (!this.closed) {
              this.log.warn({ err: e?.message, why }, 'RabbitMQ connection lost; reconnecting');
              setTimeout(() => void this.connect(), this.backoffMs).unref();
            }
          };
          h.connection.on('close', lost('connection closed'));
          h.connection.on('error', () => undefined);
          h.channel.on('close', () => {
            // A channel closed by the broker (e.g. a failed declare) while the connection lives: drop both.
            if (this.handle === h) {
              lost('channel closed')();
              void h.close();
            }
          });
          h.channel.on('error', () => undefined);
          this.handle = h;
          this.backoffMs = 250;
          this.log.info('connected to RabbitMQ');
          this.ready?.();
          this.ready = undefined;
          this.onConnected();
        } catch (e) {
          this.log.warn({ err: (e as Error).message, cause: ((e as Error).cause as Error)?.message }, 'cannot connect to RabbitMQ; retrying');
          await new Promise((r) => setTimeout(r, this.backoffMs));
          this.backoffMs = Math.min(10_000, this.backoffMs * 2);
        }
      }
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private channel(): ConfirmChannel {
    if (!this.handle) throw new Error('not connected to RabbitMQ');
    return this.handle.channel;
  }

  /** Publishes a batch and waits for every confirm; throws if any message was nacked or the channel failed. */
  async publishTasks(tasks: OutgoingTask[]): Promise<void> {
    if (!tasks.length) return;
    const ch = this.channel();
    const confirms: Promise<void>[] = [];
    for (const t of tasks) {
      confirms.push(
        new Promise<void>((resolve, reject) => {
          const ok = ch.publish(
            this.names.tasksExchange,
            t.kind,
            t.body,
            { persistent: true, priority: t.priority, messageId: t.id, contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) },
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
    }
  }

  async publishControl(m: ControlMessage): Promise<void> {
    const ch = this.channel();
    await new Promise<void>((resolve, reject) => {
      ch.publish(this.names.controlExchange, '', Buffer.from(JSON.stringify(m)), { contentType: 'application/json' }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }
}
