// External integration: the kube-apiserver, used only to write CollectionJobs, their `suspend`, and
// Department / CollectorPool `paused`. Errors become problems: unreachable -> 503, 404 -> 404,
// 409 -> 409, 422 (a rule the apiserver enforces) -> 400.
import fp from 'fastify-plugin';
import { k8s, statusOf } from '../../../lib/kube/client.js';
import { HttpProblem } from '../../domain/problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    kube: { objects: k8s.CustomObjectsApi };
  }
}

/** Runs an apiserver call; `what` names the object for messages. */
export async function kubeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const status = statusOf(e);
    if (status === undefined || status >= 500) {
      throw Object.assign(new HttpProblem(503, 'the Kubernetes API is not available; try again shortly', undefined, { 'retry-after': '5' }), { cause: e });
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

export const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

export default fp(
  async (app, opts: { kubeConfig: k8s.KubeConfig }) => {
    app.decorate('kube', { objects: opts.kubeConfig.makeApiClient(k8s.CustomObjectsApi) });
  },
  { name: 'kubernetes' },
);
