// A small client of the RabbitMQ management HTTP API: queue depths (ready + unacked, which AMQP alone
// cannot see) and the arguments a queue was declared with.
export interface QueueInfo {
  name: string;
  arguments: Record<string, unknown>;
  durable: boolean;
  messagesReady: number;
  messagesUnacknowledged: number;
  consumers: number;
}

export class ManagementClient {
  private base: URL;
  private auth: string;

  constructor(
    url: string,
    private vhost = '/',
  ) {
    const u = new URL(url);
    this.auth = 'Basic ' + Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
    u.username = '';
    u.password = '';
    this.base = u;
  }

  private async request(method: string, path: string): Promise<unknown> {
    const url = new URL(path, this.base);
    const res = await fetch(url, { method, headers: { authorization: this.auth }, signal: AbortSignal.timeout(10_000) });
    if (res.status === 404 && method === 'DELETE') return undefined;
    if (!res.ok) throw new Error(`RabbitMQ management API ${method} ${url.pathname} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res.status === 204 ? undefined : res.json();
  }

  private v(): string {
    return encodeURIComponent(this.vhost);
  }

  async queue(name: string): Promise<QueueInfo | undefined> {
    try {
      return toQueueInfo((await this.request('GET', `/api/queues/${this.v()}/${encodeURIComponent(name)}`)) as RawQueue);
    } catch (e) {
      if (/answered 404/.test((e as Error).message)) return undefined;
      throw e;
    }
  }

  async queues(prefix = ''): Promise<QueueInfo[]> {
    const all = (await this.request(
      'GET',
      `/api/queues/${this.v()}?columns=name,arguments,durable,messages_ready,messages_unacknowledged,consumers`,
    )) as RawQueue[];
    return all.filter((q) => q.name.startsWith(prefix)).map(toQueueInfo);
  }

  async deleteQueue(name: string): Promise<void> {
    await this.request('DELETE', `/api/queues/${this.v()}/${encodeURIComponent(name)}`);
  }

  /** Drops every ready message of a queue (the management UI's "Purge"). */
  async purgeQueue(name: string): Promise<void> {
    await this.request('DELETE', `/api/queues/${this.v()}/${encodeURIComponent(name)}/contents`);
  }

  async exchanges(prefix = ''): Promise<string[]> {
    const all = (await this.request('GET', `/api/exchanges/${this.v()}?columns=name`)) as { name: string }[];
    return all.map((e) => e.name).filter((n) => n.startsWith(prefix) && n !== '');
  }

  async deleteExchange(name: string): Promise<void> {
    await this.request('DELETE', `/api/exchanges/${this.v()}/${encodeURIComponent(name)}`);
  }
}

interface RawQueue {
  name: string;
  arguments?: Record<string, unknown>;
  durable?: boolean;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
}

function toQueueInfo(q: RawQueue): QueueInfo {
  return {
    name: q.name,
    arguments: q.arguments ?? {},
    durable: q.durable ?? false,
    messagesReady: q.messages_ready ?? 0,
    messagesUnacknowledged: q.messages_unacknowledged ?? 0,
    consumers: q.consumers ?? 0,
  };
}
