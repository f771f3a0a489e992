// The development pod runner (a development tool, never deployed): the local stack has no kubelet, and
// KWOK only marks pods Running. This runner keeps one real local process per Running pod of the worker
// Deployment (`node dist/worker/main.js`, WORKER_ID = the pod name, its own WORKER_PORT) and of the
// Selenium node Deployment (a Selenium Grid node driving Debian's chromium, registered with the local
// hub, its address written to the pod's collection.newsroom.dev/grid-node annotation). When a pod goes
// away its process gets SIGTERM: a worker drains its tasks, a Grid node ends. Bounded by the machine:
// pods beyond the process limits are reported and left without a process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeRest } from '../../lib/kube/rest.js';
import { MERGE_PATCH } from '../../lib/kube/rest.js';
import type { Logger } from '../../lib/log.js';
import { fromRoot } from '../../lib/paths.js';
import { ANNOTATION_GRID_NODE } from '../../operator/controllers/collectorpool.js';

export interface RunnerOptions {
  rest: KubeRest;
  log: Logger;
  namespace: string;
  workerDeployment: string;
  nodeDeployment?: string;
  /** Environment of the worker processes (the stack's variables and the queue prefix). */
  workerEnv: NodeJS.ProcessEnv;
  workerSlots: number;
  maxWorkers: number;
  maxNodes: number;
  sessionsPerNode: number;
  basePort: number;
  gridUrl: string;
  registrationSecret: string;
  seleniumDir?: string;
  logDir: string;
  pollMs?: number;
}

interface Managed {
  kind: 'worker' | 'node';
  pod: string;
  port: number;
  child: ChildProcess;
  exited: boolean;
  stopping: boolean;
  exitedAt?: number;
}

interface PodItem {
  metadata: { name: string; deletionTimestamp?: string; annotations?: Record<string, string> };
  status?: { phase?: string };
}

export class PodRunner {
  private procs = new Map<string, Managed>();
  private ports = new Set<number>();
  private timer?: NodeJS.Timeout;
  private busy = false;
  private warned = new Set<string>();
  private closed = false;

  constructor(private o: RunnerOptions) {
    mkdirSync(o.logDir, { recursive: true });
  }

  /** Processes by kind, for tests and progress lines. */
  counts(): { workers: number; nodes: number } {
    let workers = 0;
    let nodes = 0;
    for (const p of this.procs.values()) {
      if (p.exited || p.stopping) continue;
      if (p.kind === 'worker') workers++;
      else nodes++;
    }
    return { workers, nodes };
  }

  start(): void {
    const tick = async () => {
      if (this.closed) return;
      if (!this.busy) {
        this.busy = true;
        await this.sync().catch((e: Error) => this.o.log.warn({ err: e.message }, 'pod runner: cannot list pods'));
        this.busy = false;
      }
      if (!this.closed) this.timer = setTimeout(() => void tick(), this.o.pollMs ?? 300);
    };
    void tick();
  }

  async sync(): Promise<void> {
    await this.syncKind('worker', this.o.workerDeployment, this.o.maxWorkers);
    if (this.o.nodeDeployment) await this.syncKind('node', this.o.nodeDeployment, this.o.maxNodes);
  }

  private async selector(deployment: string): Promise<string> {
    const d = await this.o.rest.get<{ spec: { selector: { matchLabels?: Record<string, string> } } }>(
      `/apis/apps/v1/namespaces/${this.o.namespace}/deployments/${deployment}`,
    );
    return Object.entries(d.spec.selector.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  }

  private async syncKind(kind: Managed['kind'], deployment: string, max: number): Promise<void> {
    const list = await this.o.rest.get<{ items: PodItem[] }>(`/api/v1/namespaces/${this.o.namespace}/pods`, {
      labelSelector: await this.selector(deployment),
    });
    const running = list.items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    const live = new Set(running);
    for (const [pod, m] of this.procs) if (m.kind === kind && !live.has(pod)) this.stop(m);
    for (const pod of running) {
      const m = this.procs.get(pod);
      if (m && !m.exited) continue;
      if (m?.exited && Date.now() - (m.exitedAt ?? 0) < 5_000) continue; // restart after a pause, as a kubelet would
      const active = [...this.procs.values()].filter((p) => p.kind === kind && !p.exited).length;
      if (active >= max) {
        if (!this.warned.has(pod))
          this.o.log.warn({ pod, max }, `pod runner: at most ${max} ${kind} processes on this machine; pod ${pod} runs nothing`);
        this.warned.add(pod);
        continue;
      }
      if (kind === 'worker') this.startWorker(pod);
      else await this.startNode(pod);
    }
  }

  private port(): number {
    let p = this.o.basePort;
    while (this.ports.has(p)) p++;
    this.ports.add(p);
    return p;
  }

  private launch(kind: Managed['kind'], pod: string, port: number, cmd: string, args: string[], env: NodeJS.ProcessEnv): Managed {
    const out = createWriteStream(join(this.o.logDir, `${pod}.log`), { flags: 'a' });
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    const m: Managed = { kind, pod, port, child, exited: false, stopping: false };
    child.on('exit', (code, signal) => {
      m.exited = true;
      m.exitedAt = Date.now();
      this.ports.delete(port);
      if (this.procs.get(pod) === m && m.stopping) this.procs.delete(pod);
      this.o.log.info({ pod, kind, code, signal }, 'pod runner: process ended');
    });
    this.procs.set(pod, m);
    this.o.log.info({ pod, kind, port, pid: child.pid }, 'pod runner: process started');
    return m;
  }

  private startWorker(pod: string): void {
    const port = this.port();
    this.launch('worker', pod, port, process.execPath, ['--enable-source-maps', fromRoot('dist', 'worker', 'main.js')], {
      ...this.o.workerEnv,
      WORKER_PORT: String(port),
      WORKER_ID: pod,
      WORKER_SLOTS: String(this.o.workerSlots),
    });
  }

  private async startNode(pod: string): Promise<void> {
    if (!this.o.seleniumDir) return;
    const port = this.port();
    const hub = new URL(this.o.gridUrl);
    const hubPort = Number(hub.port);
    const config = join(this.o.logDir, `${pod}.toml`);
    writeFileSync(config, nodeToml(this.o.sessionsPerNode));
    this.launch(
      'node',
      pod,
      port,
      'java',
      [
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-cp',
        `${this.o.seleniumDir}/lib/*`,
        'org.openqa.selenium.grid.Main',
        'node',
        '--config',
        config,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--grid-url',
        this.o.gridUrl,
        '--publish-events',
        `tcp://127.0.0.1:${hubPort - 2}`,
        '--subscribe-events',
        `tcp://127.0.0.1:${hubPort - 1}`,
        '--registration-secret',
        this.o.registrationSecret,
        '--selenium-manager',
        'false',
        '--tracing',
        'false',
      ],
      process.env,
    );
    await this.o.rest
      .request('PATCH', `/api/v1/namespaces/${this.o.namespace}/pods/${pod}`, {
        contentType: MERGE_PATCH,
        body: { metadata: { annotations: { [ANNOTATION_GRID_NODE]: `127.0.0.1:${port}` } } },
      })
      .catch((e: Error) => this.o.log.warn({ pod, err: e.message }, 'pod runner: cannot annotate the pod'));
  }

  private stop(m: Managed): void {
    if (m.stopping) return;
    m.stopping = true;
    if (m.exited) {
      this.procs.delete(m.pod);
      return;
    }
    this.o.log.info({ pod: m.pod, kind: m.kind }, 'pod runner: pod gone, stopping its process (SIGTERM)');
    m.child.kill('SIGTERM');
    const t = setTimeout(() => m.child.kill('SIGKILL'), 60_000);
    t.unref();
    m.child.once('exit', () => clearTimeout(t));
  }

  /** Stops polling and every process, waiting for them to end. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const all = [...this.procs.values()].filter((m) => !m.exited);
    for (const m of all) this.stop(m);
    await Promise.all(all.map((m) => (m.exited ? Promise.resolve() : new Promise((r) => m.child.once('exit', r)))));
  }
}

function nodeToml(sessions: number): string {
  const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  const driver = process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver';
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  const stereotype = JSON.stringify({ browserName: 'chrome', platformName: 'linux', 'goog:chromeOptions': { binary: chromium, args } });
  return `# Written by the development pod runner.
[node]
detect-drivers = false
selenium-manager = false
max-sessions = ${sessions}
override-max-sessions = true

[[node.driver-configuration]]
display-name = "chromium"
webdriver-executable = "${driver}"
max-sessions = ${sessions}
stereotype = '${stereotype}'
`;
}
