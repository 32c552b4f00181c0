import { type ClockEvent, summarizeAttendance } from './attendance-summary';

// July 2026 in Shanghai (UTC+8). 1 July is a Wednesday, so the working days (Mon-Fri) are
// 1-3, 6-10, 13-17, 20-24, 27-31: 3 + 5 + 5 + 5 + 5 = 23.
const JULY_WORKING_DAYS = [1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30, 31].map(
  (d) => `2026-07-${String(d).padStart(2, '0')}`,
);

/** A clock event at local HH:MM in Shanghai. */
function clock(kind: ClockEvent['kind'], date: string, hhmm: string): ClockEvent {
  const [h, m] = hhmm.split(':').map(Number);
  const minuteOfDay = (h ?? 0) * 60 + (m ?? 0);
  return { kind, localDate: date, minuteOfDay, at: new Date(`${date}T${hhmm}:00+08:00`) };
}

describe('summarizeAttendance', () => {
  it('counts a hand-built month with lateness, leave, a trip, absences and field hours', () => {
    const clocks: ClockEvent[] = [];
    // Present 1-3 and 6-10 (8 days), in at 08:50, out at 17:50: 9 h each.
    for (const date of JULY_WORKING_DAYS.slice(0, 8)) {
      clocks.push(clock('CLOCK_IN', date, '08:50'), clock('CLOCK_OUT', date, '17:50'));
    }
    // 13 July: in at 09:20 (late; work starts 09:00), out at 18:20: 9 h.
    clocks.push(clock('CLOCK_IN', '2026-07-13', '09:20'), clock('CLOCK_OUT', '2026-07-13', '18:20'));
    // 14 July: in at 09:00 exactly (on time), never clocked out: present, 0 h.
    clocks.push(clock('CLOCK_IN', '2026-07-14', '09:00'));
    // 15 July: two stints, 09:30-12:00 (late) and 13:00-15:30: 2.5 h + 2.5 h.
    clocks.push(
      clock('CLOCK_IN', '2026-07-15', '09:30'),
      clock('CLOCK_OUT', '2026-07-15', '12:00'),
      clock('CLOCK_IN', '2026-07-15', '13:00'),
      clock('CLOCK_OUT', '2026-07-15', '15:30'),
    );
    // Saturday 18 July: 10:00-12:00 counts as field hours (2 h) but is no working day.
    clocks.push(clock('CLOCK_IN', '2026-07-18', '10:00'), clock('CLOCK_OUT', '2026-07-18', '12:00'));
    // 22 July: clocked in during a trip: present, not a trip day; 08:00-10:00, 2 h.
    clocks.push(clock('CLOCK_IN', '2026-07-22', '08:00'), clock('CLOCK_OUT', '2026-07-22', '10:00'));

    const summary = summarizeAttendance({
      workingDays: JULY_WORKING_DAYS,
      clocks,
      absences: [
        // Leave Thu 16 - Mon 20: working days 16, 17, 20 = 3 (18, 19 are the weekend).
        { kind: 'LEAVE', startDate: '2026-07-16', endDate: '2026-07-20' },
        // Trip 21 - 23: 21, 23 are trip days, 22 counts as present.
        { kind: 'TRIP', startDate: '2026-07-21', endDate: '2026-07-23' },
      ],
      workStartMinute: 9 * 60,
    });

    expect(summary).toEqual({
      workingDays: 23,
      // 8 (1-10) + 13, 14, 15 + 22 = 12
      daysPresent: 12,
      // 13 (09:20) and 15 (09:30); 14 at 09:00 is on time
      daysLate: 2,
      leaveDays: 3,
      tripDays: 2,
      // 24, 27, 28, 29, 30, 31 = 6; and 12 + 3 + 2 + 6 = 23
      daysAbsent: 6,
      // 8 x 9 + 9 + 0 + 5 + 2 (Saturday) + 2 = 90
      fieldHours: 90,
    });
  });

  it('does not count days after today: an empty month so far is only the days gone by', () => {
    const summary = summarizeAttendance({
      workingDays: JULY_WORKING_DAYS.slice(0, 3),
      clocks: [],
      absences: [],
      workStartMinute: 540,
    });
    expect(summary).toMatchObject({ workingDays: 3, daysAbsent: 3, daysPresent: 0, fieldHours: 0 });
  });

  it('pairs a clock-out only with a clock-in of the same day', () => {
    const summary = summarizeAttendance({
      workingDays: ['2026-07-01', '2026-07-02'],
      // In on the 1st at 22:00 and out on the 2nd at 01:00: not a stint.
      clocks: [clock('CLOCK_IN', '2026-07-01', '22:00'), clock('CLOCK_OUT', '2026-07-02', '01:00')],
      absences: [],
      workStartMinute: 540,
    });
    expect(summary).toMatchObject({ daysPresent: 1, daysLate: 1, daysAbsent: 1, fieldHours: 0 });
  });
});
