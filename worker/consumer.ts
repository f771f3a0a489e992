// RabbitMQ consumption: N slots, each its own channel with prefetch 1 consuming both task queues, so at
// most one unacknowledged task per slot and the queues' priority order is what a free slot gets next.
// A per-worker exclusive queue on the control exchange carries pause / resume / cancel.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { MessageError, parseControlMessage, type ControlMessage } from '../lib/amqp/messages.js';
import { TASK_KINDS, type TopologyNames } from '../lib/amqp/topology.js';
import type { Logger } from '../lib/log.js';

export type Handler = (msg: ConsumeMessage, ch: Channel, queue: string) => Promise<void>;

interface Slot {
  ch: Channel;
  tags: string[];
}

export class Consumer {
  private slots: Slot[] = [];
  private control?: Channel;
  private paused = false;
  private stopping = false;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private conn: ChannelModel,
    private names: TopologyNames,
    private slotCount: number,
    private handler: Handler,
    private onControl: (m: ControlMessage) => void,
    private log: Logger,
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.slotCount; i++) {
      const ch = await this.conn.createChannel();
      // global=true: the limit is per channel, shared by its two consumers.
      await ch.prefetch(1, true);
      ch.on('error', (e) => this.log.error({ err: e, slot: i }, 'slot channel error'));
      this.slots.push({ ch, tags: [] });
    }
    await this.consumeAll();
    const control = await this.conn.createChannel();
    this.control = control;
    const q = await control.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await control.bindQueue(q.queue, this.names.controlExchange, '');
    await control.consume(
      q.queue,
      (msg) => {
        if (!msg) return;
        try {
          this.onControl(parseControlMessage(msg.content));
        } catch (e) {
          if (e instanceof MessageError) this.log.warn({ reason: e.message }, 'ignoring an unreadable control message');
          else this.log.error({ err: e }, 'handling a control message failed');
        }
      },
      { noAck: true },
    );
  }

  private async consumeAll(): Promise<void> {
    for (const slot of this.slots) {
      if (slot.tags.length) continue;
      for (const kind of TASK_KINDS) {
        const queue = this.names.queue[kind];
        const { consumerTag } = await slot.ch.consume(queue, (msg) => {
          if (!msg) {
            this.log.warn({ queue }, 'the broker cancelled our consumer');
            return;
          }
          const p = this.handler(msg, slot.ch, queue).finally(() => this.inFlight.delete(p));
          this.inFlight.add(p);
        });
        slot.tags.push(consumerTag);
      }
    }
  }

  private async cancelAll(): Promise<void> {
    for (const slot of this.slots) {
      for (const tag of slot.tags.splice(0)) await slot.ch.cancel(tag).catch(() => undefined);
    }
  }

  /** Stops taking new tasks; tasks in progress continue. */
  async pause(): Promise<void> {
    if (this.paused) return;
    this.paused = true;
    await this.cancelAll();
    this.log.info('paused: not taking new tasks');
  }

  async resume(): Promise<void> {
    if (!this.paused || this.stopping) return;
    this.paused = false;
    await this.consumeAll();
    this.log.info('resumed');
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Stops consuming and waits up to graceMs for tasks in flight; returns whether they all finished. */
  async drain(graceMs: number): Promise<boolean> {
    this.stopping = true;
    await this.cancelAll();
    const all = Promise.all([...this.inFlight]).then(() => true);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref());
    return Promise.race([all, timeout]);
  }

  /** Waits for every handler to return (after they were told to stop). */
  async settle(ms: number): Promise<void> {
    await Promise.race([Promise.all([...this.inFlight]), new Promise((r) => setTimeout(r, ms).unref())]);
  }

  async close(): Promise<void> {
    for (const slot of this.slots) await slot.ch.close().catch(() => undefined);
    await this.control?.close().catch(() => undefined);
  }
}
