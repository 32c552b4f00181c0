import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { Pool } from 'pg';
import { loadAnalyticsConfig } from './config';
import { createAnalyticsDatabase } from './database';
import { analyticsServiceBinding } from './grpc/analytics.handlers';
import { kpiServiceBinding } from './grpc/kpi.handlers';
import { ChurnAnalysisService } from './modules/churn/churn-analysis.service';
import { CustomerValueService } from './modules/customer-value/customer-value.service';
import { FunnelService } from './modules/funnel/funnel.service';
import { KpiService } from './modules/kpi/kpi.service';
import { LeadSummaryService } from './modules/lead-summary/lead-summary.service';
import { startReconciliationScheduler } from './modules/reconciliation/reconciliation.scheduler';
import { createSourceReconcilers } from './modules/reconciliation/source-reconcilers';
import { TargetCompletionService } from './modules/targets/target-completion.service';
import { createProjectionRunner } from './projections/projection-runner';
import { calendarDayIn, createProjector } from './projections/projector';

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
    orgReplica: true,
  });

  const db = createAnalyticsDatabase(config.DATABASE_URL);
  runtime.onStop('database', () => db.$disconnect());
  // Projections and dashboard queries use plain pg: multi-row upserts and hand-written SQL.
  // work_mem: the per-employee/department aggregations of a quarter sort ~100k rollup rows in memory.
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 10, options: '-c work_mem=32MB' });
  pool.on('error', (error) => log.warn({ err: error }, 'idle analytics database connection failed'));
  runtime.onStop('projection pool', () => pool.end());

  // The org replica gives owners' department paths and the viewers' data scopes.
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  // Every projected topic, in batches, under the current consumer-group generation.
  const projections = createProjectionRunner({
    kafka: runtime.kafka,
    pool,
    log,
    timeZone: config.ANALYTICS_TIME_ZONE,
    pollMs: config.ANALYTICS_GENERATION_POLL_MS,
  });
  await projections.start();
  runtime.onStop('projections', () => projections.stop());

  // Contracts, payments, visits, expenses and tasks per tenant and day against crm, field and
  // goals; drifting days are projected again from the source's state.
  if (config.ANALYTICS_RECONCILE_INTERVAL_MS > 0) {
    const today = calendarDayIn(config.ANALYTICS_TIME_ZONE);
    const sources = createSourceReconcilers({
      pool,
      applyEvents: createProjector({ timeZone: config.ANALYTICS_TIME_ZONE }),
      dayOf: today,
      log,
      addresses: {
        crm: config.CRM_GRPC_ADDR[0] ?? '',
        field: config.FIELD_GRPC_ADDR[0] ?? '',
        goals: config.GOALS_GRPC_ADDR[0] ?? '',
      },
    });
    const reconciliation = startReconciliationScheduler({
      pool,
      reconcilers: sources.reconcilers,
      intervalMs: config.ANALYTICS_RECONCILE_INTERVAL_MS,
      days: config.ANALYTICS_RECONCILE_DAYS,
      today: () => today(new Date()),
      log,
    });
    runtime.onStop('reconciliation', async () => {
      await reconciliation.stop();
      sources.close();
    });
  }

  const kpis = new KpiService(pool);
  const currency = (tenantId: string) => kpis.currency(tenantId);
  await runtime.serveGrpc(config.GRPC_PORT, [
    analyticsServiceBinding(new LeadSummaryService(db)),
    kpiServiceBinding({
      kpis,
      funnel: new FunnelService(pool, config.ANALYTICS_TIME_ZONE, currency),
      customerValue: new CustomerValueService(pool, config.ANALYTICS_TIME_ZONE, currency, {
        maxStalenessMs: config.ANALYTICS_CUSTOMER_VALUE_MAX_STALENESS_MS,
        onRefreshError: (error: unknown) => log.warn({ err: error }, 'customer value: background recomputation failed'),
      }),
      targets: new TargetCompletionService(pool),
      churn: new ChurnAnalysisService(pool, currency),
      projections,
    }),
  ]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
