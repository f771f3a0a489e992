// Opens an AMQP connection and a confirm channel with the topology declared, and keeps one open:
// ReconnectingAmqp reconnects after a lost connection (broker restart, a connection closed by an
// administrator, the network) with capped exponential backoff and jitter, declares the topology again
// on every new connection, and tells its users when the connection is lost and when it is back. The
// operator's publisher and the worker's consumers share it.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { redactUrl } from '../config.js';
import type { Logger } from '../log.js';
import { declareTopology, type TopologyNames } from './topology.js';

export interface AmqpHandle {
  connection: ChannelModel;
  channel: ConfirmChannel;
  close(): Promise<void>;
}

/** How long opening the socket and the AMQP handshake may take before the attempt fails. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function connectAmqp(url: string, names: TopologyNames, clientName: string): Promise<AmqpHandle> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(url, { clientProperties: { connection_name: clientName }, timeout: CONNECT_TIMEOUT_MS });
  } catch (e) {
    throw new Error(`cannot connect to RabbitMQ at ${redactUrl(url)}`, { cause: e });
  }
  // Until the caller listens, an 'error' event (the broker closing the connection) must not throw.
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await declareTopology(channel, names);
    return {
      connection,
      channel,
      close: async () => {
        await channel.close().catch(() => undefined);
        await connection.close().catch(() => undefined);
      },
    };
  } catch (e) {
    await connection.close().catch(() => undefined);
    throw e;
  }
}

/**
 * The wait before reconnect attempt `attempt` (0 for the first): exponential from minMs, capped at
 * maxMs, with "equal jitter" (between half and all of the step) so that many clients cut off by the
 * same broker restart do not come back in lock step.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface ReconnectingOptions {
  url: string;
  names: TopologyNames;
  /** The connection name shown by RabbitMQ. */
  clientName: string;
  log: Logger;
  /** First reconnect wait (default 250 ms) and the cap (default 10 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

type ConnectedListener = (h: AmqpHandle) => Promise<void> | void;
type LostListener = (why: string) => void;

/**
 * One AMQP connection (plus a confirm channel with the topology declared) kept open for as long as the
 * program runs. Listeners added with onConnected run after every (re)connection, in order; one that
 * throws (e.g. its channel could not be opened) drops the connection, which is then opened again.
 * onLost listeners run once per lost connection, before the reconnect attempts start.
 */
export class ReconnectingAmqp {
  private current?: AmqpHandle;
  private loop?: Promise<void>;
  private closed = false;
  private stop = new AbortController();
  private up: ConnectedListener[] = [];
  private down: LostListener[] = [];
  private firstWaiters: (() => void)[] = [];
  private lostAt?: number;
  private everConnected = false;
  /** Times a connection was lost (for metrics and tests). */
  lostCount = 0;

  constructor(private o: ReconnectingOptions) {}

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** The open connection and its confirm channel, if any. */
  get handle(): AmqpHandle | undefined {
    return this.current;
  }

  onConnected(fn: ConnectedListener): void {
    this.up.push(fn);
  }

  onLost(fn: LostListener): void {
    this.down.push(fn);
  }

  /** Starts connecting (retrying in the background); resolves once connected (or closed). */
  start(): Promise<void> {
    const first = this.connected || this.closed ? Promise.resolve() : new Promise<void>((r) => this.firstWaiters.push(r));
    void this.run();
    return first;
  }

  private run(): Promise<void> {
    if (this.loop) return this.loop;
    this.loop = (async () => {
      const { log } = this.o;
      for (let attempt = 0; !this.closed && !this.current; attempt++) {
        if (this.lostAt !== undefined) await this.sleep(backoffDelay(attempt, this.o.minDelayMs ?? 250, this.o.maxDelayMs ?? 10_000));
        if (this.closed) break;
        let h: AmqpHandle | undefined;
        try {
          h = await connectAmqp(this.o.url, this.o.names, this.o.clientName);
          if (this.closed) {
            await h.close();
            break;
          }
          this.watch(h);
          this.current = h;
          const downMs = this.lostAt === undefined ? 0 : Date.now() - this.lostAt;
          this.lostAt = undefined;
          if (!this.everConnected) log.info('connected to RabbitMQ');
          else log.warn({ downMs, attempts: attempt + 1 }, 'RabbitMQ connection is back');
          this.everConnected = true;
          for (const fn of this.up) {
            if (this.current !== h) break;
            await fn(h);
          }
          for (const r of this.firstWaiters.splice(0)) r();
        } catch (e) {
          const err = e as Error;
          if (h && this.current === h) {
            // A listener failed on this connection: drop it and connect again.
            log.warn({ err: err.message }, 'setting up the new RabbitMQ connection failed; reconnecting');
            this.lost(h, 'setup failed');
            void h.close();
            continue;
          }
          const fields = { err: err.message, cause: (err.cause as Error | undefined)?.message, attempt: attempt + 1 };
          if (!this.everConnected) log.warn(fields, 'cannot connect to RabbitMQ; retrying');
          else log.debug(fields, 'reconnecting to RabbitMQ failed; retrying');
          if (this.lostAt === undefined) this.lostAt = Date.now();
        }
      }
    })().finally(() => {
      this.loop = undefined;
      // A connection lost while the loop was finishing its listeners starts a new loop.
      if (!this.closed && !this.current) void this.run();
    });
    return this.loop;
  }

  private watch(h: AmqpHandle): void {
    h.connection.on('close', (e?: Error) => this.lost(h, e ? `connection closed: ${e.message}` : 'connection closed'));
    h.channel.on('close', () => {
      // A channel closed by the broker (e.g. a failed declare) while the connection lives: drop both.
      if (this.current === h) {
        this.lost(h, 'channel closed');
        void h.close();
      }
    });
  }

  private lost(h: AmqpHandle, why: string): void {
    if (this.current !== h) return;
    this.current = undefined;
    this.lostCount++;
    this.lostAt = Date.now();
    if (this.closed) return;
    this.o.log.warn({ why }, 'RabbitMQ connection lost; reconnecting');
    for (const fn of this.down) {
      try {
        fn(why);
      } catch (e) {
        this.o.log.error({ err: e }, 'a listener of the lost RabbitMQ connection failed');
      }
    }
    void this.run();
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stop.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  /** Drops the current connection (e.g. one of its users' channels was closed by the broker) and opens a new one. */
  reconnect(why: string): void {
    const h = this.current;
    if (!h || this.closed) return;
    this.lost(h, why);
    void h.close();
  }

  /** Stops reconnecting and closes the connection; a reconnect wait ends at once. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop.abort();
    for (const r of this.firstWaiters.splice(0)) r();
    const h = this.current;
    this.current = undefined;
    await h?.close();
  }
}
