import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadGoalsConfig } from './config';
import { PROGRESS_GROUP, PROGRESS_TOPICS, progressHandlers } from './consumers/progress.consumer';
import {
  TARGET_HANDOVER_GROUP,
  TARGET_HANDOVER_TOPICS,
  targetHandoverHandlers,
} from './consumers/target-handover.consumer';
import { createGoalsDatabase } from './database';
import { goalsServiceBinding } from './grpc/goals.handlers';
import { targetServiceBinding } from './grpc/target.handlers';
import { DecompositionService } from './modules/decomposition/decomposition.service';
import { startBehindPaceScheduler } from './modules/reminders/behind-pace.scheduler';
import { GoalsSettingsService } from './modules/settings/goals-settings.service';
import { IdentityTenantCalendar } from './modules/settings/tenant-calendar';
import { TargetService } from './modules/target/target.service';
import { TargetNodeService } from './modules/target/target-node.service';

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

  const outbox = { source: '/salesflow/goals' };
  const targets = new TargetService(db, outbox);
  const calendars = new IdentityTenantCalendar(config.IDENTITY_GRPC_ADDR[0] ?? '', config.TENANT_SETTINGS_TTL_MS);
  runtime.onStop('identity client', async () => calendars.close());
  const nodes = new TargetNodeService(db, calendars, outbox);
  const decomposition = new DecompositionService(db, nodes, calendars, outbox);
  const settings = new GoalsSettingsService(db);

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  await runtime.startConsumer({
    groupId: PROGRESS_GROUP,
    topics: PROGRESS_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: progressHandlers(calendars, outbox),
  });
  await runtime.startConsumer({
    groupId: TARGET_HANDOVER_GROUP,
    topics: TARGET_HANDOVER_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: targetHandoverHandlers(outbox),
  });
  const behindPace = startBehindPaceScheduler(db, outbox, config.BEHIND_PACE_INTERVAL_MS, log);
  runtime.onStop('behind-pace scheduler', () => behindPace.stop());
  await runtime.serveGrpc(config.GRPC_PORT, [
    goalsServiceBinding(targets),
    targetServiceBinding({ nodes, decomposition, settings }),
  ]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
