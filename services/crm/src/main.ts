import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadCrmConfig } from './config';
import { createCrmDatabase } from './database';
import { crmServiceBinding } from './grpc/crm.handlers';
import { LeadService } from './modules/lead/lead.service';

async function main(): Promise<void> {
  const config = loadCrmConfig();
  const log = createLogger('crm', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'crm',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    orgReplica: true,
  });

  const db = createCrmDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const leads = new LeadService(db, { source: '/salesflow/crm' });

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  await runtime.serveGrpc(config.GRPC_PORT, [crmServiceBinding(leads)]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
