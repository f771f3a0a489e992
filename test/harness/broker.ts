// A private RabbitMQ node for suites that stop and start the broker: the shared stack's node is used by
// other suites at the same time, so it is never restarted. Debian's rabbitmq-server (the same binaries
// as hack/services/rabbitmq.sh) runs with its own node name, AMQP / management / distribution ports,
// its own epmd and its data, config and cookie in a temporary directory, the management plugin on and
// one administrator user created at the first boot. stop() and start() keep ports and data, so durable
// queues and persistent messages survive a restart like on a real broker. Every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementClient } from '../../lib/amqp/management.js';

const RMQ_BIN = '/usr/lib/rabbitmq/bin';

export interface PrivateBroker {
  /** The Erlang node name (name@localhost). */
  node: string;
  amqpUrl: string;
  managementUrl: string;
  management: ManagementClient;
  readonly running: boolean;
  /** Boots the node and waits until AMQP and the management API answer (bounded). */
  start(timeoutMs?: number): Promise<void>;
  /** Stops the node: SIGTERM (a clean broker shutdown) or, with kill, SIGKILL (a crash). Bounded. */
  stop(o?: { kill?: boolean; timeoutMs?: number }): Promise<void>;
  /** Deletes the node's data while it is stopped: it boots as new, as a broker whose volume was lost. */
  wipe(): void;
  /** The last lines the node wrote, for failure messages. */
  output(): string;
  /** Stops the node and epmd and removes the directory. */
  destroy(): Promise<void>;
}

/** A port outside the usual ephemeral range that nothing listens on (the node keeps it across restarts). */
async function freeFixedPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (taken.has(port)) continue;
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port found for the private RabbitMQ node');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates (does not start) a private node; `name` makes its node name and directory recognisable. */
export async function privateBroker(name: string): Promise<PrivateBroker> {
  if (!existsSync(`${RMQ_BIN}/rabbitmq-server`)) throw new Error(`${RMQ_BIN}/rabbitmq-server is missing (Debian's rabbitmq-server package)`);
  const taken = new Set<number>();
  const [amqpPort, mgmtPort, distPort, epmdPort] = [
    await freeFixedPort(taken),
    await freeFixedPort(taken),
    await freeFixedPort(taken),
    await freeFixedPort(taken),
  ];
  const dir = mkdtempSync(join(tmpdir(), `rmq-${name}-`));
  const node = `t${name.replace(/[^a-z0-9]/gi, '')}${randomBytes(3).toString('hex')}@localhost`;
  const user = 'test';
  const pass = randomBytes(9).toString('hex');
  for (const d of ['home', 'mnesia', 'log']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'home', '.erlang.cookie'), randomBytes(20).toString('hex'));
  chmodSync(join(dir, 'home', '.erlang.cookie'), 0o400);
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_management].\n');
  // Classic (Erlang terms) config, as the stack's node: no schema translation at boot.
  writeFileSync(
    join(dir, 'rabbitmq.config'),
    `[
  {rabbit, [
    {tcp_listeners, [{"127.0.0.1", ${amqpPort}}]},
    {default_user, <<"${user}">>},
    {default_pass, <<"${pass}">>},
    {default_user_tags, [administrator]},
    {default_permissions, [<<".*">>, <<".*">>, <<".*">>]},
    {loopback_users, []},
    {disk_free_limit, {absolute, 50000000}},
    {log, [{console, [{enabled, true}, {level, warning}]}, {file, [{file, false}]}]}
  ]},
  {rabbitmq_management, [{tcp_config, [{ip, "127.0.0.1"}, {port, ${mgmtPort}}]}]}
].
`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: join(dir, 'home'),
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.config'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    ERL_CRASH_DUMP: join(dir, 'erl_crash.dump'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };

  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  const epmd = spawn('epmd', ['-port', String(epmdPort), '-address', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  epmd.stdout.on('data', keep);
  epmd.stderr.on('data', keep);
  let server: ChildProcess | undefined;
  const beamPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(join(dir, 'rabbitmq.pid'), 'utf8').trim());
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  // If the test process ends without destroy(), the node and epmd must not outlive it.
  const onExit = () => {
    const pid = beamPid();
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    if (server && !exited(server)) server.kill('SIGKILL');
    if (!exited(epmd)) epmd.kill('SIGKILL');
  };
  process.on('exit', onExit);

  const managementUrl = `http://${user}:${pass}@127.0.0.1:${mgmtPort}/`;
  const management = new ManagementClient(managementUrl);

  const b: PrivateBroker = {
    node,
    amqpUrl: `amqp://${user}:${pass}@127.0.0.1:${amqpPort}/`,
    managementUrl,
    management,
    get running() {
      return server !== undefined && !exited(server);
    },
    async start(timeoutMs = 90_000) {
      if (b.running) return;
      for (let i = 0; i < 40 && !(await portOpen(epmdPort)); i++) await sleep(125);
      rmSync(join(dir, 'rabbitmq.pid'), { force: true });
      const child = spawn(`${RMQ_BIN}/rabbitmq-server`, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const until = Date.now() + timeoutMs;
      for (;;) {
        if (exited(child)) throw new Error(`the private RabbitMQ node ${node} exited during its start (code ${child.exitCode}): ${out.slice(-3000)}`);
        if (
          (await portOpen(amqpPort)) &&
          (await management.queues().then(
            () => true,
            () => false,
          ))
        )
          return;
        if (Date.now() > until) {
          await b.stop({ kill: true });
          throw new Error(`the private RabbitMQ node ${node} did not answer within ${timeoutMs} ms: ${out.slice(-3000)}`);
        }
        await sleep(250);
      }
    },
    async stop(o = {}) {
      const child = server;
      if (!child || exited(child)) return;
      const pid = beamPid();
      if (pid && alive(pid)) process.kill(pid, o.kill ? 'SIGKILL' : 'SIGTERM');
      else child.kill(o.kill ? 'SIGKILL' : 'SIGTERM');
      if (!(await waitExit(child, o.timeoutMs ?? 30_000))) {
        if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
        child.kill('SIGKILL');
        await waitExit(child, 5000);
      }
      // The listener is gone once the VM is; wait until the port is really closed (bounded).
      for (let i = 0; i < 40 && (await portOpen(amqpPort)); i++) await sleep(250);
    },
    wipe() {
      if (b.running) throw new Error('wipe() needs the node stopped');
      rmSync(join(dir, 'mnesia'), { recursive: true, force: true });
      mkdirSync(join(dir, 'mnesia'));
    },
    output: () => out,
    async destroy() {
      await b.stop({ timeoutMs: 20_000 }).catch(() => undefined);
      if (!exited(epmd)) {
        epmd.kill('SIGTERM');
        if (!(await waitExit(epmd, 3000))) epmd.kill('SIGKILL');
      }
      process.removeListener('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return b;
}
