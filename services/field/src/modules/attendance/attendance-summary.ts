// 考勤统计: one person's month from their clock-ins/outs and approved leave and trips. Pure, so
// the rules are tested on a hand-built month (attendance-summary.spec.ts).

export interface ClockEvent {
  kind: 'CLOCK_IN' | 'CLOCK_OUT';
  /** Local date "YYYY-MM-DD" and minutes after local midnight. */
  localDate: string;
  minuteOfDay: number;
  at: Date;
}

export interface ApprovedAbsence {
  kind: 'LEAVE' | 'TRIP';
  startDate: string;
  endDate: string;
}

export interface AttendanceSummary {
  workingDays: number;
  daysPresent: number;
  daysLate: number;
  daysAbsent: number;
  leaveDays: number;
  tripDays: number;
  fieldHours: number;
}

export interface SummaryInput {
  /** The month's working days (Mon-Fri) up to today: later days cannot be missed yet. */
  workingDays: readonly string[];
  clocks: readonly ClockEvent[];
  absences: readonly ApprovedAbsence[];
  /** Minutes after midnight; a first clock-in after this is late. */
  workStartMinute: number;
}

/**
 * Each working day counts once, in this order: present (clocked in, late when the day's first
 * clock-in is after the work start), else on a trip, else on leave, else absent; so
 * present + trip + leave + absent = working days. Field hours add up, over every day of the
 * month, each clock-in to the next clock-out of the same day (an unclosed clock-in adds nothing).
 */
export function summarizeAttendance(input: SummaryInput): AttendanceSummary {
  const firstClockIn = new Map<string, number>();
  for (const c of input.clocks) {
    if (c.kind !== 'CLOCK_IN') continue;
    const seen = firstClockIn.get(c.localDate);
    if (seen === undefined || c.minuteOfDay < seen) firstClockIn.set(c.localDate, c.minuteOfDay);
  }
  const covered = (kind: ApprovedAbsence['kind'], date: string) =>
    input.absences.some((a) => a.kind === kind && a.startDate <= date && date <= a.endDate);

  const summary: AttendanceSummary = {
    workingDays: input.workingDays.length,
    daysPresent: 0,
    daysLate: 0,
    daysAbsent: 0,
    leaveDays: 0,
    tripDays: 0,
    fieldHours: 0,
  };
  for (const date of input.workingDays) {
    const clockIn = firstClockIn.get(date);
    if (clockIn !== undefined) {
      summary.daysPresent++;
      if (clockIn > input.workStartMinute) summary.daysLate++;
    } else if (covered('TRIP', date)) summary.tripDays++;
    else if (covered('LEAVE', date)) summary.leaveDays++;
    else summary.daysAbsent++;
  }

  const ordered = [...input.clocks].sort((a, b) => a.at.getTime() - b.at.getTime());
  let openSince: ClockEvent | undefined;
  let fieldMs = 0;
  for (const c of ordered) {
    if (c.kind === 'CLOCK_IN') {
      if (!openSince || openSince.localDate !== c.localDate) openSince = c;
    } else if (openSince && openSince.localDate === c.localDate) {
      fieldMs += c.at.getTime() - openSince.at.getTime();
      openSince = undefined;
    }
  }
  summary.fieldHours = Math.round((fieldMs / 3_600_000) * 100) / 100;
  return summary;
}
