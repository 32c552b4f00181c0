import './instrumentation';
import { join } from 'node:path';
import { TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadFieldConfig } from './config';
import { createFieldDatabase, type FieldTransaction } from './database';
import { fieldServiceBinding } from './grpc/field.handlers';
import { visitServiceBinding } from './grpc/visit.handlers';
import { CheckInService } from './modules/check-in/check-in.service';
import { CUSTOMER_REPLICA_GROUP, customerReplicaHandlers } from './modules/customer-replica/customer-replica.consumer';
import { HANDOVER_GROUP, handoverHandlers } from './modules/handover/employee-departed.consumer';
import { photoStoreOf } from './modules/photo/photo-store.factory';
import { FieldSettingsService } from './modules/settings/field-settings.service';
import { FOLLOW_UP_GROUP, followUpHandlers } from './modules/visit/follow-up.consumer';
import { VisitService } from './modules/visit/visit.service';
import { VisitPlanService } from './modules/visit-plan/visit-plan.service';

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

  const outbox = { source: '/salesflow/field' };
  const timeZone = config.BUSINESS_TIME_ZONE;
  const transaction = (fn: (tx: FieldTransaction) => Promise<void>) => db.$transaction(fn);
  const visits = new VisitService(db, { outbox, timeZone });
  const checkIns = new CheckInService(db, {
    outbox,
    timeZone,
    visits,
    photos: photoStoreOf(config),
  });
  const plans = new VisitPlanService(db, { outbox });
  const settings = new FieldSettingsService(db);

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica(transaction);
  // Customer coordinates, region and tier for the geofence and a visit's attribution.
  await runtime.startConsumer({
    groupId: CUSTOMER_REPLICA_GROUP,
    topics: [TOPICS.crmCustomer],
    transaction,
    handlers: customerReplicaHandlers(),
  });
  // Follow-up records in crm: the third condition of an effective visit.
  await runtime.startConsumer({
    groupId: FOLLOW_UP_GROUP,
    topics: [TOPICS.crmActivity],
    transaction,
    handlers: followUpHandlers(visits),
  });
  // A departed rep's future plans and pending approvals go to the successor.
  await runtime.startConsumer({
    groupId: HANDOVER_GROUP,
    topics: [TOPICS.identityEmployee],
    transaction,
    handlers: handoverHandlers(outbox, timeZone),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [
    fieldServiceBinding(checkIns),
    visitServiceBinding({ checkIns, visits, plans, settings }),
  ]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
