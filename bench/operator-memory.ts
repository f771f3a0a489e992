// Operator memory with many CollectionJobs in its cache: creates the jobs, waits until each has its
// task queued (so each was reconciled, planned and published), then reads the operator's RSS.
// Goal: under 300 MiB RSS with 10,000 jobs.
//   node dist/bench/operator-memory.js [jobs]
// OPERATOR_NODE_OPTIONS is passed to the operator as NODE_OPTIONS (e.g. --max-old-space-size=160).
import { commentsJob, operatorPort, operatorRssMiB, pool, setUp } from './operator-common.js';

/** The operator's V8 heap in use, from its metrics (MiB). */
async function heapUsedMiB(b: { op: Parameters<typeof operatorPort>[0] }): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await operatorPort(b.op)}/metrics`)).text();
  return Math.round(Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1] ?? NaN) / 2 ** 20);
}

const N = Number(process.argv[2] ?? 10_000);
const nodeOptions = process.env.OPERATOR_NODE_OPTIONS ?? '';
const b = await setUp('bench-memory', nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
try {
  const rssBefore = await operatorRssMiB(b.op);
  const heapBefore = await heapUsedMiB(b);
  const t0 = Date.now();
  await pool(
    Array.from({ length: N }, (_, i) => i),
    32,
    async (i) => {
      await b.kube.createJob(`mem-${i}`, commentsJob(i));
    },
  );
  let done = 0;
  while (done < N && Date.now() - t0 < 900_000) {
    done = (await b.suite.pool.query<{ n: number }>(`SELECT count(DISTINCT job_uid)::int AS n FROM tasks WHERE state = 'queued'`)).rows[0]?.n ?? 0;
    if (done < N) await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 5000));
  const rss = await operatorRssMiB(b.op);
  const heap = await heapUsedMiB(b);
  console.log(
    JSON.stringify({
      bench: 'operator-memory',
      jobs: N,
      nodeOptions,
      reconciled: done,
      seconds: Math.round((Date.now() - t0) / 1000),
      rssIdleMiB: Math.round(rssBefore),
      rssMiB: Math.round(rss),
      heapIdleMiB: heapBefore,
      heapUsedMiB: heap,
      load: (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      goalMiB: 300,
      met: rss < 300,
    }),
  );
} finally {
  await b.close();
}
process.exit(0);
