import type { Logger, OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase, FieldTransaction } from '../../database';
import { localDayOf } from '../calendar/local-day';
import { DEADLINE_LOOKAHEAD_DAYS } from '../daily-report/report-deadline';
import { calendarOverrides } from '../holiday-calendar/holiday-calendar.service';
import { reportSettingsOf } from '../report-settings/report-settings';
import { addDays, dateColumn, fromDateColumn } from '../shared/local-date';
import { dueReportDates, firstCandidate } from './due-report-dates';
import { announceObligation, lockTenantObligations } from './report-obligation.events';

/** Any constant works as long as nothing else in field's database takes it. */
export const SETTLER_LOCK_KEY = 0x6669656c645f6f62n; // "field_ob"
export const DEFAULT_OBLIGATION_LOOKBACK_DAYS = 14;

export interface ObligationSettlerOptions {
  outbox: OutboxOptions;
  /** IANA zone of the tenants' days (BUSINESS_TIME_ZONE). */
  timeZone: string;
  /** A day is settled at most this many days after its deadline. */
  lookbackDays?: number;
  clock?: () => Date;
}

export interface SettlementRun {
  /** false when another replica held the job lock. */
  ran: boolean;
  days: number;
  obligations: number;
}

/**
 * Settles daily-report obligations (issue 8): once a working day's deadline has passed, every
 * ACTIVE employee of the org replica owes that day's report unless approved leave or a trip
 * excuses it, and is on time when a report was submitted by the deadline. Each obligation is
 * inserted once (ON CONFLICT DO NOTHING) and announced in the same transaction.
 *
 * Who is expected: every active employee, as GetReportTimeliness counts them (field has no
 * notion of who must report beyond that). The replica has no hire or departure dates, so its
 * ACTIVE employees when a day is settled stand for who was employed that day: someone hired
 * later is never expected for earlier days, and if field was down past a deadline, people who
 * departed meanwhile are missed for those days. A day is settled at most `lookbackDays` after
 * its deadline; a longer outage leaves those days unsettled.
 *
 * One replica at a time: each tenant's transaction takes the job's advisory lock with
 * pg_try_advisory_xact_lock and the run stops when another replica holds it.
 */
export class ReportObligationSettler {
  private readonly clock: () => Date;
  private readonly lookbackDays: number;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ObligationSettlerOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.lookbackDays = options.lookbackDays ?? DEFAULT_OBLIGATION_LOOKBACK_DAYS;
  }

  async runOnce(): Promise<SettlementRun> {
    const tenants = await this.db.$queryRaw<{ tenantId: string }[]>`
      SELECT DISTINCT tenant_id::text AS "tenantId" FROM salesflow_employee_replica
      WHERE status = 'ACTIVE' ORDER BY 1`;
    const run: SettlementRun = { ran: true, days: 0, obligations: 0 };
    for (const { tenantId } of tenants) {
      const settled = await this.settleTenant(tenantId);
      if (!settled) return { ...run, ran: false };
      run.days += settled.days;
      run.obligations += settled.obligations;
    }
    return run;
  }

  /** The tenant's due days, in one transaction; undefined when another replica runs the job. */
  private settleTenant(tenantId: string): Promise<{ days: number; obligations: number } | undefined> {
    const now = this.clock();
    return this.db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${SETTLER_LOCK_KEY}::bigint) AS locked`;
        if (!lock?.locked) return undefined;
        await lockTenantObligations(tx, tenantId);
        const today = localDayOf(now, this.options.timeZone).date;
        const from = firstCandidate(today, this.lookbackDays);
        const [settings, calendar, settledDays] = await Promise.all([
          reportSettingsOf(tx, tenantId),
          calendarOverrides(tx, tenantId, from, addDays(today, DEADLINE_LOOKAHEAD_DAYS)),
          tx.reportObligationDay.findMany({
            where: { tenantId, reportDate: { gte: dateColumn(from) } },
            select: { reportDate: true },
          }),
        ]);
        const due = dueReportDates({
          today,
          now,
          lookbackDays: this.lookbackDays,
          settings,
          timeZone: this.options.timeZone,
          calendar,
          settled: new Set(settledDays.map((d) => fromDateColumn(d.reportDate))),
        });
        let obligations = 0;
        for (const day of due) obligations += await this.settleDay(tx, tenantId, day.reportDate, day.deadline, now);
        return { days: due.length, obligations };
      },
      { timeout: 60_000 },
    );
  }

  private async settleDay(
    tx: FieldTransaction,
    tenantId: string,
    reportDate: string,
    deadline: Date,
    now: Date,
  ): Promise<number> {
    const employees = await tx.$queryRaw<{ id: string; departmentPath: string }[]>`
      SELECT id::text, department_path AS "departmentPath" FROM salesflow_employee_replica
      WHERE tenant_id = ${tenantId}::uuid AND status = 'ACTIVE' ORDER BY id`;
    // Nobody known yet (a replica still empty): leave the day for a later run rather than settle it empty.
    if (employees.length === 0) return 0;
    const claimed = await tx.$executeRaw`
      INSERT INTO report_obligation_days (tenant_id, report_date, settled_at, employees)
      VALUES (${tenantId}::uuid, ${reportDate}::date, ${now}, ${employees.length})
      ON CONFLICT DO NOTHING`;
    if (claimed === 0) return 0;
    // FOR SHARE waits for a submission still committing, so one made by the deadline is seen.
    const reports = await tx.$queryRaw<{ id: string; employeeId: string; submittedAt: Date | null }[]>`
      SELECT id::text, employee_id::text AS "employeeId", submitted_at AS "submittedAt" FROM daily_reports
      WHERE tenant_id = ${tenantId}::uuid AND report_date = ${reportDate}::date
      FOR SHARE`;
    const absent = await tx.$queryRaw<{ employeeId: string }[]>`
      SELECT DISTINCT employee_id::text AS "employeeId" FROM absence_requests
      WHERE tenant_id = ${tenantId}::uuid AND status = 'APPROVED'
        AND start_date <= ${reportDate}::date AND end_date >= ${reportDate}::date`;
    const reportOf = new Map(reports.map((r) => [r.employeeId, r]));
    const excused = new Set(absent.map((a) => a.employeeId));
    const rows = employees.map((e) => {
      const report = reportOf.get(e.id);
      // Submitted by the deadline (a later resubmission after a return moves submitted_at past it).
      const onTime = Boolean(report?.submittedAt && report.submittedAt.getTime() <= deadline.getTime());
      return {
        id: uuidv7(),
        employeeId: e.id,
        departmentPath: e.departmentPath,
        expected: !excused.has(e.id),
        onTime,
        reportId: report?.submittedAt ? report.id : null,
      };
    });
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO report_obligations
        (id, tenant_id, employee_id, report_date, department_path, expected, on_time, report_id, deadline,
         version, settled_at, updated_at)
      SELECT r.id, ${tenantId}::uuid, r.employee_id, ${reportDate}::date, r.department_path, r.expected, r.on_time,
             r.report_id, ${deadline}, 1, ${now}, ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.employeeId)}::uuid[],
                  ${rows.map((r) => r.departmentPath)}::text[], ${rows.map((r) => r.expected)}::boolean[],
                  ${rows.map((r) => r.onTime)}::boolean[], ${rows.map((r) => r.reportId)}::uuid[])
           AS r(id, employee_id, department_path, expected, on_time, report_id)
      ON CONFLICT (tenant_id, employee_id, report_date) DO NOTHING
      RETURNING id::text`;
    const settled = await tx.reportObligation.findMany({
      where: { id: { in: inserted.map((r) => r.id) } },
      orderBy: { employeeId: 'asc' },
    });
    for (const obligation of settled) await announceObligation(tx, obligation, this.options.outbox, now);
    return settled.length;
  }
}

/** The scheduled loop inside field: every `intervalMs`, never two runs at once in one process. */
export function startObligationSettling(
  settler: ReportObligationSettler,
  intervalMs: number,
  log: Logger,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = settler
      .runOnce()
      .then((run) => {
        if (run.obligations > 0) log.info(run, 'report obligations settled');
      })
      .catch((err: unknown) => log.error({ err }, 'settling report obligations failed; retrying next interval'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
