import type { commonV1, fieldV1 } from '@salesflow/contracts';
import { appendToOutbox, type FieldError, requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { FieldDatabase } from '../../database';
import type { AttendanceRecord } from '../../generated/prisma/client';
import { localDayOf, wallClockAt } from '../calendar/local-day';
import { MAX_CLOCK_SKEW_MS } from '../check-in/check-in.validation';
import type { ReportServiceOptions } from '../daily-report/daily-report.service';
import { localDayBounds } from '../daily-report/day-figures';
import { calendarOverrides } from '../holiday-calendar/holiday-calendar.service';
import { workingDaysBetween } from '../holiday-calendar/working-days';
import { reportSettingsOf } from '../report-settings/report-settings';
import { FieldWorkError } from '../shared/field-work.errors';
import { dateColumn, fromDateColumn, minutesOfDay } from '../shared/local-date';
import { employeesInScope, requireEmployee } from '../shared/people';
import { enumToProto } from '../shared/proto-enum';
import type { AttendanceSummary } from './attendance-summary';
import { type ClockEvent, summarizeAttendance } from './attendance-summary';

export const ATTENDANCE_READ = 'field.attendance.read';
export const ATTENDANCE_WRITE = 'field.attendance.write';
export const ATTENDANCE_APPROVE = 'field.attendance.approve';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface ClockInput {
  kind?: string;
  occurredAt?: Date;
  latitude?: number;
  longitude?: number;
  notes?: string;
}

export interface SummaryRow extends AttendanceSummary {
  employeeId: string;
  employeeName: string;
}

/** 考勤: clock-in/out of the caller, and the monthly attendance summary. */
export class AttendanceService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: FieldDatabase,
    private readonly options: ReportServiceOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * A day reads clock-in, clock-out, clock-in ...: a clock-out needs an open clock-in that day,
   * a second clock-in needs the first closed. A first clock-in after the work start is late.
   */
  async clockInOut(principal: commonV1.Principal, input: ClockInput): Promise<AttendanceRecord> {
    requirePermission(principal, ATTENDANCE_WRITE);
    const employeeId = requireEmployee(principal);
    const now = this.clock();
    const errors: FieldError[] = [];
    const kind = input.kind;
    if (kind !== 'CLOCK_IN' && kind !== 'CLOCK_OUT')
      errors.push({ field: 'kind', message: 'must be CLOCK_IN or CLOCK_OUT' });
    const occurredAt = input.occurredAt ?? now;
    if (Number.isNaN(occurredAt.getTime())) errors.push({ field: 'occurredAt', message: 'is not a time' });
    else if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      errors.push({ field: 'occurredAt', message: 'must not be more than 5 minutes in the future' });
    } else if (now.getTime() - occurredAt.getTime() > 24 * 3_600_000) {
      errors.push({ field: 'occurredAt', message: 'must be within the last 24 hours' });
    }
    if (input.latitude !== undefined && !(Math.abs(input.latitude) <= 90)) {
      errors.push({ field: 'latitude', message: 'must be between -90 and 90' });
    }
    if (input.longitude !== undefined && !(Math.abs(input.longitude) <= 180)) {
      errors.push({ field: 'longitude', message: 'must be between -180 and 180' });
    }
    const notes = input.notes?.trim() ?? '';
    if (notes.length > 2000) errors.push({ field: 'notes', message: 'is longer than 2000 characters' });
    if (errors.length > 0 || (kind !== 'CLOCK_IN' && kind !== 'CLOCK_OUT')) {
      throw FieldWorkError.invalid(errors, 'clock-in is invalid');
    }

    return this.db.$transaction(async (tx) => {
      const lockKey = `field.attendance:${principal.tenantId}:${employeeId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
      const day = localDayOf(occurredAt, this.options.timeZone);
      const today = await tx.attendanceRecord.findMany({
        where: { tenantId: principal.tenantId, employeeId, occurredAt: { gte: day.start, lt: day.end } },
        orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      });
      const latest = today[today.length - 1];
      const open = latest?.kind === 'CLOCK_IN';
      if (kind === 'CLOCK_OUT' && (!open || (latest && latest.occurredAt > occurredAt))) {
        throw FieldWorkError.clockOrder('NOT_CLOCKED_IN', day.date);
      }
      if (kind === 'CLOCK_IN' && open) throw FieldWorkError.clockOrder('ALREADY_CLOCKED_IN', day.date);
      const settings = await reportSettingsOf(tx, principal.tenantId);
      const wall = wallClockAt(occurredAt, this.options.timeZone);
      const firstClockIn = kind === 'CLOCK_IN' && !today.some((r) => r.kind === 'CLOCK_IN');
      const late = firstClockIn && wall.hour * 60 + wall.minute > (minutesOfDay(settings.workStartTime) ?? 540);
      const record = await tx.attendanceRecord.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          employeeId,
          kind,
          occurredAt,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          notes,
          late,
        },
      });
      await appendToOutbox(
        tx,
        {
          type: 'field.attendance.clocked',
          tenantId: record.tenantId,
          aggregateId: record.id,
          aggregateVersion: 1,
          actorId: employeeId,
          payload: { record: attendanceRecordToProto(record) },
          occurredAt,
        },
        this.options.outbox,
      );
      return record;
    });
  }

  /**
   * The month of the caller ("mine"), or of everyone in the caller's data scope ("team", needs
   * field.attendance.approve): working days up to today, per attendance-summary.ts.
   */
  async summary(principal: commonV1.Principal, month: string, view: string): Promise<SummaryRow[]> {
    requirePermission(principal, ATTENDANCE_READ);
    const errors: FieldError[] = [];
    const match = MONTH.exec(month);
    if (!match) errors.push({ field: 'month', message: 'must be a month YYYY-MM' });
    const team = view === 'team';
    if (view && view !== 'mine' && !team) errors.push({ field: 'view', message: 'must be mine or team' });
    if (errors.length > 0 || !match) throw FieldWorkError.invalid(errors);
    if (team) requirePermission(principal, ATTENDANCE_APPROVE);
    const people = team ? await employeesInScope(this.db, principal) : [{ id: requireEmployee(principal), name: '' }];
    const first = `${month}-01`;
    // Day 0 of the next month is the last day of this one.
    const lastDay = fromDateColumn(new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)));
    const today = localDayOf(this.clock(), this.options.timeZone).date;
    // Holidays of the tenant's calendar are not working days, so not absences either.
    const calendar = await calendarOverrides(this.db, principal.tenantId, first, lastDay);
    const workingDays = workingDaysBetween(first, lastDay, calendar).filter((d) => d <= today);
    const start = localDayBounds(first, this.options.timeZone).start;
    const end = localDayBounds(lastDay, this.options.timeZone).end;
    const ids = people.map((p) => p.id);
    const [clocks, absences, settings] = await Promise.all([
      this.db.attendanceRecord.findMany({
        where: { tenantId: principal.tenantId, employeeId: { in: ids }, occurredAt: { gte: start, lt: end } },
      }),
      this.db.absenceRequest.findMany({
        where: {
          tenantId: principal.tenantId,
          employeeId: { in: ids },
          status: 'APPROVED',
          startDate: { lte: dateColumn(lastDay) },
          endDate: { gte: dateColumn(first) },
        },
      }),
      reportSettingsOf(this.db, principal.tenantId),
    ]);
    const workStartMinute = minutesOfDay(settings.workStartTime) ?? 540;
    return people.map((person) => {
      const own: ClockEvent[] = clocks
        .filter((c) => c.employeeId === person.id)
        .map((c) => {
          const wall = wallClockAt(c.occurredAt, this.options.timeZone);
          return {
            kind: c.kind,
            localDate: localDayOf(c.occurredAt, this.options.timeZone).date,
            minuteOfDay: wall.hour * 60 + wall.minute,
            at: c.occurredAt,
          };
        });
      const summary = summarizeAttendance({
        workingDays,
        clocks: own,
        absences: absences
          .filter((a) => a.employeeId === person.id)
          .map((a) => ({ kind: a.kind, startDate: fromDateColumn(a.startDate), endDate: fromDateColumn(a.endDate) })),
        workStartMinute,
      });
      return { employeeId: person.id, employeeName: person.name, ...summary };
    });
  }
}

export function attendanceRecordToProto(record: AttendanceRecord): fieldV1.AttendanceRecord {
  return {
    id: record.id,
    tenantId: record.tenantId,
    employeeId: record.employeeId,
    kind: enumToProto('ATTENDANCE_KIND_', record.kind),
    occurredAt: record.occurredAt,
    ...(record.latitude !== null ? { latitude: record.latitude } : {}),
    ...(record.longitude !== null ? { longitude: record.longitude } : {}),
    notes: record.notes,
    late: record.late,
  };
}
