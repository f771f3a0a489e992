// One way for suites to run a program of ours as a real child process: output kept for assertions
// and failure messages, the exit code awaited, and stop() sending a signal with a SIGKILL fallback.
import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../lib/paths.js';

export interface ProgramProcess {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
  /** Sends the signal (SIGTERM by default) if still running, SIGKILL after killAfterMs; resolves to the exit code. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | null>;
}

/** Runs a compiled script (a path, or a program name: operator, worker, api) with the environment given. */
export function spawnProgram(script: string, env: NodeJS.ProcessEnv, opts: { defaultKillAfterMs?: number } = {}): ProgramProcess {
  const path = script.includes('/') ? script : fromRoot('dist', script, 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', path], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exit,
    async stop(signal = 'SIGTERM', killAfterMs = opts.defaultKillAfterMs ?? 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exit;
      clearTimeout(t);
      return code;
    },
  };
}
