// Where the time of a new CollectionJob goes: creates jobs at a steady rate like operator-latency, then
// prints the operator's own histograms (queue wait, reconcile time, apiserver requests) next to the
// creation -> confirmed latency, so a slow figure can be split into its parts.
//   node dist/bench/operator-profile.js [jobsPerSecond] [seconds]
import { readFileSync } from 'node:fs';
import { commentsJob, operatorPort, percentile, queuedLatencies, setUp } from './operator-common.js';

const RATE = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 5);
const N = RATE * SECONDS;
const b = await setUp('bench-profile', { OPERATOR_CONCURRENCY: process.env.OPERATOR_CONCURRENCY ?? '16' });
try {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const createdAt = new Map<string, number>();
  const createMs: number[] = [];
  const t0 = Date.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < N; i++) {
    const wait = t0 + (i * 1000) / RATE - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const s = Date.now();
    inflight.push(
      b.kube.createJob(`prof-${i}`, commentsJob(i)).then((j) => {
        createdAt.set(j.metadata.uid, Date.now());
        createMs.push(Date.now() - s);
      }),
    );
  }
  await Promise.all(inflight);
  const lat = await queuedLatencies(b, N, createdAt);
  createMs.sort((a, c) => a - c);
  const port = await operatorPort(b.op);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const pick = (name: string) => {
    const sum = text.split('\n').filter((l) => l.startsWith(`${name}_sum`));
    const count = text.split('\n').filter((l) => l.startsWith(`${name}_count`));
    // Observations slower than 100 ms: the count minus the le="0.1" bucket of the same series.
    const labels = (l: string) =>
      (/\{(.*)\}/.exec(l)?.[1] ?? '')
        .split(',')
        .filter((x) => !x.startsWith('le='))
        .sort()
        .join(',');
    const fast = new Map(
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}_bucket`) && l.includes('le="0.1"'))
        .map((l) => [labels(l), Number(l.split(' ').pop())]),
    );
    return sum.map((l, i) => {
      const n = Number(count[i]!.split(' ').pop());
      const slow = fast.has(labels(l)) ? `, ${n - fast.get(labels(l))!} over 100 ms` : '';
      return `${l.replace(/_sum/, '')} mean ${((Number(l.split(' ').pop()) / Math.max(1, n)) * 1000).toFixed(1)} ms over ${n}${slow}`;
    });
  };
  console.log(
    JSON.stringify({
      bench: 'operator-profile',
      rate: RATE,
      jobs: N,
      load,
      createP50Ms: percentile(createMs, 50),
      createP99Ms: percentile(createMs, 99),
      p50Ms: percentile(lat, 50),
      p99Ms: percentile(lat, 99),
    }),
  );
  for (const n of [
    'newsroom_admission_wait_seconds',
    'workqueue_queue_duration_seconds',
    'controller_runtime_reconcile_time_seconds',
    'newsroom_reconcile_step_seconds',
    'rest_client_request_duration_seconds',
  ])
    for (const l of pick(n)) console.log(l);
  for (const l of text.split('\n'))
    if (
      l.startsWith('process_cpu_seconds_total') ||
      l.startsWith('nodejs_eventloop_lag_p99') ||
      l.startsWith('nodejs_eventloop_lag_mean') ||
      l.startsWith('controller_runtime_reconcile_total')
    )
      console.log(l);
  const warnings = b.op
    .output()
    .split('\n')
    .filter((l) => /"level":(40|50|"warn"|"error")/.test(l));
  console.log(`operator warnings: ${warnings.length}`);
  for (const l of warnings.slice(0, 5)) console.log(l.slice(0, 300));
} finally {
  await b.close();
}
process.exit(0);
