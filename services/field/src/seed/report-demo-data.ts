import { createHash } from 'node:crypto';
import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import { v5 as uuidv5 } from 'uuid';
import type { FieldDatabase } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { instantOf, wallClockAt } from '../modules/calendar/local-day';
import { dailyReportToProto } from '../modules/daily-report/daily-report.mapper';
import { dayFigures } from '../modules/daily-report/day-figures';
import { expenseToProto } from '../modules/expense/expense.service';
import { marketReportToProto } from '../modules/market-report/market-report.service';
import { dateColumn } from '../modules/shared/local-date';
import { supervisorOf } from '../modules/shared/people';
import type { DemoEmployee } from './demo-data';

// Namespace of the report demo's name-based ids (seeding twice inserts nothing).
const NAMESPACE = '7c0c6f0e-33a5-4d0b-9a52-5b1f3f2f6a41';

const LESSONS = ['先了解客户痛点再介绍方案', '回款要提前一周提醒', '竞品报价要及时上报', '拜访前准备好案例资料'];
const MARKET = [
  { type: 'COMPETITOR_ACTIVITY', severity: 'HIGH', competitor: '华达科技', title: '华达科技在本区域推出买一送一促销' },
  { type: 'DEALER_COMPLAINT', severity: 'CRITICAL', competitor: '', title: '经销商投诉到货延迟，要求调整账期' },
  { type: 'CUSTOMER_PERSONNEL_CHANGE', severity: 'MEDIUM', competitor: '', title: '客户采购经理更换，需重新建立关系' },
  { type: 'PRODUCT_FEEDBACK', severity: 'LOW', competitor: '', title: '客户反映新包装不易拆封' },
] as const;
const EXPENSES = [
  { category: 'TRAVEL', amountMinor: 8_600n, notes: '打车拜访客户' },
  { category: 'MEAL', amountMinor: 26_800n, notes: '招待客户午餐' },
  { category: 'LODGING', amountMinor: 45_000n, notes: '出差住宿一晚' },
] as const;

/**
 * Reports, attendance and expenses for the demo reps over the working days of the last `days`
 * (7) days: clock-in/out every day (some late), a submitted daily report for every day but the
 * last (one late, older ones reviewed when the supervisor is known), one market report and a
 * few expenses each. Ids come from names; rows that exist are skipped and events are written
 * only with rows inserted, so a second run changes nothing. Run it after the check-in seed so
 * the reports are pre-filled from those check-ins.
 */
export async function seedFieldReportDemoData(
  db: FieldDatabase,
  employees: readonly DemoEmployee[],
  options: { now?: Date; days?: number; timeZone?: string; outbox?: OutboxOptions } = {},
): Promise<{ reportsCreated: number; clocksCreated: number; marketReportsCreated: number; expensesCreated: number }> {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const outbox = options.outbox ?? { source: '/salesflow/field' };
  const today = wallClockAt(now, timeZone);
  const result = { reportsCreated: 0, clocksCreated: 0, marketReportsCreated: 0, expensesCreated: 0 };
  const id = (name: string) => uuidv5(`salesflow-demo/field/${name}`, NAMESPACE);
  const at = (date: Date, hour: number, minute: number) =>
    instantOf(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute },
      timeZone,
    );

  for (const employee of employees) {
    const supervisorId = (await supervisorOf(db, employee.tenantId, employee.id)) || null;
    const days: Date[] = [];
    for (let back = 1; back <= (options.days ?? 7); back++) {
      const day = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(day);
    }
    days.reverse();

    const clocks: Prisma.AttendanceRecordCreateManyInput[] = days.flatMap((day) => {
      const date = day.toISOString().slice(0, 10);
      const lateBy = noise(`${employee.id}/${date}/in`, 0) % 40; // 08:40 - 09:19
      const inAt = at(day, 8, 40 + lateBy);
      return [
        {
          id: id(`clock/${employee.id}/${date}/in`),
          tenantId: employee.tenantId,
          employeeId: employee.id,
          kind: 'CLOCK_IN' as const,
          occurredAt: inAt,
          late: 40 + lateBy > 60,
          notes: '',
        },
        {
          id: id(`clock/${employee.id}/${date}/out`),
          tenantId: employee.tenantId,
          employeeId: employee.id,
          kind: 'CLOCK_OUT' as const,
          occurredAt: at(day, 18, noise(`${employee.id}/${date}/out`, 0) % 45),
          late: false,
          notes: '',
        },
      ];
    });
    result.clocksCreated += (await db.attendanceRecord.createMany({ data: clocks, skipDuplicates: true })).count;

    await db.$transaction(async (tx) => {
      for (const [index, day] of days.slice(0, -1).entries()) {
        const date = day.toISOString().slice(0, 10);
        const reportId = id(`daily/${employee.id}/${date}`);
        if (await tx.dailyReport.findUnique({ where: { id: reportId }, select: { id: true } })) continue;
        const late = index === 1;
        // Filed at 20:xx the same evening; the late one at 10:30 the next morning.
        const submittedAt = late
          ? new Date(at(day, 10, 30).getTime() + 86_400_000)
          : at(day, 20, noise(reportId, 0) % 50);
        const reviewed = supervisorId !== null && index < days.length - 3;
        const report = await tx.dailyReport.create({
          data: {
            id: reportId,
            tenantId: employee.tenantId,
            employeeId: employee.id,
            reportDate: dateColumn(date),
            status: reviewed ? 'REVIEWED' : 'SUBMITTED',
            figures: (await dayFigures(
              tx,
              employee.tenantId,
              employee.id,
              date,
              timeZone,
            )) as unknown as Prisma.InputJsonValue,
            complaintsHandled: index % 2 === 0 ? '处理客户关于交货期的投诉' : '',
            competitorNews: index % 3 === 0 ? '竞品在本区域降价约 5%' : '',
            customerFeedback: '客户对新品反馈积极',
            lessons: LESSONS[noise(reportId, 1) % LESSONS.length] ?? '',
            submittedAt,
            late,
            reviewerId: reviewed ? supervisorId : null,
            reviewComment: reviewed ? '已阅，继续跟进' : '',
            reviewedAt: reviewed ? new Date(submittedAt.getTime() + 12 * 3_600_000) : null,
            version: reviewed ? 3 : 2,
            createdAt: submittedAt,
            updatedAt: submittedAt,
          },
        });
        const type = reviewed ? 'field.daily_report.reviewed' : 'field.daily_report.submitted';
        await appendToOutbox(
          tx,
          {
            type,
            tenantId: report.tenantId,
            aggregateId: report.id,
            aggregateVersion: report.version,
            actorId: employee.id,
            payload: { report: dailyReportToProto(report) },
            occurredAt: submittedAt,
          },
          outbox,
        );
        result.reportsCreated++;
      }

      const firstDay = days[0];
      const marketId = id(`market/${employee.id}`);
      if (firstDay && !(await tx.marketReport.findUnique({ where: { id: marketId }, select: { id: true } }))) {
        const m = MARKET[noise(employee.id, 2) % MARKET.length] ?? MARKET[0];
        const filedAt = at(firstDay, 15, 0);
        const report = await tx.marketReport.create({
          data: {
            id: marketId,
            tenantId: employee.tenantId,
            employeeId: employee.id,
            type: m.type,
            severity: m.severity,
            competitor: m.competitor,
            title: m.title,
            description: `${m.title}。请主管关注。`,
            supervisorId,
            reportDate: dateColumn(firstDay.toISOString().slice(0, 10)),
            createdAt: filedAt,
          },
        });
        const payload = { report: marketReportToProto(report), supervisorId: supervisorId ?? '' };
        const types = [
          'field.market_report.filed',
          ...(m.severity === 'HIGH' || m.severity === 'CRITICAL' ? ['field.market_report.urgent'] : []),
        ];
        for (const type of types) {
          await appendToOutbox(
            tx,
            {
              type,
              tenantId: report.tenantId,
              aggregateId: report.id,
              aggregateVersion: 1,
              actorId: employee.id,
              payload,
              occurredAt: filedAt,
            },
            outbox,
          );
        }
        result.marketReportsCreated++;
      }

      for (const [index, day] of days.entries()) {
        if (index % 2 !== 0) continue;
        const date = day.toISOString().slice(0, 10);
        const expenseId = id(`expense/${employee.id}/${date}`);
        if (await tx.expense.findUnique({ where: { id: expenseId }, select: { id: true } })) continue;
        const e = EXPENSES[noise(expenseId, 0) % EXPENSES.length] ?? EXPENSES[0];
        const submittedAt = at(day, 19, 0);
        const expense = await tx.expense.create({
          data: {
            id: expenseId,
            tenantId: employee.tenantId,
            employeeId: employee.id,
            departmentId: employee.departmentId,
            departmentPath: employee.departmentPath,
            expenseDate: dateColumn(date),
            category: e.category,
            amountMinor: e.amountMinor,
            currency: 'CNY',
            notes: e.notes,
            approverId: supervisorId,
            createdAt: submittedAt,
          },
        });
        await appendToOutbox(
          tx,
          {
            type: 'field.expense.submitted',
            tenantId: expense.tenantId,
            aggregateId: expense.id,
            aggregateVersion: 1,
            actorId: employee.id,
            payload: {
              expense: expenseToProto(expense),
              attribution: {
                ownerId: employee.id,
                departmentId: employee.departmentId,
                departmentPath: employee.departmentPath,
                customerId: '',
                region: '',
                customerSegment: '',
              },
            },
            occurredAt: submittedAt,
          },
          outbox,
        );
        result.expensesCreated++;
      }
    });
  }
  return result;
}

function noise(name: string, index: number): number {
  return createHash('sha256')
    .update(name)
    .digest()
    .readUInt16BE(index * 2);
}
