/** One day of an upcoming-birthday window. */
export interface BirthdayDay {
  /** "MM-DD" as birthdays are matched. */
  monthDay: string;
  /** The calendar date of that day, "YYYY-MM-DD". */
  date: string;
  daysUntil: number;
}

/**
 * The days from `today` (a "YYYY-MM-DD") through `today + withinDays`, inclusive. In a year
 * without 29 February, people born on it celebrate on the 28th, so "02-29" joins that day.
 */
export function birthdayWindow(today: string, withinDays: number): BirthdayDay[] {
  const start = new Date(`${today}T00:00:00.000Z`);
  const days: BirthdayDay[] = [];
  for (let offset = 0; offset <= withinDays; offset += 1) {
    const day = new Date(start.getTime() + offset * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const monthDay = date.slice(5);
    days.push({ monthDay, date, daysUntil: offset });
    if (monthDay === '02-28' && !isLeapYear(day.getUTCFullYear())) {
      days.push({ monthDay: '02-29', date, daysUntil: offset });
    }
  }
  return days;
}

/** Today's calendar date in a time zone, "YYYY-MM-DD". */
export function calendarDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
