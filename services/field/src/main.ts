import './instrumentation';
import { join } from 'node:path';
import { bootService, createLogger } from '@salesflow/platform';
import { loadFieldConfig } from './config';
import { createFieldDatabase } from './database';
import { fieldServiceBinding } from './grpc/field.handlers';
import { reportServiceBinding } from './grpc/report.handlers';
import { AbsenceService } from './modules/attendance/absence.service';
import { AttendanceService } from './modules/attendance/attendance.service';
import { CheckInService } from './modules/check-in/check-in.service';
import { DailyReportService } from './modules/daily-report/daily-report.service';
import { ExpenseService } from './modules/expense/expense.service';
import { FieldSettingsService } from './modules/field-settings/field-settings.service';
import { MarketReportService } from './modules/market-report/market-report.service';
import {
  REPORT_FACTS_GROUP,
  REPORT_FACTS_TOPICS,
  reportFactHandlers,
} from './modules/report-facts/report-facts.consumer';
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

  const checkIns = new CheckInService(db, {
    outbox: { source: '/salesflow/field' },
    timeZone: config.BUSINESS_TIME_ZONE,
  });

  const reportOptions = { outbox: { source: '/salesflow/field' }, timeZone: config.BUSINESS_TIME_ZONE };
  const reports = reportServiceBinding({
    dailyReports: new DailyReportService(db, reportOptions),
    marketReports: new MarketReportService(db, reportOptions),
    weeklyReports: new WeeklyReportService(db, reportOptions),
    attendance: new AttendanceService(db, reportOptions),
    absences: new AbsenceService(db, reportOptions),
    expenses: new ExpenseService(db, reportOptions),
    settings: new FieldSettingsService(db),
    timeZone: config.BUSINESS_TIME_ZONE,
  });

  await runtime.startOutboxRelay();
  await runtime.startOrgReplica((fn) => db.$transaction(fn));
  // crm's follow-ups, payments, contracts and new customers that pre-fill daily and weekly reports.
  await runtime.startConsumer({
    groupId: REPORT_FACTS_GROUP,
    topics: REPORT_FACTS_TOPICS,
    transaction: (fn) => db.$transaction(fn),
    handlers: reportFactHandlers(config.BUSINESS_TIME_ZONE),
  });
  await runtime.serveGrpc(config.GRPC_PORT, [fieldServiceBinding(checkIns), reports]);
  runtime.markReady();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
