// Shared steps of the operator suites: start the operator as a child process scoped to the suite,
// create Departments and CollectionJobs, consume task messages, and play the worker's part of the task
// contract in PostgreSQL (claim, succeed, fail).
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { resourceOf } from '../../lib/kube/client.js';
import { KubeRest, resourcePath, type KubeObject } from '../../lib/kube/rest.js';
import { spawnProgram, type ProgramProcess } from '../harness/process.js';
import type { Suite } from '../harness/stack.js';

export const JOBS = resourceOf('CollectionJob');
export const DEPTS = resourceOf('Department');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(everyMs);
  }
}

export interface OperatorProcess extends Omit<ProgramProcess, 'stop'> {
  port(): Promise<number>;
  stop(): Promise<number | null>;
}

export function operatorEnv(suite: Suite, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return suite.programEnv({
    LOG_LEVEL: 'info',
    OPERATOR_PORT: '0',
    OPERATOR_WATCH_NAMESPACES: suite.namespace,
    OPERATOR_DEPARTMENT_SELECTOR: `newsroom.dev/test-suite=${suite.id}`,
    LEADER_ELECTION_NAMESPACE: suite.namespace,
    LEADER_ELECTION_ID: `operator-${suite.id}`.slice(0, 63),
    OPERATOR_STATUS_INTERVAL_MS: '300',
    ...extra,
  });
}

export function startOperator(env: NodeJS.ProcessEnv): OperatorProcess {
  const p = spawnProgram('operator', env);
  return {
    ...p,
    port: () => waitFor('the operator to start', async () => Number(/"port":(\d+)[^\n]*operator started/.exec(p.output())?.[1] ?? 0), 30_000),
    stop: () => p.stop(),
  };
}

export class Kube {
  rest: KubeRest;
  constructor(private suite: Suite) {
    this.rest = new KubeRest(suite.kc);
  }

  /** A suite-unique Department name. */
  deptName(name: string): string {
    return `${this.suite.id}-${name}`.slice(0, 63).replace(/-+$/, '');
  }

  async createDepartment(name: string, spec: Record<string, unknown>): Promise<KubeObject> {
    return this.rest.request('POST', resourcePath(DEPTS), {
      body: {
        apiVersion: DEPTS.apiVersion,
        kind: 'Department',
        metadata: { name: this.deptName(name), labels: { 'newsroom.dev/test-suite': this.suite.id } },
        spec,
      },
    });
  }

  async patchDepartment(name: string, spec: Record<string, unknown>): Promise<void> {
    await this.rest.request('PATCH', resourcePath(DEPTS, undefined, this.deptName(name)), {
      contentType: 'application/merge-patch+json',
      body: { spec },
    });
  }

  async createJob(name: string, spec: Record<string, unknown>, o: { namespace?: string; annotations?: Record<string, string> } = {}): Promise<Job> {
    return this.rest.request('POST', resourcePath(JOBS, o.namespace ?? this.suite.namespace), {
      body: { apiVersion: JOBS.apiVersion, kind: 'CollectionJob', metadata: { name, annotations: o.annotations ?? {} }, spec },
    });
  }

  async getJob(name: string, namespace = this.suite.namespace): Promise<Job> {
    return this.rest.get(resourcePath(JOBS, namespace, name));
  }

  async patchJob(name: string, spec: Record<string, unknown>, namespace = this.suite.namespace): Promise<void> {
    await this.rest.request('PATCH', resourcePath(JOBS, namespace, name), { contentType: 'application/merge-patch+json', body: { spec } });
  }

  async deleteJob(name: string, namespace = this.suite.namespace): Promise<void> {
    await this.rest.request('DELETE', resourcePath(JOBS, namespace, name));
  }

  async events(namespace = this.suite.namespace): Promise<{ reason: string; message: string; involvedObject: { name: string } }[]> {
    const r = await this.rest.get<{ items: { reason: string; message: string; involvedObject: { name: string } }[] }>(
      `/api/v1/namespaces/${namespace}/events`,
    );
    return r.items;
  }

  /** Removes our finalizers and objects, so namespaces can go. */
  async cleanup(namespaces: string[]): Promise<void> {
    for (const ns of namespaces) {
      // One delete of the collection (an operator still running cannot add its finalizer back to an
      // object being deleted), then finalizers off, 16 at a time (the benchmarks leave thousands).
      // Passes until nothing holds a finalizer: a job created while the collection was being deleted
      // (or a patch lost to a timeout) would otherwise keep the namespace Terminating for ever.
      await this.rest.request('DELETE', resourcePath(JOBS, ns), { timeoutMs: 120_000 }).catch(() => undefined);
      // A list that fails (the apiserver busy with thousands of deletions) is retried, not taken as empty.
      const deadline = Date.now() + 300_000;
      for (let pass = 0; pass < 10 && Date.now() < deadline; pass++) {
        const list = await this.rest.request<{ items: Job[] }>('GET', resourcePath(JOBS, ns), { timeoutMs: 120_000 }).catch(() => null);
        if (!list) {
          await sleep(2000);
          continue;
        }
        const held = list.items.filter((j) => j.metadata.finalizers?.length);
        if (!held.length) break;
        let next = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < held.length) {
              const j = held[next++]!;
              await this.rest
                .request('PATCH', resourcePath(JOBS, ns, j.metadata.name), {
                  contentType: 'application/merge-patch+json',
                  body: { metadata: { finalizers: null } },
                })
                .catch(() => undefined);
            }
          }),
        );
      }
    }
    const depts = await this.rest
      .get<{ items: KubeObject[] }>(resourcePath(DEPTS), { labelSelector: `newsroom.dev/test-suite=${this.suite.id}` })
      .catch(() => ({ items: [] }));
    for (const d of depts.items) await this.rest.request('DELETE', resourcePath(DEPTS, undefined, d.metadata!.name)).catch(() => undefined);
    this.rest.close();
  }
}

export interface Job extends KubeObject {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; finalizers?: string[]; generation?: number };
  spec: Record<string, unknown>;
  status?: {
    phase?: string;
    priority?: number;
    department?: string;
    tasks?: Record<string, number>;
    progress?: string;
    articles?: number;
    message?: string;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  };
}

export const condition = (j: Job | undefined, type: string) => j?.status?.conditions?.find((c) => c.type === type);

export interface Delivered {
  id: string;
  priority: number;
  body: Record<string, unknown>;
  msg: ConsumeMessage;
}

/** A consumer of one queue that records deliveries (prefetch bounded; ack explicitly or at once). */
export class Consumer {
  private conn!: ChannelModel;
  ch!: Channel;
  got: Delivered[] = [];

  /** Consumes `queue` once it exists: the operator declares its queues just after its port opens. */
  static async open(url: string, queue: string, o: { prefetch?: number; autoAck?: boolean } = {}): Promise<Consumer> {
    return waitFor(`the queue ${queue} to be declared`, () => Consumer.tryOpen(url, queue, o), 30_000, 250);
  }

  private static async tryOpen(url: string, queue: string, o: { prefetch?: number; autoAck?: boolean }): Promise<Consumer | null> {
    const c = new Consumer();
    c.conn = await amqp.connect(url);
    // A missing queue closes the channel with a 404; without these listeners that would end the process.
    c.conn.on('error', () => undefined);
    c.ch = await c.conn.createChannel();
    c.ch.on('error', () => undefined);
    try {
      await c.ch.checkQueue(queue);
    } catch {
      await c.conn.close().catch(() => undefined);
      return null;
    }
    if (o.prefetch) await c.ch.prefetch(o.prefetch);
    await c.ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        c.got.push({
          id: String(msg.properties.messageId),
          priority: msg.properties.priority as number,
          body: JSON.parse(msg.content.toString()),
          msg,
        });
        if (o.autoAck !== false) c.ch.ack(msg);
      },
      { noAck: false },
    );
    return c;
  }

  ack(d: Delivered): void {
    this.ch.ack(d.msg);
  }

  async close(): Promise<void> {
    await this.ch.close().catch(() => undefined);
    await this.conn.close().catch(() => undefined);
  }
}

/** Binds a fresh exclusive queue to the control exchange and records what arrives. */
export async function controlListener(url: string, exchange: string): Promise<{ messages: Record<string, unknown>[]; close(): Promise<void> }> {
  const conn = await amqp.connect(url);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'fanout', { durable: true });
  const q = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(q.queue, exchange, '');
  const messages: Record<string, unknown>[] = [];
  await ch.consume(q.queue, (m) => m && messages.push(JSON.parse(m.content.toString())), { noAck: true });
  return { messages, close: async () => void (await conn.close().catch(() => undefined)) };
}

/** The worker's side of the contract, in SQL. */
export const worker = {
  claim: (suite: Suite, id: string) =>
    suite.pool.query(
      `UPDATE tasks SET state='running', attempts=attempts+1, lease_owner='test', lease_expires_at=now()+interval '5 minutes', started_at=COALESCE(started_at, now()) WHERE id=$1 AND state='queued'`,
      [id],
    ),
  succeed: (suite: Suite, id: string, articles = 0, comments = 0) =>
    suite.pool.query(`UPDATE tasks SET state='succeeded', articles=$2, comments=$3, finished_at=now() WHERE id=$1`, [id, articles, comments]),
  retryable: (suite: Suite, id: string, reason: string) =>
    suite.pool.query(`UPDATE tasks SET state='pending', error_kind='retryable', last_error=$2, finished_at=now() WHERE id=$1`, [id, reason]),
};

export async function taskStates(suite: Suite, jobUid: string): Promise<Record<string, number>> {
  const r = await suite.pool.query(`SELECT state, count(*)::int AS n FROM tasks WHERE job_uid=$1 GROUP BY state`, [jobUid]);
  return Object.fromEntries(r.rows.map((x: { state: string; n: number }) => [x.state, x.n]));
}
