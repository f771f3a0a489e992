// Writes to our objects with optimistic concurrency: every patch carries the resourceVersion it was
// computed from, and a 409 Conflict re-reads the object and computes again.
import { isConflict, isNotFound, MERGE_PATCH, type KubeObject, type KubeRest } from './rest.js';

const MAX_TRIES = 5;

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
export async function writeStatus<T extends KubeObject>(rest: KubeRest, objectPath: string, current: T, compute: (obj: T) => Record<string, unknown> | null): Promise<T | undefined> {
  let obj = current;
  for (let i = 0; ; i++) {
    const status = compute(obj);
    if (!status) return undefined;
    try {
      return await rest.request<T>('PATCH', `${objectPath}/status`, {
        contentType: MERGE_PATCH,
        body: { metadata: { resourceVersion: obj.metadata?.resourceVersion }, status: replacingPatch(obj.status as Record<string, unknown> | undefined, status) },
      });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!isConflict(e) || i >= MAX_TRIES) throw e;
      try {
        obj = await rest.get<T>(objectPath);
      } catch (e2) {
        if (isNotFound(e2)) return undefined;
        throw e2;
      }
    }
  }
}

/** Adds or removes a finalizer (with the same conflict handling). Returns the updated object. */
export async function setFinalizer<T extends KubeObject>(rest: KubeRest, objectPath: string, current: T, finalizer: string, present: boolean): Promise<T | undefined> {
  let obj = current;
  for (let i = 0; ; i++) {
    const list = obj.metadata?.finalizers ?? [];
    if (list.includes(finalizer) === present) return obj;
    const next = present ? [...list, finalizer] : list.filter((f) => f !== finalizer);
    try {
      return await rest.request<T>('PATCH', objectPath, {
        contentType: MERGE_PATCH,
        body: { metadata: { resourceVersion: obj.metadata?.resourceVersion, finalizers: next } },
      });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      if (!isConflict(e) || i >= MAX_TRIES) throw e;
      try {
        obj = await rest.get<T>(objectPath);
      } catch (e2) {
        if (isNotFound(e2)) return undefined;
        throw e2;
      }
    }
  }
}
