// The three programs start against the real stack, serve /healthz, /readyz and /metrics, stop cleanly
// on SIGTERM, and refuse a bad configuration with exit code 2 and the variable's name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnProgram, type ProgramProcess } from '../harness/process.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';

let suite: Suite;
test.before(async () => {
  suite = await isolatedSuite('programs');
});
test.after(async () => {
  await suite?.cleanup();
});

const start = (program: string, env: NodeJS.ProcessEnv): ProgramProcess => spawnProgram(program, env);

async function waitFor(url: string, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: e });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const programs = [
  { name: 'operator', portVar: 'OPERATOR_PORT', port: 28081 },
  { name: 'worker', portVar: 'WORKER_PORT', port: 28082 },
  { name: 'api', portVar: 'API_PORT', port: 28080 },
];

for (const p of programs) {
  test(`${p.name} serves health and metrics, and exits 0 on SIGTERM`, async () => {
    const proc = start(p.name, suite.programEnv({ [p.portVar]: String(p.port) }));
    try {
      const health = await waitFor(`http://127.0.0.1:${p.port}/healthz`);
      assert.is(health.status, 200, proc.output());
      // Ready once its dependencies answer (the operator also waits for its first list of objects).
      let ready = await fetch(`http://127.0.0.1:${p.port}/readyz`);
      for (let i = 0; i < 60 && ready.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 500));
        ready = await fetch(`http://127.0.0.1:${p.port}/readyz`);
      }
      assert.is(ready.status, 200, await ready.text());
      const metrics = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
      assert.match(metrics, /process_resident_memory_bytes\{program="/);
    } finally {
      proc.child.kill('SIGTERM');
    }
    assert.is(await proc.exit, 0, proc.output());
  });

  test(`${p.name} refuses a missing or malformed variable with exit code 2 naming it`, async () => {
    const env = suite.programEnv({ [p.portVar]: 'not-a-port' });
    delete env.DATABASE_URL;
    const proc = start(p.name, env);
    assert.is(await proc.exit, 2);
    assert.match(proc.output(), /DATABASE_URL is not set; expected a URL/);
    assert.match(proc.output(), new RegExp(`${p.portVar}="not-a-port" is invalid; expected an integer from 0 to 65535`));
  });
}

test.run();
