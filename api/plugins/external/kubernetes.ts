// External integration: the kube-apiserver, used only to write CollectionJobs, their `suspend`, and
// Department / CollectorPool `paused`. Errors become problems: unreachable -> 503, 404 -> 404,
// 409 -> 409, 422 (a rule the apiserver enforces) -> 400, 403 (the install's RBAC does not grant the
// gateway this call) -> 403 naming the verb, resource and namespace, so a missing grant reads as one.
// Spoken through KubeRest (keep-alive connections) with credentials read without the generated client.
import fp from 'fastify-plugin';
import type { KubeCredentials } from '../../../lib/kube/credentials.js';
import { statusOf } from '../../../lib/kube/resources.js';
import { KubeRest, MERGE_PATCH, resourcePath, type KubeObject } from '../../../lib/kube/rest.js';
import { HttpProblem } from '../../domain/problem.js';

type Resource = { group: string; version: string; plural: string };

/** The few apiserver calls the gateway makes. `namespace` is undefined for cluster-scoped kinds. */
export interface KubeWrites {
  create(r: Resource, namespace: string | undefined, body: unknown): Promise<KubeObject>;
  get(r: Resource, namespace: string | undefined, name: string): Promise<KubeObject>;
  mergePatch(r: Resource, namespace: string | undefined, name: string, body: unknown): Promise<KubeObject>;
  remove(r: Resource, namespace: string | undefined, name: string): Promise<unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    kube: KubeWrites;
  }
}

const VERBS: Record<string, string> = { GET: 'get', POST: 'create', PATCH: 'patch', DELETE: 'delete' };

/** The problem of an apiserver 401/403: what the gateway's ServiceAccount was refused, and where. */
export function refusedByApiserver(status: number, method: string, r: Resource, namespace: string | undefined, name?: string): HttpProblem {
  const resource = `${r.plural}${r.group ? `.${r.group}` : ''}${name ? ` "${name}"` : ''}`;
  const where = namespace ? `in namespace ${namespace}` : '(cluster-scoped)';
  const verb = VERBS[method] ?? method.toLowerCase();
  if (status === 401)
    return new HttpProblem(
      403,
      `the Kubernetes API did not accept the gateway's credentials to ${verb} ${resource} ${where}; an operator of this install must check its ServiceAccount token`,
    );
  return new HttpProblem(
    403,
    `the gateway's ServiceAccount may not ${verb} ${resource} ${where}: this install's RBAC does not grant it (for a department namespace, the chart value api.jobNamespaces must list it)`,
  );
}

/** Runs an apiserver call; `what` names the object for messages. */
export async function kubeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpProblem) throw e;
    const status = statusOf(e);
    if (status === undefined || status >= 500) {
      throw Object.assign(new HttpProblem(503, 'the Kubernetes API is not available; try again shortly', undefined, { 'retry-after': '5' }), {
        cause: e,
      });
    }
    if (status === 404) throw new HttpProblem(404, `${what} was not found`);
    if (status === 409) throw new HttpProblem(409, `${what} already exists or was changed at the same time; try again`);
    if (status === 422 || status === 400) {
      const body = (e as { body?: unknown }).body;
      let detail = '';
      try {
        detail = (typeof body === 'string' ? (JSON.parse(body) as { message?: string }) : (body as { message?: string }))?.message ?? '';
      } catch {
        detail = '';
      }
      throw new HttpProblem(400, `the Kubernetes API refused ${what}${detail ? `: ${detail}` : ''}`);
    }
    throw Object.assign(new Error(`the Kubernetes API answered ${status} for ${what}`), { cause: e });
  }
}

export default fp(
  async (app, opts: { credentials: KubeCredentials }) => {
    const rest = new KubeRest(opts.credentials, 'newsroom-api');
    const call = async <T>(method: string, r: Resource, namespace: string | undefined, name?: string, body?: unknown, contentType?: string) => {
      try {
        return await rest.request<T>(method, resourcePath(r, namespace, name), { body, contentType, timeoutMs: 15_000 });
      } catch (e) {
        const status = statusOf(e);
        if (status === 401 || status === 403) throw Object.assign(refusedByApiserver(status, method, r, namespace, name), { cause: e });
        throw e;
      }
    };
    app.decorate('kube', {
      create: (r, namespace, body) => call('POST', r, namespace, undefined, body),
      get: (r, namespace, name) => call('GET', r, namespace, name),
      mergePatch: (r, namespace, name, body) => call('PATCH', r, namespace, name, body, MERGE_PATCH),
      remove: (r, namespace, name) =>
        call('DELETE', r, namespace, name, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }),
    });
    app.addHook('onClose', async () => rest.close());
  },
  { name: 'kubernetes' },
);
