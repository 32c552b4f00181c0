import './instrumentation';
import { join } from 'node:path';
import { deadLetterTopic, TOPICS } from '@salesflow/contracts';
import { bootService, createEventConsumer, createLogger, startGrpcServer } from '@salesflow/platform';
import { loadAnalyticsConfig } from './config';
import { leadFactHandlers } from './consumers/lead-facts.consumer';
import { createAnalyticsDatabase } from './database';
import { analyticsServiceBinding } from './grpc/analytics.handlers';
import { LeadSummaryService } from './modules/lead-summary/lead-summary.service';

const PROJECTION_GROUP = 'analytics.projections';

async function main(): Promise<void> {
  const config = loadAnalyticsConfig();
  const log = createLogger('analytics', config.LOG_LEVEL);
  const runtime = await bootService({
    name: 'analytics',
    log,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    httpPort: config.HTTP_PORT,
    migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    deadLetterTopics: [deadLetterTopic(PROJECTION_GROUP)],
  });

  const db = createAnalyticsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  const projections = createEventConsumer({
    kafka: runtime.kafka,
    groupId: PROJECTION_GROUP,
    topics: [TOPICS.crmLead],
    transaction: (fn) => db.$transaction(fn),
    handlers: leadFactHandlers,
    log,
  });
  await projections.start();
  runtime.onStop('projection consumer', () => projections.stop());

  const grpc = await startGrpcServer({
    serviceName: 'analytics',
    port: config.GRPC_PORT,
    bindings: [analyticsServiceBinding(new LeadSummaryService(db))],
    log,
  });
  runtime.onStop('grpc server', () => grpc.drain());
  grpc.setServing(true);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
