// Job-scoped log lines for users (job_logs): what happened to their job, in plain words.
import type { Pool } from './pool.js';

export const LOG_LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
export type JobLogLevel = keyof typeof LOG_LEVELS;

export interface JobLogLine {
  jobUid: string | null;
  taskId?: string | null;
  level: JobLogLevel;
  component: 'operator' | 'worker' | 'api';
  message: string;
  fields?: Record<string, unknown>;
  time?: Date;
}

/** Writes lines in one statement. */
export async function writeJobLogs(pool: Pool, lines: JobLogLine[]): Promise<void> {
  if (lines.length === 0) return;
  await pool.query(
    `INSERT INTO job_logs (job_uid, task_id, time, level, component, message, fields)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::smallint[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      lines.map((l) => l.jobUid),
      lines.map((l) => l.taskId ?? null),
      lines.map((l) => l.time ?? new Date()),
      lines.map((l) => LOG_LEVELS[l.level]),
      lines.map((l) => l.component),
      lines.map((l) => l.message),
      lines.map((l) => (l.fields ? JSON.stringify(l.fields) : null)),
    ],
  );
}
