// The broker audit's reads and writes in PostgreSQL: queued tasks per queue, the tasks a reason names,
// and the mark of a re-publication (updated_at, which the tasks trigger keeps; an update that does not
// change the state does not notify newsroom_tasks).
import type { Pool } from '../../lib/db/pool.js';
import type { TaskKind } from '../../lib/amqp/topology.js';
import type { ReadyTask } from '../store/store.js';
import type { RepublishReason } from './audit.js';

export type LostTask = ReadyTask & { priority: number };

export class AuditStore {
  constructor(private pool: Pool) {}

  /** Queued tasks of jobs not suspended, per queue, marked queued more than settleMs ago. */
  async queuedByKind(settleMs: number): Promise<Map<TaskKind, number>> {
    const r = await this.pool.query<{ kind: TaskKind; n: number }>(
      `SELECT t.kind, count(*)::int AS n FROM tasks t JOIN jobs j ON j.uid = t.job_uid AND NOT j.suspended
        WHERE t.state = 'queued' AND t.queued_at < now() - make_interval(secs => $1) GROUP BY t.kind`,
      [settleMs / 1000],
    );
    return new Map(r.rows.map((x) => [x.kind, x.n]));
  }

  /** The tasks of `kind` a reason names that nothing touched since `before`, oldest first. */
  async lost(kind: TaskKind, reason: RepublishReason, before: Date, limit: number): Promise<LostTask[]> {
    const which = reason === 'lease-expired' ? `t.state = 'running' AND t.lease_expires_at < $2` : `t.state = 'queued'`;
    const r = await this.pool.query<LostTask>(
      `SELECT t.id, t.job_uid AS "jobUid", t.kind, t.shard, t.attempts, t.created_at AS "createdAt", t.priority
         FROM tasks t JOIN jobs j ON j.uid = t.job_uid AND NOT j.suspended
        WHERE t.kind = $1 AND ${which} AND t.updated_at < $2
        ORDER BY t.updated_at LIMIT $3`,
      [kind, before, limit],
    );
    return r.rows;
  }

  /** Marks tasks as published again now (their untouched time starts over). */
  async touch(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.pool.query(`UPDATE tasks SET updated_at = now() WHERE id = ANY($1::uuid[]) AND state IN ('queued', 'running')`, [ids]);
  }
}
