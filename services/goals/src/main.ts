import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadGoalsConfig } from './config';
import { createGoalsDatabase } from './database';
import { goalsServiceBinding } from './grpc/goals.handlers';
import { TargetService } from './modules/target/target.service';

async function main(): Promise<void> {
  const config = loadGoalsConfig();
  const log = createLogger('goals', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'goals',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    orgReplica: true,
  });

  const db = createGoalsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const targets = new TargetService(db, { source: '/salesflow/goals' });

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  await runtime.serveGrpc(config.GRPC_PORT, [goalsServiceBinding(targets)]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
