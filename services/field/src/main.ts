import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadFieldConfig } from './config';
import { createFieldDatabase } from './database';
import { fieldServiceBinding } from './grpc/field.handlers';
import { CheckInService } from './modules/check-in/check-in.service';

async function main(): Promise<void> {
  const config = loadFieldConfig();
  const log = createLogger('field', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'field',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    orgReplica: true,
  });

  const db = createFieldDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const checkIns = new CheckInService(db, {
    outbox: { source: '/salesflow/field' },
    timeZone: config.BUSINESS_TIME_ZONE,
  });

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  await runtime.serveGrpc(config.GRPC_PORT, [fieldServiceBinding(checkIns)]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
