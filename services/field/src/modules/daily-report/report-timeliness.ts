/** One rep and day whose report is missing or late. */
export interface TimelinessEntry {
  employeeId: string;
  employeeName: string;
  reportDate: string;
  problem: 'MISSING' | 'LATE';
  reportId: string;
  submittedAt?: Date;
}

export interface TimelinessInput {
  employees: readonly { id: string; name: string }[];
  /** Working days (Mon-Fri) of the period. */
  workingDays: readonly string[];
  /** Submitted (or reviewed/returned) reports of those people and days. */
  reports: readonly { id: string; employeeId: string; reportDate: string; submittedAt: Date | null; late: boolean }[];
  /** Approved leave and trips: no report is expected on those days. */
  excused: ReadonlySet<string>;
  /** The deadline of a report date: before it passes, a missing report is not missing yet. */
  deadlineOf: (reportDate: string) => Date;
  now: Date;
}

/** Key of a person's day in `excused`. */
export function dayKey(employeeId: string, date: string): string {
  return `${employeeId}|${date}`;
}

/**
 * A report is expected from every person in scope on every working day that is not excused
 * (approved leave or trip) and whose deadline has passed. It is MISSING without a submission,
 * LATE when submitted after the deadline. Sorted by day, then name.
 */
export function reportTimeliness(input: TimelinessInput): { entries: TimelinessEntry[]; expected: number } {
  const submitted = new Map(
    input.reports.filter((r) => r.submittedAt).map((r) => [dayKey(r.employeeId, r.reportDate), r]),
  );
  const entries: TimelinessEntry[] = [];
  let expected = 0;
  for (const date of input.workingDays) {
    if (input.deadlineOf(date).getTime() > input.now.getTime()) continue;
    for (const employee of input.employees) {
      if (input.excused.has(dayKey(employee.id, date))) continue;
      expected++;
      const report = submitted.get(dayKey(employee.id, date));
      const base = { employeeId: employee.id, employeeName: employee.name, reportDate: date };
      if (!report) entries.push({ ...base, problem: 'MISSING', reportId: '' });
      else if (report.late) {
        entries.push({
          ...base,
          problem: 'LATE',
          reportId: report.id,
          ...(report.submittedAt ? { submittedAt: report.submittedAt } : {}),
        });
      }
    }
  }
  entries.sort(
    (a, b) =>
      a.reportDate.localeCompare(b.reportDate) ||
      a.employeeName.localeCompare(b.employeeName) ||
      a.employeeId.localeCompare(b.employeeId),
  );
  return { entries, expected };
}
