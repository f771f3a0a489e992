// Operator memory with many CollectionJobs in its cache: creates the jobs, waits until each has its
// task queued (so each was reconciled, planned and published), then reads the operator's RSS.
// Goal: under 300 MiB RSS with 10,000 jobs.
//   node dist/bench/operator-memory.js [jobs]
import { commentsJob, operatorRssMiB, pool, setUp } from './operator-common.js';

const N = Number(process.argv[2] ?? 10_000);
const b = await setUp('bench-memory');
try {
  const rssBefore = await operatorRssMiB(b.op);
  const t0 = Date.now();
  await pool(Array.from({ length: N }, (_, i) => i), 32, async (i) => {
    await b.kube.createJob(`mem-${i}`, commentsJob(i));
  });
  let done = 0;
  while (done < N && Date.now() - t0 < 900_000) {
    done = (await b.suite.pool.query(`SELECT count(DISTINCT job_uid)::int AS n FROM tasks WHERE state = 'queued'`)).rows[0].n;
    if (done < N) await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 5000));
  const rss = await operatorRssMiB(b.op);
  console.log(JSON.stringify({ bench: 'operator-memory', jobs: N, reconciled: done, seconds: Math.round((Date.now() - t0) / 1000), rssIdleMiB: Math.round(rssBefore), rssMiB: Math.round(rss), load: (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '), goalMiB: 300, met: rss < 300 }));
} finally {
  await b.close();
}
process.exit(0);
