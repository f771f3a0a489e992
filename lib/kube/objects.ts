// Writes to our objects with optimistic concurrency: every patch carries the resourceVersion it was
// computed from, and a 409 Conflict re-reads the object and computes again.
import { isConflict, isNotFound, MERGE_PATCH, type KubeObject, type KubeRest } from './rest.js';

/** Attempts of one write in all: the first and five more after conflicts. */
export const CONFLICT_ATTEMPTS = 6;

/**
 * Runs `op` again after a 409 Conflict, at most `attempts` times in all; any other error, or the
 * conflict of the last attempt, is thrown. `op` gets the attempt's number (0 first), so it can re-read
 * what it writes before trying again.
 */
export async function retryOnConflict<R>(op: (attempt: number) => Promise<R>, attempts = CONFLICT_ATTEMPTS): Promise<R> {
  for (let i = 0; ; i++) {
    try {
      return await op(i);
    } catch (e) {
      if (!isConflict(e) || i + 1 >= attempts) throw e;
    }
  }
}

export interface WriteOptions {
  /**
   * Asked before every request: false ends the write without writing (it returns undefined). The
   * operator passes its leadership, so a leader that lost its lease starts no new write.
   */
  allowed?: () => boolean;
}

/** What a write decides from the object as stored: a merge patch to send, or its answer without one. */
type Decision<T> = { patch: { path: string; body: Record<string, unknown> } } | { answer: T | undefined };

/**
 * One optimistic write of an object: `decide` gets the object as stored (`current` first, re-read
 * after a conflict). An object that is gone, at the write or the re-read, gives undefined.
 */
async function writeObject<T extends KubeObject>(
  rest: KubeRest,
  objectPath: string,
  current: T,
  decide: (obj: T) => Decision<T>,
  o: WriteOptions,
): Promise<T | undefined> {
  let obj = current;
  try {
    return await retryOnConflict(async (attempt) => {
      if (attempt > 0) obj = await rest.get<T>(objectPath);
      const d = decide(obj);
      if ('answer' in d) return d.answer;
      if (o.allowed && !o.allowed()) return undefined;
      return rest.request<T>('PATCH', d.patch.path, { contentType: MERGE_PATCH, body: d.patch.body });
    });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** A merge patch that replaces `next` wholesale over `prev`: keys that disappeared become null. */
export function replacingPatch(prev: Record<string, unknown> | undefined, next: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...next };
  for (const k of Object.keys(prev ?? {})) if (!(k in next)) out[k] = null;
  return out;
}

/**
 * Writes status through the /status subresource. `compute` gets the object as stored and returns the
 * status to write, or null when nothing needs writing. Returns the updated object, or undefined when
 * the object is gone or nothing was written.
 */
export function writeStatus<T extends KubeObject>(
  rest: KubeRest,
  objectPath: string,
  current: T,
  compute: (obj: T) => Record<string, unknown> | null,
  o: WriteOptions = {},
): Promise<T | undefined> {
  return writeObject(
    rest,
    objectPath,
    current,
    (obj) => {
      const status = compute(obj);
      if (!status) return { answer: undefined };
      const body = {
        metadata: { resourceVersion: obj.metadata?.resourceVersion },
        status: replacingPatch(obj.status as Record<string, unknown> | undefined, status),
      };
      return { patch: { path: `${objectPath}/status`, body } };
    },
    o,
  );
}

/**
 * Adds or removes a finalizer (with the same conflict handling). Returns the updated object (the
 * object itself when the finalizer already is as asked), or undefined when it is gone or the write
 * was not allowed.
 */
export function setFinalizer<T extends KubeObject>(
  rest: KubeRest,
  objectPath: string,
  current: T,
  finalizer: string,
  present: boolean,
  o: WriteOptions = {},
): Promise<T | undefined> {
  return writeObject(
    rest,
    objectPath,
    current,
    (obj) => {
      const list = obj.metadata?.finalizers ?? [];
      if (list.includes(finalizer) === present) return { answer: obj };
      const next = present ? [...list, finalizer] : list.filter((f) => f !== finalizer);
      return { patch: { path: objectPath, body: { metadata: { resourceVersion: obj.metadata?.resourceVersion, finalizers: next } } } };
    },
    o,
  );
}
