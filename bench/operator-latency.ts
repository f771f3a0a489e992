// Latency from CollectionJob creation (the create request returning) to its first task confirmed in
// RabbitMQ (tasks.queued_at), at a steady rate. Goal: p99 under 250 ms at 20 jobs/s.
//   node dist/bench/operator-latency.js [jobsPerSecond] [seconds]
import { commentsJob, percentile, setUp } from './operator-common.js';

const RATE = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 30);
const N = RATE * SECONDS;
const b = await setUp('bench-latency');
try {
  const createdAt = new Map<string, number>();
  const t0 = Date.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < N; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      b.kube.createJob(`lat-${i}`, commentsJob(i)).then((j) => {
        createdAt.set(j.metadata.uid, Date.now());
      }),
    );
  }
  await Promise.all(inflight);
  const deadline = Date.now() + 60_000;
  let rows: { job_uid: string; queued_at: Date }[] = [];
  while (Date.now() < deadline) {
    rows = (await b.suite.pool.query(`SELECT job_uid, min(queued_at) AS queued_at FROM tasks WHERE queued_at IS NOT NULL GROUP BY job_uid`)).rows;
    if (rows.length >= N) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const lat = rows.map((r) => r.queued_at.getTime() - createdAt.get(r.job_uid)!).sort((a, c) => a - c);
  console.log(
    JSON.stringify({
      bench: 'operator-latency',
      rate: RATE,
      jobs: N,
      measured: lat.length,
      p50Ms: percentile(lat, 50),
      p90Ms: percentile(lat, 90),
      p99Ms: percentile(lat, 99),
      maxMs: lat[lat.length - 1],
      goalP99Ms: 250,
      met: percentile(lat, 99) < 250,
    }),
  );
} finally {
  await b.close();
}
process.exit(0);
