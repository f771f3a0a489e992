// Kubernetes Events (core/v1) about our objects, so `kubectl describe` and `kubectl get events` show
// what happened. Recording never fails the caller: an event that cannot be written is logged.
import type { Logger } from '../log.js';
import type { KubeObject, KubeRest } from './rest.js';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  constructor(
    private rest: KubeRest,
    private component: string,
    private log?: Logger,
    /** Namespace for events about cluster-scoped objects. */
    private clusterNamespace = 'default',
  ) {}

  record(obj: KubeObject, type: EventType, reason: string, message: string, now = new Date()): void {
    const md = obj.metadata ?? {};
    const namespace = md.namespace ?? this.clusterNamespace;
    const time = now.toISOString();
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${md.name}.${now.getTime().toString(16)}${Math.random().toString(16).slice(2, 8)}`, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion },
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
    this.rest
      .request('POST', `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, { body, timeoutMs: 10_000 })
      .catch((e: Error) => this.log?.warn({ err: e.message, reason }, 'cannot record an event'));
  }
}
