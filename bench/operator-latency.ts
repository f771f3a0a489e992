// Latency from CollectionJob creation (the create request returning) to its first task confirmed in
// RabbitMQ (tasks.queued_at), at a steady rate. Goal: p99 under 250 ms at 20 jobs/s.
//   node dist/bench/operator-latency.js [jobsPerSecond] [seconds]
import { commentsJob, percentile, queuedLatencies, setUp } from './operator-common.js';

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
  const lat = await queuedLatencies(b, N, createdAt);
  // Where the slowest jobs spent their time: create returned -> task in the outbox (watch event,
  // mirror, plan) -> confirmed and marked queued (dispatcher wait, admission round, publish).
  const rows = (
    await b.suite.pool.query<{ job_uid: string; created_at: Date; queued_at: Date }>(
      `SELECT job_uid, min(created_at) AS created_at, min(queued_at) AS queued_at FROM tasks WHERE queued_at IS NOT NULL GROUP BY job_uid`,
    )
  ).rows;
  const slowest = rows
    .map((r) => ({
      total: r.queued_at.getTime() - createdAt.get(r.job_uid)!,
      planned: r.created_at.getTime() - createdAt.get(r.job_uid)!,
      dispatched: r.queued_at.getTime() - r.created_at.getTime(),
    }))
    .sort((a, c) => c.total - a.total)
    .slice(0, 5);
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
      slowestMs: slowest,
      goalP99Ms: 250,
      met: percentile(lat, 99) < 250,
    }),
  );
} finally {
  await b.close();
}
process.exit(0);
