// Domain service: departments. Who the caller may act for, a department's namespace and priority
// limits (from the PostgreSQL mirror; on a write path the apiserver is asked when the mirror does not
// know the department yet), and pausing a department or the whole fleet.
import fp from 'fastify-plugin';
import { resourceOf } from '../../../lib/kube/resources.js';
import type { DepartmentSpec } from '../../../lib/crd/types.gen.js';
import { DEFAULT_MAX_PRIORITY, DEFAULT_PRIORITY } from '../../../lib/priority.js';
import type { DepartmentInfo } from '../../domain/compat.js';
import { microCache } from '../../domain/micro-cache.js';
import { decidePause, pauseStateOf } from '../../domain/pause-holds.js';
import { forbidden, HttpProblem } from '../../domain/problem.js';
import type { Caller } from '../../domain/tokens.js';
import { dbCall, prepared } from '../external/database.js';
import { kubeCall } from '../external/kubernetes.js';

export interface DepartmentsService {
  /** The department a write acts for: the caller's own, or for admins the one named in the request. */
  forWrite(caller: Caller, requested: string | undefined): Promise<DepartmentInfo>;
  /** The department whose jobs and data a read may show: the caller's own; admins: the one named, or all (null). */
  readScope(caller: Caller, requested: string | undefined): string | null;
  /**
   * Pauses or resumes a Department for the caller (an admin's hold or the department's own pause, see
   * domain/pause-holds.ts), or the fleet's CollectorPool when department is null; returns what happened.
   */
  setPaused(caller: Caller, department: string | null, paused: boolean): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    departments: DepartmentsService;
  }
}

function info(name: string, namespaces: string[], spec: Partial<DepartmentSpec>): DepartmentInfo {
  return {
    name,
    namespace: namespaces[0]!,
    defaultPriority: spec.defaultPriority ?? DEFAULT_PRIORITY,
    maxPriority: spec.maxPriority ?? DEFAULT_MAX_PRIORITY,
    paused: spec.paused ?? false,
  };
}

export default fp(
  async (app, opts: { fleetPool: { namespace: string; name: string } }) => {
    const dept = resourceOf('Department');
    const pool = resourceOf('CollectorPool');

    // Every write asks for its department: a second's reuse spares a round trip per POST start, and a
    // changed priority limit applies a second later at most.
    const known = microCache<DepartmentInfo | null>(1000, 1000);
    const lookup = (name: string) => known.get(name, () => lookupNow(name));

    async function lookupNow(name: string): Promise<DepartmentInfo | null> {
      const { rows } = await dbCall(() =>
        app.db.query<{ namespaces: string[]; spec: DepartmentSpec }>(prepared('SELECT namespaces, spec FROM departments WHERE name = $1', [name])),
      );
      if (rows[0] && rows[0].namespaces.length) return info(name, rows[0].namespaces, rows[0].spec);
      try {
        const obj = (await kubeCall(`department ${name}`, () => app.kube.get(dept, undefined, name))) as { spec?: DepartmentSpec };
        if (obj.spec?.namespaces?.length) return info(name, obj.spec.namespaces, obj.spec);
        return null;
      } catch (e) {
        if (e instanceof HttpProblem && e.status === 404) return null;
        throw e;
      }
    }

    const service: DepartmentsService = {
      async forWrite(caller, requested) {
        let name: string;
        if (caller.kind === 'department') {
          if (requested !== undefined && requested !== caller.department)
            throw forbidden(`this token belongs to the ${caller.department} department, not ${requested}`);
          name = caller.department;
        } else {
          if (!requested)
            throw new HttpProblem(400, 'department: an admin token must name the department', [
              { field: 'department', message: 'is required with an admin token' },
            ]);
          name = requested;
        }
        const found = await lookup(name);
        if (!found) {
          if (caller.kind === 'admin')
            throw new HttpProblem(400, `department: ${name} does not exist`, [{ field: 'department', message: `${name} does not exist` }]);
          throw forbidden(`the token's department ${name} does not exist`);
        }
        return found;
      },
      readScope(caller, requested) {
        if (caller.kind === 'admin') return requested ?? null;
        if (requested !== undefined && requested !== caller.department)
          throw forbidden(`this token belongs to the ${caller.department} department, not ${requested}`);
        return caller.department;
      },
      async setPaused(caller, department, paused) {
        if (department === null) {
          await kubeCall(`collector pool ${opts.fleetPool.namespace}/${opts.fleetPool.name}`, () =>
            app.kube.mergePatch(pool, opts.fleetPool.namespace, opts.fleetPool.name, { spec: { paused } }),
          );
          return `the fleet is ${paused ? 'paused' : 'resumed'}`;
        }
        // The write is conditional on the resourceVersion read, so a hold set meanwhile is never
        // overwritten; the operator's status writes change it too, so a conflict is read and decided
        // again (a few times; then the client gets the 409 to retry).
        for (let attempt = 1; ; attempt++) {
          const obj = (await kubeCall(`department ${department}`, () => app.kube.get(dept, undefined, department))) as Parameters<
            typeof pauseStateOf
          >[0] & { metadata: { resourceVersion?: string } };
          const outcome = decidePause(pauseStateOf(obj), caller, department, paused ? 'pause' : 'resume', new Date());
          if ('refused' in outcome) throw outcome.refused;
          const body = { ...outcome.patch, metadata: { ...outcome.patch.metadata, resourceVersion: obj.metadata.resourceVersion } };
          try {
            await kubeCall(`department ${department}`, () => app.kube.mergePatch(dept, undefined, department, body));
            return outcome.message;
          } catch (e) {
            if (!(e instanceof HttpProblem && e.status === 409) || attempt >= 5) throw e;
          }
        }
      },
    };
    app.decorate('departments', service);
  },
  { name: 'departments', dependencies: ['database', 'kubernetes'] },
);
