import { completionByAssignee, monthPeriod } from './task-completion';

describe('monthPeriod', () => {
  it('is the calendar month in UTC, end exclusive', () => {
    expect(monthPeriod('2026-12')).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it.each(['2026-13', '2026-7', '202607', '', 'July'])('refuses %p', (period) => {
    expect(monthPeriod(period)).toBeUndefined();
  });
});

describe('completionByAssignee', () => {
  const due = new Date('2026-07-10T10:00:00Z');
  it('counts on-time and late completions over the non-cancelled tasks due', () => {
    const rows = completionByAssignee([
      { assigneeId: 'a', status: 'DONE', dueAt: due, completedAt: due }, // exactly at the due time: on time
      { assigneeId: 'a', status: 'DONE', dueAt: due, completedAt: new Date('2026-07-10T10:00:01Z') }, // late
      { assigneeId: 'a', status: 'TODO', dueAt: due, completedAt: null },
      { assigneeId: 'a', status: 'CANCELLED', dueAt: due, completedAt: null }, // left out
      { assigneeId: 'b', status: 'IN_PROGRESS', dueAt: due, completedAt: null },
    ]);
    // a: 3 due, 1 on time, 1 late -> 1/3; b: 1 due, 0 on time -> 0.
    expect(rows).toEqual([
      { employeeId: 'a', due: 3, completedOnTime: 1, completedLate: 1, rate: 1 / 3 },
      { employeeId: 'b', due: 1, completedOnTime: 0, completedLate: 0, rate: 0 },
    ]);
  });
});
