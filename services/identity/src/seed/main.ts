// Seeds the demo tenant: `node services/identity/dist/seed/main.js`. Safe to run again.
// Creates the database and applies migrations first, so it works before the service has run.
import { join } from 'node:path';
import { applyMigrations, createLogger, ensureDatabaseExists, PLATFORM_MIGRATIONS } from '@salesflow/platform';
import { loadIdentityConfig } from '../config';
import { createIdentityDatabase } from '../database';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_TENANT_CODE, seedDemoTenant } from './demo-tenant';

async function main(): Promise<void> {
  const config = loadIdentityConfig();
  const log = createLogger('identity-seed', config.LOG_LEVEL);
  await ensureDatabaseExists(config.DATABASE_URL);
  await applyMigrations({
    databaseUrl: config.DATABASE_URL,
    sources: [PLATFORM_MIGRATIONS, { scope: 'identity', dir: join(__dirname, '..', '..', 'prisma', 'migrations') }],
    log,
  });
  const db = createIdentityDatabase(config.DATABASE_URL);
  try {
    const { tenantId, created } = await seedDemoTenant(db, { source: '/salesflow/identity' });
    log.info({ tenantId, ...created }, 'demo tenant seeded');
    console.log(`demo login: tenant "${DEMO_TENANT_CODE}", ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
