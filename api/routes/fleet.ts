// The fleet as an admin sees it on the console's overview: tasks by queue and priority (the tasks
// table is the source of truth for work), the fleet's CollectorPool (pause, replicas desired and
// current, Grid sessions, broker queues as the operator last recorded them), and every department's
// in-flight tasks against its quota. Admins only: a department token gets 403.
import type { FastifyInstance } from 'fastify';
import { resourceOf } from '../../lib/kube/resources.js';
import { deptEntry, type DeptRow } from '../domain/department-entry.js';
import { byQueueAndPriority } from '../domain/fleet.js';
import { forbidden } from '../domain/problem.js';
import { callerOf } from '../plugins/app/auth.js';
import { dbCall } from '../plugins/external/database.js';
import { kubeCall } from '../plugins/external/kubernetes.js';
import { withProblems } from '../schemas/common.js';
import { fleetReply } from '../schemas/fleet.js';

interface Replicas {
  desired?: number;
  current?: number;
  busy?: number;
}
interface PoolObject {
  spec?: { paused?: boolean; seleniumNodes?: { sessionsPerNode?: number } };
  status?: {
    queues?: { name: string; ready?: number; unacked?: number; consumers?: number }[];
    grid?: { nodes?: number; slots?: number; sessions?: number; sessionQueue?: number };
    workers?: Replicas;
    seleniumNodes?: Replicas;
    busySlots?: number;
    lastScaleTime?: string;
    lastScaleReason?: string;
  };
}

// Session slots the autoscaler wants: the Selenium nodes it wants times each node's sessions (the
// apiserver fills sessionsPerNode with the CRD's default whenever the pool has seleniumNodes).
const desiredSlots = (nodes: number | undefined, perNode: number | undefined) =>
  nodes === undefined || perNode === undefined ? null : nodes * perNode;
const replicas = (r: Replicas | undefined) => (r ? { desired: r.desired ?? null, current: r.current ?? null, busy: r.busy ?? null } : null);

export default async function fleetRoutes(app: FastifyInstance, opts: { fleetPool: { namespace: string; name: string } }) {
  app.get(
    '/v1/fleet',
    {
      schema: {
        tags: ['console'],
        summary:
          "Admins: tasks by queue and priority, the fleet's replicas and Grid sessions desired/current, pause, and every department's in-flight tasks against quota",
        response: withProblems({ 200: fleetReply }),
      },
    },
    async (req, reply) => {
      if (callerOf(req).kind !== 'admin') throw forbidden('the fleet is shown to admin tokens only');
      return app.cachedPage(req, reply, null, async () => {
        const { namespace, name } = opts.fleetPool;
        const [pool, tasks, departments] = await Promise.all([
          kubeCall(`collector pool ${namespace}/${name}`, () => app.kube.get(resourceOf('CollectorPool'), namespace, name)) as Promise<PoolObject>,
          dbCall(() =>
            app.db.query<{ department: string; queue: string; priority: number; pending: number; queued: number; running: number }>(
              `SELECT department, kind AS queue, priority::int AS priority,
                      count(*) FILTER (WHERE state = 'pending')::int AS pending,
                      count(*) FILTER (WHERE state = 'queued')::int AS queued,
                      count(*) FILTER (WHERE state = 'running')::int AS running
                 FROM tasks WHERE state IN ('pending', 'queued', 'running') GROUP BY 1, 2, 3`,
            ),
          ),
          dbCall(() => app.db.query<DeptRow>('SELECT name, namespaces, spec, status FROM departments ORDER BY name')),
        ]);
        const s = pool.status ?? {};
        return {
          pool: `${namespace}/${name}`,
          paused: pool.spec?.paused ?? false,
          queues: byQueueAndPriority(tasks.rows),
          broker: (s.queues ?? []).map((q) => ({ name: q.name, ready: q.ready ?? 0, unacked: q.unacked ?? 0, consumers: q.consumers ?? 0 })),
          workers: replicas(s.workers),
          selenium_nodes: replicas(s.seleniumNodes),
          grid:
            s.grid || s.seleniumNodes
              ? {
                  nodes: s.grid?.nodes ?? null,
                  slots: s.grid?.slots ?? null,
                  sessions: s.grid?.sessions ?? null,
                  session_queue: s.grid?.sessionQueue ?? null,
                  desired_slots: desiredSlots(s.seleniumNodes?.desired, pool.spec?.seleniumNodes?.sessionsPerNode),
                }
              : null,
          busy_slots: s.busySlots ?? null,
          last_scale_time: s.lastScaleTime ?? null,
          last_scale_reason: s.lastScaleReason ?? null,
          departments: departments.rows.map((r) => {
            const d = deptEntry(r);
            const mine = tasks.rows.filter((t) => t.department === d.name);
            const sum = (k: 'pending' | 'queued' | 'running') => mine.reduce((n, t) => n + t[k], 0);
            return { ...d, in_flight: sum('queued') + sum('running'), pending: sum('pending') };
          }),
        };
      });
    },
  );
}
