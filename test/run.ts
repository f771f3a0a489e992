// Runs the test files, each in its own Node process, and ends with one line "N passed, N failed,
// N skipped" summed over every file (uvu's own summary is per file). A suite that needs a stack it does
// not have prints "Not run: N (why)" and registers no test; those N count as skipped, never as passed,
// and are named on the line before the closing one. A file that crashes or times out before printing
// its summary counts as one failure.
//   node dist/test/run.js [unit|integration|all] [filter]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromRoot } from '../lib/paths.js';

const which = process.argv[2] ?? 'all';
const filter = process.argv[3];
const dist = fromRoot('dist');
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 20 * 60_000);

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const isIntegration = (f: string) => relative(dist, f).startsWith(join('test', 'integration'));
const files = ['lib', 'operator', 'worker', 'api', 'console', 'test', 'hack']
  .map((d) => join(dist, d))
  .filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  })
  .flatMap((d) => findTests(d))
  .filter((f) => (which === 'unit' ? !isIntegration(f) : which === 'integration' ? isIntegration(f) : true))
  .filter((f) => !filter || f.includes(filter))
  .sort((a, b) => Number(isIntegration(a)) - Number(isIntegration(b)) || a.localeCompare(b));

interface Result {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  ms: number;
  note?: string;
}

function runFile(file: string): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', file], {
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), FILE_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const num = (label: string) => {
        const all = [...out.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))];
        return all.reduce((s, m) => s + Number(m[1]), 0);
      };
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped');
      const notRun = num('Not run');
      let failed = total - passed;
      let note: string | undefined;
      if (notRun > 0 && total === 0 && code === 0) {
        note = /^\s*Not run:\s+\d+\s*(.*)$/m.exec(out)?.[1] || '(not run)';
      } else if (total === 0 && passed === 0) {
        failed = 1;
        note = signal ? `killed by ${signal}` : `exited with code ${code} without a test summary`;
      } else if (code !== 0 && failed === 0) {
        failed = 1;
        note = `exited with code ${code}${signal ? ` (${signal})` : ''} after its tests`;
      }
      resolve({ file, passed, failed, skipped, notRun, ms: Date.now() - started, note });
    });
  });
}

const results: Result[] = [];
for (const file of files) {
  console.log(`\n=== ${relative(dist, file)}`);
  results.push(await runFile(file));
}

console.log('\n=== summary');
for (const r of results) {
  const mark = r.failed ? 'FAIL' : r.notRun ? 'NOT ' : 'ok  ';
  console.log(
    `${mark} ${relative(dist, r.file).padEnd(60)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped ${(r.ms / 1000).toFixed(1).padStart(6)} s${r.note ? '  ' + r.note : ''}`,
  );
}
const sum = (k: 'passed' | 'failed' | 'skipped' | 'notRun') => results.reduce((s, r) => s + r[k], 0);
if (files.length === 0) console.log('no test files found');
// Tests a suite could not run on this stack count as skipped in the closing line, named just above it.
const notRun = results.filter((r) => r.notRun);
if (notRun.length)
  console.log(`${sum('notRun')} not run (counted as skipped): ${notRun.map((r) => `${relative(dist, r.file)} ${r.note ?? '(not run)'}`).join('; ')}`);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped') + sum('notRun')} skipped`);
process.exit(sum('failed') > 0 || files.length === 0 ? 1 : 0);
