// Versioned migrations (node-pg-migrate, SQL files in migrations/). Several programs may start at once:
// each takes a blocking advisory lock first, so they apply the migrations one after the other and the
// later ones find nothing left to do.
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { fromRoot } from '../paths.js';

const MIGRATION_LOCK = 4_242_001;

export interface MigrateOptions {
  databaseUrl: string;
  /** Schema to migrate (tests use one schema per suite); created when missing. */
  schema?: string;
  log?: (msg: string) => void;
}

export async function migrate(opts: MigrateOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const schema = opts.schema ?? 'public';
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}, public`);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await runner({
        dbClient: client,
        dir: fromRoot('migrations'),
        direction: 'up',
        migrationsTable: 'schema_migrations',
        schema,
        migrationsSchema: schema,
        // Migrations are additive files; one written later with an earlier timestamp still applies.
        checkOrder: false,
        noLock: true,
        singleTransaction: true,
        log: opts.log ?? (() => undefined),
      });
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
