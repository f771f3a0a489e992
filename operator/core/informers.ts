// Several informers of one kind seen as one cache: a cluster-wide watch, or one watch per namespace
// when the operator is scoped to a list of namespaces.
import type { Logger } from '../../lib/log.js';
import { Informer, keyOf, type InformerHandler } from '../../lib/kube/informer.js';
import { resourcePath, type KubeObject, type KubeRest } from '../../lib/kube/rest.js';

export interface InformerSetOptions {
  resource: { group: string; version: string; plural: string };
  namespaces?: string[];
  labelSelector?: string;
  resyncMs: number;
  log: Logger;
  onRestart?: (reason: string) => void;
}

export class InformerSet<T extends KubeObject> {
  private informers = new Map<string, Informer<T>>();

  constructor(rest: KubeRest, o: InformerSetOptions) {
    for (const ns of o.namespaces ?? ['']) {
      this.informers.set(
        ns,
        new Informer<T>(rest, {
          path: resourcePath(o.resource, ns || undefined),
          labelSelector: o.labelSelector,
          resyncMs: o.resyncMs,
          log: o.log,
          onRestart: o.onRestart,
        }),
      );
    }
  }

  on(h: InformerHandler<T>): this {
    for (const i of this.informers.values()) i.on(h);
    return this;
  }

  get(key: string): T | undefined {
    const slash = key.indexOf('/');
    const ns = slash >= 0 ? key.slice(0, slash) : '';
    return (this.informers.get(ns) ?? this.informers.get(''))?.get(key);
  }

  list(): T[] {
    return [...this.informers.values()].flatMap((i) => i.list());
  }

  get size(): number {
    let n = 0;
    for (const i of this.informers.values()) n += i.size;
    return n;
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  get restarts(): number {
    return [...this.informers.values()].reduce((s, i) => s + i.restarts, 0);
  }

  start(): void {
    for (const i of this.informers.values()) i.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}

export { keyOf };
