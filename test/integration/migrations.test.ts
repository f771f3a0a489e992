// Migrations against a real PostgreSQL: idempotent, safe when several programs start at once, and the
// unique keys that keep reruns from duplicating data.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate } from '../../lib/db/migrate.js';
import { fromRoot } from '../../lib/paths.js';
import { stackEnv } from '../harness/stack.js';

const run = promisify(execFile);
let admin: pg.Client;
const dbs: string[] = [];

async function freshDatabase(): Promise<string> {
  const env = await stackEnv();
  const name = `t_migr_${Date.now().toString(36)}_${dbs.length}`;
  await admin.query(`CREATE DATABASE ${name}`);
  dbs.push(name);
  const u = new URL(env.DATABASE_URL);
  u.pathname = '/' + name;
  return u.toString();
}

test.before(async () => {
  const env = await stackEnv();
  admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
});
test.after(async () => {
  for (const d of dbs) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
  await admin.end();
});

test('migrations apply once, and a second run finds nothing to do', async () => {
  const url = await freshDatabase();
  const first = await migrate({ databaseUrl: url });
  assert.ok(first.length >= 1);
  const second = await migrate({ databaseUrl: url });
  assert.equal(second, []);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  await c.end();
  for (const t of ['articles', 'comments', 'departments', 'job_articles', 'job_logs', 'jobs', 'resource_snapshots', 'tasks']) {
    assert.ok(
      rows.some((r) => r.table_name === t),
      `table ${t} missing`,
    );
  }
});

test('three processes migrating the same database at once all succeed, and apply each migration once', async () => {
  const url = await freshDatabase();
  const script = `import { migrate } from ${JSON.stringify(fromRoot('dist', 'lib', 'db', 'migrate.js'))}; const a = await migrate({ databaseUrl: process.env.U }); console.log(JSON.stringify(a));`;
  const results = await Promise.all(
    [0, 1, 2].map(() => run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, U: url } })),
  );
  const applied = results.map((r) => JSON.parse(r.stdout) as string[]);
  assert.is(applied.filter((a) => a.length > 0).length, 1, `exactly one process applies: ${JSON.stringify(applied)}`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query('SELECT count(*)::int AS n FROM schema_migrations');
  await c.end();
  assert.is(rows[0].n, applied.flat().length);
});

test('articles and comments are unique by identity', async () => {
  const url = await freshDatabase();
  await migrate({ databaseUrl: url });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const ins = `INSERT INTO articles (source, identity, title) VALUES ('naver', '001/0000000001', 't') ON CONFLICT (source, identity) DO UPDATE SET last_collected_at = now() RETURNING id`;
    const a = await c.query(ins);
    const b = await c.query(ins);
    assert.is(a.rows[0].id, b.rows[0].id);
    await c.query('INSERT INTO comments (article_id, comment_no, text) VALUES ($1, 1, $2)', [a.rows[0].id, '첫 댓글']);
    try {
      await c.query('INSERT INTO comments (article_id, comment_no, text) VALUES ($1, 1, $2)', [a.rows[0].id, 'again']);
      assert.unreachable('a duplicate comment was stored');
    } catch (e) {
      assert.match((e as Error).message, /duplicate key value violates unique constraint/);
    }
  } finally {
    await c.end();
  }
});

test.run();
