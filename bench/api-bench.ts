// The gateway benchmark (`make bench`): loads 100,000 articles and 1,000,000 comments into a database
// of its own, starts the gateway program, drives it with wrk on 127.0.0.1, times a 1,000,000-row
// CSV export against psql's COPY of the same statement, and writes the figures to BENCHMARKS.md.
//   node dist/bench/api-bench.js        (environment of .local/env)
//   BENCH_KEEP_DATA=1 keeps the loaded database for the next run, and reuses one that is complete;
//   BENCH_DURATION_S sets the seconds per wrk run (default 20); API_NODE_OPTIONS the gateway's NODE_OPTIONS;
//   BENCH_EXPORTS_ONLY=1 times the exports only (CSV, CSV with Korean headers, .xlsx) and writes their own section.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { exportQuery, inlineParams } from '../api/plugins/services/data.js';
import { hashToken } from '../api/domain/tokens.js';
import { metadataSpec } from '../api/domain/compat.js';
import { resourceOf } from '../lib/kube/resources.js';
import { loadKubeCredentials } from '../lib/kube/credentials.js';
import { KubeRest, resourcePath } from '../lib/kube/rest.js';
import { fromRoot } from '../lib/paths.js';
import { metric } from '../test/integration/autoscale-support.js';
import { ARTICLES, COMMENTS_PER_ARTICLE, loadBenchData } from './api-data.js';

const run = promisify(execFile);
const DURATION = Number(process.env.BENCH_DURATION_S ?? 20);
const DB = 'newsroom_bench_api';
const DEPT = 'bench-api';
const NS = 'bench-api';
const log = (m: string) => console.log(m);

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  const file = fromRoot('.local', 'env');
  if (existsSync(file))
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (m) out[m[1]!] = m[2]!;
    }
  return { ...out, ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k in out || k === 'DATABASE_URL')) } as Record<string, string>;
}

/** The gateway's V8 options: the chart's default (api.maxSemiSpaceMiB), unless API_NODE_OPTIONS says otherwise. */
const API_NODE_OPTIONS = process.env.API_NODE_OPTIONS ?? '--max-semi-space-size=8';

const kib = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

async function startApi(
  e: Record<string, string>,
  databaseUrl: string,
  tokensFile: string,
  kubeconfig: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [fromRoot('dist', 'api', 'main.js')], {
    env: {
      ...process.env,
      ...e,
      NODE_OPTIONS: API_NODE_OPTIONS,
      KUBECONFIG: kubeconfig,
      DATABASE_URL: databaseUrl,
      API_PORT: '0',
      API_HOST: '127.0.0.1',
      API_TOKENS_FILE: tokensFile,
      API_RATE_LIMIT_MAX: '10000000',
      API_READ_CACHE_MS: String(CACHE_MS),
      LOG_LEVEL: 'info',
      API_DB_POOL_SIZE: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /"port":(\d+),"msg":"api started"/.exec(out);
    if (m) return { child, port: Number(m[1]) };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the api did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A kubeconfig that authenticates as a ServiceAccount token bound to the chart's CollectionJob verbs in
 * the namespace, as the gateway runs in a cluster. The local stack's admin kubeconfig uses a client
 * certificate, which the apiserver verifies (an ECDSA signature) on every request: about 7 % of its CPU
 * per create, a cost the deployed gateway never pays, since token reviews are cached.
 */
async function serviceAccountKubeconfig(adminKubeconfig: string, namespace: string, dir: string, kenv: NodeJS.ProcessEnv): Promise<string> {
  const kubectl = (...args: string[]) => run('kubectl', args, { env: kenv }).then((r) => r.stdout.trim());
  // A namespace left by an interrupted run already has them.
  const create = (...args: string[]) =>
    kubectl('create', ...args).catch((e: { stderr?: string }) => {
      if (!/already ?exists/i.test(e.stderr ?? '')) throw e;
    });
  await create('serviceaccount', 'newsroom-api', '-n', namespace);
  await create('role', 'newsroom-api-jobs', '-n', namespace, '--verb=create,get,patch,delete', '--resource=collectionjobs.collection.newsroom.dev');
  await create('rolebinding', 'newsroom-api-jobs', '-n', namespace, '--role=newsroom-api-jobs', `--serviceaccount=${namespace}:newsroom-api`);
  const token = await kubectl('create', 'token', 'newsroom-api', '-n', namespace, '--duration=2h');
  const admin = parse(await kubectl('config', 'view', '--raw', '--minify', '--flatten', `--kubeconfig=${adminKubeconfig}`)) as {
    clusters: { name: string }[];
    contexts: { name: string; context: Record<string, string> }[];
  };
  const context = admin.contexts[0]!;
  const file = join(dir, 'gateway.kubeconfig');
  writeFileSync(
    file,
    stringify({
      ...admin,
      users: [{ name: 'newsroom-api', user: { token } }],
      contexts: [{ name: context.name, context: { ...context.context, user: 'newsroom-api' } }],
      'current-context': context.name,
    }),
    { mode: 0o600 },
  );
  return file;
}

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  hitShare: number | null;
  goal: string;
  met: boolean;
}

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
/** The gateway's page cache ttl: its default, set explicitly so the text written with the figures stays true. */
const CACHE_MS = 500;

/** A Lua string literal. */
const lua = (v: string) => JSON.stringify(v);

/**
 * Drives the gateway with wrk (one thread, `connections` keep-alive connections). wrk is a C load
 * generator: on a 2-core machine that also runs the gateway and the database, a generator written in
 * JavaScript spent more CPU per request than the gateway itself and set the figure. The Lua script
 * sets the request (and cycles over `paths`) and prints the summary as one JSON line.
 */
async function load(
  name: string,
  base: string,
  token: string,
  connections: number,
  goal: { rps: number; p99?: number },
  opts: { path?: string; method?: string; body?: string; paths?: string[] },
): Promise<Row> {
  const script = join(dir, `wrk-${name.replace(/[^a-z]+/gi, '-')}.lua`);
  writeFileSync(
    script,
    [
      `wrk.method = ${lua(opts.method ?? 'GET')}`,
      `wrk.headers["authorization"] = ${lua(`Bearer ${token}`)}`,
      ...(opts.body ? [`wrk.body = ${lua(opts.body)}`, `wrk.headers["content-type"] = "application/json"`] : []),
      ...(opts.paths
        ? [
            `local paths = { ${opts.paths.map(lua).join(', ')} }`,
            'local i = 0',
            'request = function() i = i + 1; return wrk.format(nil, paths[(i % #paths) + 1]) end',
          ]
        : []),
      'done = function(s, latency)',
      '  io.write(string.format(\'WRK {"requests":%d,"us":%d,"p50":%d,"p99":%d,"non2xx":%d,"errors":%d}\\n\',',
      '    s.requests, s.duration, latency:percentile(50), latency:percentile(99), s.errors.status, s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout))',
      'end',
    ].join('\n'),
  );
  const url = base + (opts.path ?? '/');
  const run = async (seconds: number) => {
    const { stdout } = await runWrk(['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url]);
    const m = /^WRK (\{.*\})$/m.exec(stdout);
    if (!m) throw new Error(`wrk printed no summary:\n${stdout}`);
    return JSON.parse(m[1]!) as { requests: number; us: number; p50: number; p99: number; non2xx: number; errors: number };
  };
  // A few seconds of the same load first, not counted: the gateway's code is compiled by then and its
  // database connections are open, as in a gateway that has been serving for a while.
  if (WARMUP_S > 0) await run(WARMUP_S);
  const cache0 = await pageCacheCounts(base);
  const r = await run(DURATION);
  const cache1 = await pageCacheCounts(base);
  const hits = cache1.hit - cache0.hit;
  const lookups = hits + cache1.miss - cache0.miss;
  const hitShare = lookups > 0 ? hits / lookups : null;
  const rps = r.requests / (r.us / 1e6);
  const p50 = Math.round(r.p50 / 100) / 10;
  const p99 = Math.round(r.p99 / 100) / 10;
  const met = rps >= goal.rps && (goal.p99 === undefined || p99 <= goal.p99) && r.non2xx === 0 && r.errors === 0;
  const row = {
    name,
    connections,
    rps,
    p50,
    p99,
    errors: r.errors,
    non2xx: r.non2xx,
    hitShare,
    goal: `>= ${goal.rps.toLocaleString('en')} req/s${goal.p99 ? `, p99 <= ${goal.p99} ms` : ''}`,
    met,
  };
  log(
    `  ${name}: ${rps.toFixed(0)} req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}${hitShare === null ? '' : `, page cache hits ${percent(hitShare)}`}`,
  );
  return row;
}

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)} %`;

/** The gateway's page cache counters (newsroom_api_page_cache_requests_total), read from /metrics. */
async function pageCacheCounts(base: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (result: string) => {
    const v = metric(text, 'newsroom_api_page_cache_requests_total', `result="${result}"`);
    if (v === undefined) throw new Error(`the gateway's /metrics has no newsroom_api_page_cache_requests_total{result="${result}"}`);
    return v;
  };
  return { hit: value('hit'), miss: value('miss') };
}

const runWrk = (args: string[]) =>
  run('wrk', args, { maxBuffer: 16 * 1024 * 1024 }).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ENOENT' ? new Error('wrk is not installed: make setup installs it (Debian package wrk)') : e;
  });

async function timedDownload(
  url: string,
  token: string,
  pid: number,
): Promise<{ seconds: number; bytes: number; peakKiB: number; beforeKiB: number }> {
  const beforeKiB = kib(pid, 'VmRSS');
  let peakKiB = beforeKiB;
  const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, kib(pid, 'VmRSS'))), 25);
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  return { seconds, bytes, peakKiB, beforeKiB };
}

async function psqlCopy(databaseUrl: string, sql: string): Promise<{ seconds: number; bytes: number }> {
  const started = process.hrtime.bigint();
  const child = spawn('psql', [databaseUrl, '-X', '-q', '-c', `COPY (${sql}) TO STDOUT (FORMAT csv, HEADER)`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bytes = 0;
  child.stdout.on('data', (d: Buffer) => (bytes += d.length));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`psql COPY exited with ${code}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

/**
 * The apiserver's own create rate for the same CollectionJob, with the same concurrency and duration
 * and keep-alive connections, without the gateway: the ceiling of POST start on this machine.
 */
async function directCreates(
  kubeconfig: string,
  namespace: string,
  connections: number,
  body: Record<string, unknown>,
): Promise<{ rps: number; created: number }> {
  const rest = new KubeRest(loadKubeCredentials(kubeconfig));
  const r = resourceOf('CollectionJob');
  const { spec } = metadataSpec(body as never);
  const until = Date.now() + DURATION * 1000;
  let created = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await rest.request('POST', resourcePath(r, namespace), {
          body: { apiVersion: r.apiVersion, kind: 'CollectionJob', metadata: { generateName: 'direct-' }, spec },
        });
        created++;
      }
    }),
  );
  rest.close();
  return { rps: created / ((Date.now() - started) / 1000), created };
}

function writeSection(
  commentPages: number,
  rows: Row[],
  exp: { api: Awaited<ReturnType<typeof timedDownload>>; copy: { seconds: number; bytes: number } },
  startJobs: number,
  direct: { rps: number; created: number },
  load: [number, number],
): void {
  const begin = '<!-- api-bench:begin -->';
  const end = '<!-- api-bench:end -->';
  const ratio = exp.api.seconds / exp.copy.seconds;
  const section = [
    begin,
    '## REST gateway',
    '',
    `Measured by \`node dist/bench/api-bench.js\` (part of \`make bench\`) on ${new Date().toISOString().slice(0, 10)}: the gateway program against the local stack's PostgreSQL ` +
      `and kube-apiserver, loaded with ${ARTICLES.toLocaleString('en')} articles and ${(ARTICLES * COMMENTS_PER_ARTICLE).toLocaleString('en')} comments, driven by wrk ` +
      `(one thread, keep-alive connections) from the same 2-core machine for ${DURATION} s per row, after ${WARMUP_S} s of the same load not counted (load generator, gateway and database share the cores), the gateway started with NODE_OPTIONS=\`${API_NODE_OPTIONS}\` (the chart's default) ` +
      `and authenticated to the apiserver as in a cluster, with a ServiceAccount token bound to the chart's CollectionJob verbs. ` +
      `The machine's 1-minute load average was ${load[0].toFixed(1)} when the run started and ${load[1].toFixed(1)} when it ended ` +
      `(anything above 2 means other work was competing for the cores, and the figures are lower than the gateway's own limits).`,
    '',
    '| request | connections | req/s | p50 ms | p99 ms | non-2xx | errors | page cache hits | goal | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${r.hitShare === null ? '—' : percent(r.hitShare)} | ${r.goal} | ${r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    `Status and data pages go through the gateway's ${CACHE_MS} ms page cache (\`API_READ_CACHE_MS\`, the gateway's default); the hit column is its counter ` +
      `\`newsroom_api_page_cache_requests_total\` over the run. The comments row cycles over ${commentPages.toLocaleString('en')} articles, ` +
      `so a page comes round again after ${commentPages.toLocaleString('en')} requests: below about ${Math.round(commentPages / (CACHE_MS / 1000)).toLocaleString('en')} req/s that is after its cached copy expired, and nearly every request runs its query.`,
    '',
    `POST start created ${startJobs.toLocaleString('en')} CollectionJobs in the apiserver during its warm-up and run (deleted afterwards). ` +
      `The apiserver alone, creating the same CollectionJob with the same token from ${rows.at(-1)!.connections} concurrent keep-alive connections for ${DURATION} s without the gateway, ` +
      `managed ${direct.rps.toFixed(0)} creates/s (${direct.created.toLocaleString('en')} created): that is the ceiling of POST start on this machine.`,
    '',
    '| export of 1,000,000 comments (CSV) | seconds | MiB | peak RSS of the gateway |',
    '|---|---:|---:|---:|',
    `| gateway \`GET /data/comments/download?format=csv\` (department token) | ${exp.api.seconds.toFixed(1)} | ${(exp.api.bytes / 1048576).toFixed(0)} | ${(exp.api.peakKiB / 1024).toFixed(0)} MiB (${(exp.api.beforeKiB / 1024).toFixed(0)} MiB before) |`,
    `| \`psql -c "COPY (same statement) TO STDOUT (FORMAT csv)"\` | ${exp.copy.seconds.toFixed(1)} | ${(exp.copy.bytes / 1048576).toFixed(0)} | — |`,
    '',
    `Export time is ${ratio.toFixed(2)}x COPY (goal: within 2x — ${ratio <= 2 ? 'met' : '**not met**'}); peak RSS goal under 150 MiB — ${exp.api.peakKiB / 1024 < 150 ? 'met' : '**not met**'}.`,
    end,
  ].join('\n');
  replaceSection(begin, end, section);
}

/** Replaces (or appends) the section between the markers in BENCHMARKS.md. */
function replaceSection(begin: string, end: string, section: string): void {
  const file = fromRoot('BENCHMARKS.md');
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures measured on the development machine by `make bench`. Each part owns its section.\n';
  const re = new RegExp(`${begin}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, section) : text.trimEnd() + '\n\n' + section + '\n';
  writeFileSync(file, text);
  log(`  figures written to BENCHMARKS.md`);
}

type Download = Awaited<ReturnType<typeof timedDownload>>;
const exportRow = (what: string, d: Download) =>
  `| gateway \`${what}\` | ${d.seconds.toFixed(1)} | ${(d.bytes / 1048576).toFixed(0)} | ${(d.peakKiB / 1024).toFixed(0)} MiB (${(d.beforeKiB / 1024).toFixed(0)} MiB before) |`;

/** The exports people open in spreadsheets against the CSV for machines, the same 1,000,000 comments. */
function writeExportSection(csv: Download, csvKo: Download, xlsx: Download, load: [number, number]): void {
  const begin = '<!-- api-export-bench:begin -->';
  const end = '<!-- api-export-bench:end -->';
  replaceSection(
    begin,
    end,
    [
      begin,
      '## Exports for spreadsheets',
      '',
      `Measured by \`BENCH_EXPORTS_ONLY=1 node dist/bench/api-bench.js\` on ${new Date().toISOString().slice(0, 10)}: the same database of ${(ARTICLES * COMMENTS_PER_ARTICLE).toLocaleString('en')} comments, ` +
        `the gateway program as above (NODE_OPTIONS=\`${API_NODE_OPTIONS}\`), each file read whole by one client on 127.0.0.1 as fast as it comes, the gateway's RSS sampled every 25 ms. ` +
        `The machine's 1-minute load average was ${load[0].toFixed(1)} when the run started and ${load[1].toFixed(1)} when it ended (other work shared the 2 cores).`,
      '',
      '| export of 1,000,000 comments | seconds | MiB | peak RSS of the gateway |',
      '|---|---:|---:|---:|',
      exportRow('GET /data/comments/download?format=csv', csv),
      exportRow('GET /data/comments/download?format=csv&headers=ko', csvKo),
      exportRow('GET /data/comments/download?format=xlsx&headers=ko', xlsx),
      '',
      `The .xlsx took ${(xlsx.seconds / csv.seconds).toFixed(1)}x the CSV's time: the CSV is written by PostgreSQL (COPY), the workbook row by row in the gateway ` +
        `(exceljs's streaming WorkbookWriter, then zip compression), one core's work. Its memory stays bounded: the rows are read from a server-side cursor and held back while the reader is slower than the writer, ` +
        `so the peak RSS grew by ${((xlsx.peakKiB - xlsx.beforeKiB) / 1024).toFixed(0)} MiB for a ${(xlsx.bytes / 1048576).toFixed(0)} MiB file (goal: under 150 MiB in all — ${xlsx.peakKiB / 1024 < 150 ? 'met' : '**not met**'}).`,
      end,
    ].join('\n'),
  );
}

const e = env();
if (!e.DATABASE_URL || !e.KUBECONFIG) throw new Error('the local stack is not up (no .local/env): run `make up`');
const kenv = { ...process.env, ...e };
log('[bench api] loading data');
const loadAtStart = loadavg()[0]!;
const data = await loadBenchData(e.DATABASE_URL, DB, DEPT, NS, log, { reuse: !!process.env.BENCH_KEEP_DATA });
const dir = mkdtempSync(join(tmpdir(), 'api-bench-'));
const token = randomBytes(24).toString('hex');
const tokensFile = join(dir, 'tokens.json');
writeFileSync(tokensFile, JSON.stringify({ tokens: [{ name: DEPT, department: DEPT, sha256: hashToken(token) }] }));
// A namespace still being deleted by an earlier run is waited for; one that is there and active is reused.
const phase = await run('kubectl', ['get', 'namespace', NS, '-o', 'jsonpath={.status.phase}'], { env: kenv }).then(
  (r) => r.stdout,
  () => '',
);
if (phase === 'Terminating')
  await run('kubectl', ['wait', '--for=delete', `namespace/${NS}`, '--timeout=180s'], { env: kenv }).catch(() => undefined);
await run('kubectl', ['create', 'namespace', NS], { env: kenv }).catch(() => undefined);
const gatewayKubeconfig = await serviceAccountKubeconfig(e.KUBECONFIG, NS, dir, kenv);
const api = await startApi(e, data.databaseUrl, tokensFile, gatewayKubeconfig);
const base = `http://127.0.0.1:${api.port}`;
try {
  log('[bench api] export against COPY');
  const { sql, values } = exportQuery('comments', { department: DEPT }, 'csv');
  const literal = inlineParams(sql, values, (v) => pg.Client.prototype.escapeLiteral(v));
  const copy = await psqlCopy(data.databaseUrl, literal);
  const exported = await timedDownload(`${base}/data/comments/download?format=csv`, token, api.child.pid!);
  log(
    `  gateway ${exported.seconds.toFixed(1)} s (${(exported.bytes / 1048576).toFixed(0)} MiB, peak RSS ${(exported.peakKiB / 1024).toFixed(0)} MiB), COPY ${copy.seconds.toFixed(1)} s`,
  );
  if (process.env.BENCH_EXPORTS_ONLY) {
    const csvKo = await timedDownload(`${base}/data/comments/download?format=csv&headers=ko`, token, api.child.pid!);
    const xlsx = await timedDownload(`${base}/data/comments/download?format=xlsx&headers=ko`, token, api.child.pid!);
    log(
      `  CSV (ko) ${csvKo.seconds.toFixed(1)} s, peak RSS ${(csvKo.peakKiB / 1024).toFixed(0)} MiB; xlsx ${xlsx.seconds.toFixed(1)} s (${(xlsx.bytes / 1048576).toFixed(0)} MiB), peak RSS ${(xlsx.peakKiB / 1024).toFixed(0)} MiB`,
    );
    writeExportSection(exported, csvKo, xlsx, [loadAtStart, loadavg()[0]!]);
  } else {
    log(`[bench api] wrk, ${DURATION} s each after ${WARMUP_S} s of warm-up`);
    const rows: Row[] = [];
    rows.push(await load('GET /collectors/status', base, token, 50, { rps: 5000, p99: 20 }, { path: '/collectors/status' }));
    rows.push(await load('GET /data/metadata?limit=100', base, token, 50, { rps: 1500 }, { path: '/data/metadata?limit=100' }));
    rows.push(
      await load(
        'GET /data/comments?article=...',
        base,
        token,
        50,
        { rps: 1500 },
        { paths: data.articleIds.map((id) => `/data/comments?article=${id}`) },
      ),
    );
    const body = JSON.stringify({ keyword: '반도체', start_date: '2024-11-01', end_date: '2024-11-03', priority: 'low', is_test: true });
    rows.push(
      await load('POST /collectors/metadata/start', base, token, 20, { rps: 200 }, { path: '/collectors/metadata/start', method: 'POST', body }),
    );
    const created = await run('kubectl', ['get', 'collectionjobs', '-n', NS, '--no-headers', '-o', 'name'], {
      env: kenv,
      maxBuffer: 64 * 1024 * 1024,
    }).then((r) => r.stdout.split('\n').filter(Boolean).length);
    log('[bench api] the apiserver alone: the same create, 20 connections');
    const direct = await directCreates(gatewayKubeconfig, NS, 20, JSON.parse(body) as Record<string, unknown>);
    log(`  ${direct.rps.toFixed(0)} creates/s (${direct.created} created)`);
    writeSection(data.articleIds.length, rows, { api: exported, copy }, created, direct, [loadAtStart, loadavg()[0]!]);
  }
} finally {
  api.child.kill('SIGTERM');
  await new Promise((r) => api.child.once('exit', r));
  await run('kubectl', ['delete', 'collectionjobs', '--all', '-n', NS, '--wait=false'], { env: kenv, maxBuffer: 64 * 1024 * 1024 }).catch(
    () => undefined,
  );
  // Waits until the namespace and its thousands of jobs are gone, so the apiserver is idle again when
  // the next benchmark starts.
  log('[bench api] deleting the jobs it created');
  await run('kubectl', ['delete', 'namespace', NS, '--timeout=180s'], { env: kenv }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: e.DATABASE_URL });
  await admin.connect();
  if (!process.env.BENCH_KEEP_DATA) await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
