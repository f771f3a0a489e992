// The Failed condition's message for too many failed tasks: the count and the tolerance, then the first
// errors as the workers recorded them (which task, and the worker's reason: field, selector, what was
// found), so `kubectl describe`, the job's Event and the REST/console status say why, not only how many.
// Pure: the failures are read beforehand (the first ones by the time they failed).
import type { TaskShard } from '../../lib/amqp/messages.js';

export type TaskFailure = TaskShard & {
  /** The worker's reason (tasks.last_error); null when it recorded none. */
  error: string | null;
};

/** How many failures the message names; the rest are counted and left to GET /v1/jobs/{name}/errors. */
export const NAMED_FAILURES = 3;
/** A reason longer than this is cut (a condition message is read in a terminal). */
const REASON_CHARS = 300;

/** Which task, in the words of the job's spec: the keyword and day (and how), or the article. */
export function describeTask(t: TaskShard): string {
  if (t.kind === 'metadata') return `metadata of "${t.shard.keyword}" on ${t.shard.day} (${t.shard.method})`;
  return `comments of ${t.shard.url}`;
}

const cut = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > REASON_CHARS ? `${one.slice(0, REASON_CHARS - 1)}…` : one;
};

export function failedTasksMessage(failed: number, total: number, tolerance: number, first: readonly TaskFailure[]): string {
  const head = `${failed} of ${total} tasks failed (tolerance ${tolerance})`;
  const named = first.slice(0, NAMED_FAILURES);
  if (!named.length) return head;
  const parts = named.map((f) => `${describeTask(f)}: ${f.error ? cut(f.error) : 'no reason was recorded'}`);
  const more = failed - named.length;
  return `${head}; ${parts.join('; ')}${more > 0 ? `; and ${more} more (GET /v1/jobs/{name}/errors lists them)` : ''}`;
}
