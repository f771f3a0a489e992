// A tiny read-through cache for hot read pages: results live for `ttlMs`, concurrent misses of one key
// share a single load (so 50 clients polling the same status page cost one query), failures are not
// kept, and the number of keys is bounded (oldest evicted first). ttlMs 0 turns it off.

export interface MicroCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function microCache<T>(ttlMs: number, maxKeys = 1000, now: () => number = Date.now): MicroCache<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key, load) {
      if (ttlMs <= 0) return load();
      const hit = entries.get(key);
      const t = now();
      if (hit && t - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.delete(key);
      entries.set(key, { at: t, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      while (entries.size > maxKeys) entries.delete(entries.keys().next().value as string);
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
