import './instrumentation';
import { join } from 'node:path';
import { TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadAnalyticsConfig } from './config';
import { leadFactHandlers } from './consumers/lead-facts.consumer';
import { createAnalyticsDatabase } from './database';
import { analyticsServiceBinding } from './grpc/analytics.handlers';
import { LeadSummaryService } from './modules/lead-summary/lead-summary.service';

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
  });

  const db = createAnalyticsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());

  await runtime.startConsumer({
    groupId: 'analytics.projections',
    topics: [TOPICS.crmLead],
    transaction: (fn) => db.$transaction(fn),
    handlers: leadFactHandlers,
  });
  await runtime.serveGrpc(config.GRPC_PORT, [analyticsServiceBinding(new LeadSummaryService(db))]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
