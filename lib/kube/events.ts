// Kubernetes Events (core/v1) about our objects, so `kubectl describe` and `kubectl get events` show
// what happened. Recording never fails the caller and never waits: events are sent in the background,
// a few at a time (a burst of new objects must not flood the apiserver with event writes ahead of
// everything else), and beyond a bounded backlog the oldest are dropped, as client-go's broadcaster
// drops events when its queue is full. An event that cannot be written is logged.
import type { Logger } from '../log.js';
import { EVENTS, resourcePath, type KubeObject, type KubeRest } from './rest.js';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  constructor(
    private rest: KubeRest,
    private component: string,
    private log?: Logger,
    /** Namespace for events about cluster-scoped objects. */
    private clusterNamespace = 'default',
    private concurrency = 4,
    private maxBacklog = 1000,
  ) {}

  private backlog: { namespace: string; body: Record<string, unknown>; reason: string }[] = [];
  private sending = 0;
  private dropped = 0;

  private pump(): void {
    while (this.sending < this.concurrency && this.backlog.length) {
      const e = this.backlog.shift()!;
      this.sending++;
      this.rest
        .request('POST', resourcePath(EVENTS, e.namespace), { body: e.body, timeoutMs: 10_000 })
        .catch((err: Error) => this.log?.warn({ err: err.message, reason: e.reason }, 'cannot record an event'))
        .finally(() => {
          this.sending--;
          this.pump();
        });
    }
  }

  /** Drops the events still waiting (those being sent finish); returns how many were dropped. */
  discard(): number {
    return this.backlog.splice(0).length;
  }

  record(obj: KubeObject, type: EventType, reason: string, message: string, now = new Date()): void {
    const md = obj.metadata ?? {};
    const namespace = md.namespace ?? this.clusterNamespace;
    const time = now.toISOString();
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${md.name}.${now.getTime().toString(16)}${Math.random().toString(16).slice(2, 8)}`, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: md.name,
        namespace: md.namespace,
        uid: md.uid,
        resourceVersion: md.resourceVersion,
      },
      reason,
      message: message.slice(0, 1024),
      type,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.component,
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    };
    this.backlog.push({ namespace, body, reason });
    if (this.backlog.length > this.maxBacklog) {
      this.backlog.shift();
      if (this.dropped++ % 100 === 0) this.log?.warn({ dropped: this.dropped }, 'too many events waiting: dropping the oldest');
    }
    this.pump();
  }
}
