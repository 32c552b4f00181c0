import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../observability/logger';

/**
 * Applies SQL migrations kept in Prisma's layout (`<dir>/<timestamp>_<name>/migration.sql`).
 *
 * Why not `prisma migrate deploy`: Prisma 7 runs migrations with a native schema engine
 * that its CLI downloads from a host outside the package registries, which this project's
 * machines cannot reach. The client needs no engine, so Prisma stays the ORM and this small
 * runner applies the same files: in name order, each in its own transaction, under an
 * advisory lock (replicas starting together apply each migration once), refusing to run
 * if an applied file was edited afterwards.
 */
export async function applyMigrations(options: {
  databaseUrl: string;
  sources: readonly { scope: string; dir: string }[];
  log: Logger;
}): Promise<string[]> {
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['salesflow_schema_migrations']);
    await client.query(`CREATE TABLE IF NOT EXISTS salesflow_schema_migrations (
      scope text NOT NULL, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, name))`);
    for (const { scope, dir } of options.sources) {
      const done = new Map<string, string>(
        (
          await client.query('SELECT name, checksum FROM salesflow_schema_migrations WHERE scope = $1', [scope])
        ).rows.map((r: { name: string; checksum: string }) => [r.name, r.checksum]),
      );
      for (const name of listMigrations(dir)) {
        const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
        const checksum = createHash('sha256').update(sql).digest('hex');
        const previous = done.get(name);
        if (previous !== undefined) {
          if (previous !== checksum) {
            throw new Error(`migration ${scope}/${name} was changed after it was applied; add a new migration instead`);
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO salesflow_schema_migrations (scope, name, checksum) VALUES ($1, $2, $3)', [
            scope,
            name,
            checksum,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${scope}/${name} failed: ${(error as Error).message}`, { cause: error });
        }
        options.log.info({ scope, migration: name }, 'migration applied');
        applied.push(`${scope}/${name}`);
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', ['salesflow_schema_migrations'])
      .catch(() => undefined);
    await client.end();
  }
  return applied;
}

/** True when every migration found in the sources is recorded as applied (used by /readyz). */
export async function migrationsApplied(
  databaseUrl: string,
  sources: readonly { scope: string; dir: string }[],
): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query('SELECT scope, name FROM salesflow_schema_migrations')).rows as {
      scope: string;
      name: string;
    }[];
    const have = new Set(rows.map((r) => `${r.scope}/${r.name}`));
    return sources.every(({ scope, dir }) => listMigrations(dir).every((name) => have.has(`${scope}/${name}`)));
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

function listMigrations(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

/** The kit's own tables (outbox, inbox), applied before a service's migrations. */
export const PLATFORM_MIGRATIONS = { scope: 'platform', dir: join(__dirname, '..', '..', 'migrations') } as const;
