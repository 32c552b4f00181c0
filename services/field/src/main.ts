import './instrumentation';
import { join } from 'node:path';
import { TOPICS } from '@salesflow/contracts';
import { bootService, createLogger } from '@salesflow/platform';
import { loadFieldConfig } from './config';
import { createFieldDatabase, type FieldTransaction } from './database';
import { fieldServiceBinding } from './grpc/field.handlers';
import { reportServiceBinding } from './grpc/report.handlers';
import { visitServiceBinding } from './grpc/visit.handlers';
import { AbsenceService } from './modules/attendance/absence.service';
import { AttendanceService } from './modules/attendance/attendance.service';
import { CheckInService } from './modules/check-in/check-in.service';
import { CUSTOMER_REPLICA_GROUP, customerReplicaHandlers } from './modules/customer-replica/customer-replica.consumer';
import { DailyReportService } from './modules/daily-report/daily-report.service';
import { ExpenseService } from './modules/expense/expense.service';
import { HANDOVER_GROUP, handoverHandlers } from './modules/handover/employee-departed.consumer';
import { HolidayCalendarService } from './modules/holiday-calendar/holiday-calendar.service';
import { MarketReportService } from './modules/market-report/market-report.service';
import { photoStoreOf } from './modules/photo/photo-store.factory';
import {
  REPORT_FACTS_GROUP,
  REPORT_FACTS_TOPICS,
  reportFactHandlers,
} from './modules/report-facts/report-facts.consumer';
import { ReportObligationReader } from './modules/report-obligation/report-obligation.reader';
import {
  ReportObligationSettler,
  startObligationSettling,
} from './modules/report-obligation/report-obligation.settler';
import { ReportSettingsService } from './modules/report-settings/report-settings.service';
import { FieldSettingsService } from './modules/settings/field-settings.service';
import {
  TARGET_REPLICA_GROUP,
  TARGET_REPLICA_TOPICS,
  targetReplicaHandlers,
} from './modules/target-replica/target-replica.consumer';
import { FOLLOW_UP_GROUP, followUpHandlers } from './modules/visit/follow-up.consumer';
import { VisitService } from './modules/visit/visit.service';
import { VisitPlanService } from './modules/visit-plan/visit-plan.service';
import { WeeklyReportService } from './modules/weekly-report/weekly-report.service';

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

  const reports = reportServiceBinding({
    dailyReports: new DailyReportService(db, { outbox, timeZone }),
    marketReports: new MarketReportService(db, { outbox, timeZone }),
    weeklyReports: new WeeklyReportService(db, { outbox, timeZone }),
    attendance: new AttendanceService(db, { outbox, timeZone }),
    absences: new AbsenceService(db, { outbox, timeZone }),
    expenses: new ExpenseService(db, { outbox, timeZone }),
    settings: new ReportSettingsService(db),
    holidays: new HolidayCalendarService(db),
    obligations: new ReportObligationReader(db),
    timeZone,
  });

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
  // crm's follow-ups, payments, contracts and new customers that pre-fill daily and weekly reports.
  await runtime.startConsumer({
    groupId: REPORT_FACTS_GROUP,
    topics: REPORT_FACTS_TOPICS,
    transaction,
    handlers: reportFactHandlers(timeZone),
  });
  // goals' target nodes: the weekly report's target achievement.
  await runtime.startConsumer({
    groupId: TARGET_REPLICA_GROUP,
    topics: TARGET_REPLICA_TOPICS,
    transaction,
    handlers: targetReplicaHandlers(),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [
    fieldServiceBinding(checkIns),
    visitServiceBinding({ checkIns, visits, plans, settings }),
    reports,
  ]);
  // Report obligations once a day's deadline has passed; one replica at a time (an advisory lock in the job).
  const settler = new ReportObligationSettler(db, {
    outbox,
    timeZone,
    lookbackDays: config.FIELD_REPORT_OBLIGATION_LOOKBACK_DAYS,
  });
  const stopSettling = startObligationSettling(settler, config.FIELD_REPORT_OBLIGATION_INTERVAL_MS, log);
  runtime.onStop('report obligations', stopSettling);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
