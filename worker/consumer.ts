// RabbitMQ consumption: N slots, each its own channel with prefetch 1 consuming both task queues, so at
// most one unacknowledged task per slot and the queues' priority order is what a free slot gets next.
// A per-worker exclusive queue on the control exchange carries pause / resume / cancel.
//
// The connection is a ReconnectingAmqp: when it is lost, the slots' channels are gone with it and the
// tasks they delivered keep running. Their delivery tags mean nothing on any later channel, so a
// delivery is only ever settled on the channel that delivered it, and not at all once that channel is
// closed (the broker redelivers the message). After the reconnect the slots are opened and subscribed
// again (unless paused or stopping); a redelivered copy of a task that is still running here waits for
// that run to end before it is handled, so the claim sees the task's outcome and drops the copy.
//
// The broker may also forget a queue while the connection lives (deleted by an administrator, a node
// that came back without its data): it cancels our consumers (amqplib calls the consume callback with
// null). The topology is then declared again and the slots subscribe again, after a short backoff while
// the declare keeps failing; the operator re-publishes the tasks whose messages were lost.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay, type ReconnectingAmqp } from '../lib/amqp/connection.js';
import { MessageError, parseControlMessage, type ControlMessage } from '../lib/amqp/messages.js';
import { declareTopology, TASK_KINDS, type TaskKind, type TopologyNames } from '../lib/amqp/topology.js';
import type { Logger } from '../lib/log.js';

export type Handler = (msg: ConsumeMessage, ch: Channel, queue: string) => Promise<void>;

interface Slot {
  ch: Channel;
  /** The slot's consumer tag per task queue; a queue without one is not subscribed. */
  tags: Map<TaskKind, string>;
  open: boolean;
}

interface Delivery {
  messageId?: string;
  slot: Slot;
}

export class Consumer {
  private slots: Slot[] = [];
  private control?: Channel;
  private paused = false;
  private stopping = false;
  private closing = false;
  private inFlight = new Map<Promise<void>, Delivery>();
  private recovering?: Promise<void>;
  /** Called for every consumer the broker cancelled (a queue deleted or lost), for the metrics. */
  onCancelledByBroker: () => void = () => undefined;

  constructor(
    private amqp: ReconnectingAmqp,
    private names: TopologyNames,
    private slotCount: number,
    private handler: Handler,
    private onControl: (m: ControlMessage) => void,
    private log: Logger,
  ) {
    amqp.onConnected((h) => this.attach(h.connection));
    amqp.onLost(() => this.detach());
  }

  /** Connects (retrying until the broker answers) and starts consuming. */
  async start(): Promise<void> {
    await this.amqp.start();
  }

  /** Whether the slots are subscribed (or deliberately not, when paused): false while disconnected. */
  get connected(): boolean {
    return this.amqp.connected && this.slots.length === this.slotCount;
  }

  private async attach(conn: ChannelModel): Promise<void> {
    const slots: Slot[] = [];
    for (let i = 0; i < this.slotCount; i++) {
      const ch = await conn.createChannel();
      // global=true: the limit is per channel, shared by its two consumers.
      await ch.prefetch(1, true);
      const slot: Slot = { ch, tags: new Map(), open: true };
      ch.on('error', (e) => this.log.error({ err: e, slot: i }, 'slot channel error'));
      ch.on('close', () => {
        const wasOpen = slot.open;
        slot.open = false;
        slot.tags.clear();
        // Closed by the broker while the connection lives (a channel error): start afresh rather than
        // go on with a slot less. Checked after the connection's own close event, which comes after its
        // channels' and detaches the slots.
        if (wasOpen && !this.closing) setImmediate(() => this.slots.includes(slot) && this.amqp.reconnect(`slot ${i} channel closed`));
      });
      slots.push(slot);
    }
    this.slots = slots;
    if (!this.paused && !this.stopping) await this.consumeAll();
    const control = await conn.createChannel();
    control.on('error', (e) => this.log.error({ err: e }, 'control channel error'));
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

  /** The connection is gone: its channels and their delivery tags with it. Running tasks go on. */
  private detach(): void {
    for (const s of this.slots) {
      s.open = false;
      s.tags.clear();
    }
    this.slots = [];
    this.control = undefined;
    const orphans = [...this.inFlight.values()].filter((d) => !d.slot.open).length;
    if (orphans) this.log.info({ tasks: orphans }, 'tasks in progress go on; their messages are not acknowledged on any later channel');
  }

  private async consumeAll(): Promise<void> {
    for (const slot of this.slots) {
      for (const kind of TASK_KINDS) {
        if (!slot.open || slot.tags.has(kind) || this.paused || this.stopping) continue;
        const queue = this.names.queue[kind];
        const { consumerTag } = await slot.ch.consume(queue, (msg) => {
          if (!msg) return this.cancelled(slot, kind, consumerTag);
          this.deliver(slot, queue, msg);
        });
        slot.tags.set(kind, consumerTag);
      }
    }
  }

  /** The broker cancelled a consumer (its queue is gone): declare the topology again and subscribe again. */
  private cancelled(slot: Slot, kind: TaskKind, tag: string): void {
    if (slot.tags.get(kind) === tag) slot.tags.delete(kind);
    this.onCancelledByBroker();
    this.log.warn({ queue: this.names.queue[kind] }, 'the broker cancelled our consumer (the queue was deleted or lost); declaring it again');
    this.recovering ??= this.recover().finally(() => (this.recovering = undefined));
  }

  private async recover(): Promise<void> {
    for (let attempt = 0; !this.closing && !this.stopping; attempt++) {
      // Let the other slots' cancel notifications of the same deletion arrive first.
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, 200, 5_000)));
      const slot = this.slots.find((s) => s.open);
      if (!slot) return; // the connection is gone: the reconnect declares and subscribes
      try {
        await declareTopology(slot.ch, this.names);
        await this.consumeAll();
        this.log.info('task queues declared again and every slot subscribed');
        return;
      } catch (e) {
        // A failed declare closes the slot's channel, which reconnects the whole connection.
        this.log.warn({ err: (e as Error).message, attempt: attempt + 1 }, 'declaring the task queues again failed');
      }
    }
  }

  private deliver(slot: Slot, queue: string, msg: ConsumeMessage): void {
    const messageId = typeof msg.properties.messageId === 'string' ? msg.properties.messageId : undefined;
    // A copy of a task whose earlier delivery (on a lost channel) is still being worked on here.
    const earlier = messageId
      ? [...this.inFlight].filter(([, d]) => d.messageId === messageId && d.slot !== slot && !d.slot.open).map(([p]) => p)
      : [];
    if (earlier.length)
      this.log.info({ messageId, queue }, 'redelivered while its earlier delivery is still running here: handling it once that run ends');
    const ch = settleGuard(slot, (op) =>
      this.log.info(
        { messageId, queue, op },
        'not settling a delivery of a lost channel (the broker redelivers the message; the recorded outcome decides what happens to the copy)',
      ),
    );
    const p = Promise.all(earlier)
      .then(() => this.handler(msg, ch, queue))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.set(p, { messageId, slot });
  }

  private async cancelAll(): Promise<void> {
    for (const slot of this.slots) {
      const tags = [...slot.tags.values()];
      slot.tags.clear();
      for (const tag of tags) {
        if (slot.open)
          await Promise.resolve()
            .then(() => slot.ch.cancel(tag))
            .catch(() => undefined);
      }
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
    const all = Promise.all([...this.inFlight.keys()]).then(() => true);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref());
    return Promise.race([all, timeout]);
  }

  /** Waits for every handler to return (after they were told to stop). */
  async settle(ms: number): Promise<void> {
    await Promise.race([Promise.all([...this.inFlight.keys()]), new Promise((r) => setTimeout(r, ms).unref())]);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) if (slot.open) await slot.ch.close().catch(() => undefined);
    await this.control?.close().catch(() => undefined);
  }
}

/**
 * The slot's channel as the handler sees it: ack / nack / reject go to the channel that delivered the
 * message while it is open, and do nothing once it closed (its delivery tags are void; on a new channel
 * the same tag would settle a different message).
 */
function settleGuard(slot: Slot, stale: (op: string) => void): Channel {
  const ch = slot.ch;
  return new Proxy(ch, {
    get(target, prop) {
      if (prop === 'ack' || prop === 'nack' || prop === 'reject') {
        return (...args: unknown[]) => {
          if (!slot.open) return stale(prop);
          try {
            (target[prop] as (...a: unknown[]) => void).apply(target, args);
          } catch {
            // closed between the check and the call
            stale(prop);
          }
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
