// 1000 CollectionJobs created at once: the time from the first create request until every job's first
// task is confirmed by RabbitMQ and marked queued. Goal: under 15 s on the reference machine.
//   node dist/bench/operator-burst.js [jobs]
import { commentsJob, pool, setUp } from './operator-common.js';

const N = Number(process.argv[2] ?? 1000);
const b = await setUp('bench-burst');
try {
  const t0 = Date.now();
  let created = 0;
  await pool(
    Array.from({ length: N }, (_, i) => i),
    32,
    async (i) => {
      await b.kube.createJob(`burst-${i}`, commentsJob(i));
      created++;
    },
  );
  const createdMs = Date.now() - t0;
  let done = 0;
  while (done < N) {
    const r = await b.suite.pool.query<{ n: number }>(`SELECT count(DISTINCT job_uid)::int AS n FROM tasks WHERE state = 'queued'`);
    done = r.rows[0]?.n ?? 0;
    if (Date.now() - t0 > 300_000) throw new Error(`only ${done} of ${N} jobs had a queued task after 300 s`);
    if (done < N) await new Promise((r) => setTimeout(r, 50));
  }
  const allMs = Date.now() - t0;
  console.log(
    JSON.stringify({
      bench: 'operator-burst',
      jobs: N,
      created,
      createRequestsMs: createdMs,
      allFirstTasksConfirmedMs: allMs,
      afterLastCreateMs: allMs - createdMs,
      load: (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      goalMs: 15_000,
      met: allMs < 15_000,
    }),
  );
} finally {
  await b.close();
}
process.exit(0);
