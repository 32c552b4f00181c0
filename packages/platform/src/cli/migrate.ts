/**
 * `node migrate.js <service>`: applies one service's migrations (the kit's, the org replica's
 * where the service keeps one, then its own) and exits 0, or 1 with one line on stderr.
 *
 * Kubernetes runs it before a release's pods start (the Helm pre-install/pre-upgrade hook and
 * the kustomize Job), from the service's production bundle:
 *   node node_modules/@salesflow/platform/dist/cli/migrate.js crm
 * Environment:
 *   DATABASE_URL    the service's database (the same default as the service's own config)
 *   MIGRATIONS_DIR  the service's migrations; default `prisma/migrations` under the current
 *                   directory (the bundle's root in the image), else
 *                   `services/<service>/prisma/migrations` (the repository's root)
 *   ORG_REPLICA     `true`/`false`; default true for the services that keep the org replica
 *   LOG_LEVEL       as for the services
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { baseServiceConfig, env, loadConfig } from '../config/load-config';
import { ensureDatabaseExists } from '../database/database-admin';
import { applyMigrations, PLATFORM_MIGRATIONS } from '../database/migrator';
import { createLogger } from '../observability/logger';
import { ORG_REPLICA_MIGRATIONS } from '../org-replica/employee-replica';

/** Mirrors `orgReplica: true` in these services' main.ts. */
const ORG_REPLICA_SERVICES = new Set(['crm', 'goals', 'field']);
/** Services that own no database: nothing to migrate is an error, not a silent success. */
const WITHOUT_DATABASE = new Set(['web']);

export function migrationsDirFor(service: string, source: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  if (source.MIGRATIONS_DIR) return resolve(cwd, source.MIGRATIONS_DIR);
  const bundle = resolve(cwd, 'prisma', 'migrations');
  if (existsSync(bundle)) return bundle;
  return resolve(cwd, 'services', service, 'prisma', 'migrations');
}

export async function migrate(service: string, source: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error('usage: migrate.js <service> (e.g. crm)');
  if (WITHOUT_DATABASE.has(service)) throw new Error(`${service} has no database to migrate`);
  const config = loadConfig(
    baseServiceConfig(service, { grpc: 1, http: 1 })
      .pick({ DATABASE_URL: true, LOG_LEVEL: true })
      .extend({
        ORG_REPLICA: z.enum(['true', 'false']).optional(),
        LOG_LEVEL: env.logLevel(),
      }),
    source,
  );
  const dir = migrationsDirFor(service, source);
  if (!existsSync(dir)) throw new Error(`${service}: no migrations directory at ${dir} (set MIGRATIONS_DIR)`);
  const orgReplica = config.ORG_REPLICA ? config.ORG_REPLICA === 'true' : ORG_REPLICA_SERVICES.has(service);
  const log = createLogger(`${service}-migrate`, config.LOG_LEVEL);
  try {
    await ensureDatabaseExists(config.DATABASE_URL);
  } catch (error) {
    // A managed database's user may not reach the maintenance database; the migration below
    // then says plainly whether the service's own database is there.
    log.warn({ err: error }, 'could not check or create the database; migrating it as it is');
  }
  const applied = await applyMigrations({
    databaseUrl: config.DATABASE_URL,
    sources: [PLATFORM_MIGRATIONS, ...(orgReplica ? [ORG_REPLICA_MIGRATIONS] : []), { scope: service, dir }],
    log,
  });
  log.info({ applied: applied.length }, 'migrations up to date');
  return applied;
}

if (require.main === module) {
  migrate(process.argv[2] ?? '').then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
