// Follows task changes: LISTEN on newsroom_tasks (notified by a trigger with the job uid whenever a
// task's state or counts change). The connection reconnects with backoff; after a reconnect the
// callback gets '*' because notifications sent meanwhile are lost.
import pg from 'pg';
import type { Logger } from '../../lib/log.js';

export const TASKS_CHANNEL = 'newsroom_tasks';

export class TaskChangeListener {
  private client?: pg.Client;
  private closed = false;
  private backoffMs = 250;

  constructor(
    private databaseUrl: string,
    private onChange: (jobUid: string) => void,
    private log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect(false);
  }

  private async connect(isReconnect: boolean): Promise<void> {
    while (!this.closed) {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'newsroom-operator-listen' });
      try {
        await client.connect();
        client.on('notification', (n) => {
          if (n.channel === TASKS_CHANNEL && n.payload) this.onChange(n.payload);
        });
        const lost = () => {
          if (this.client !== client) return;
          this.client = undefined;
          client.end().catch(() => undefined);
          if (!this.closed) {
            this.log.warn('lost the PostgreSQL LISTEN connection; reconnecting');
            setTimeout(() => void this.connect(true), this.backoffMs).unref();
          }
        };
        client.on('error', lost);
        client.on('end', lost);
        await client.query(`LISTEN ${TASKS_CHANNEL}`);
        this.client = client;
        this.backoffMs = 250;
        if (isReconnect) this.onChange('*');
        return;
      } catch (e) {
        client.end().catch(() => undefined);
        this.log.warn({ err: (e as Error).message }, 'cannot LISTEN on PostgreSQL; retrying');
        await new Promise((r) => setTimeout(r, this.backoffMs));
        this.backoffMs = Math.min(10_000, this.backoffMs * 2);
        isReconnect = true;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
