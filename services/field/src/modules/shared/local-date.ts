// Local calendar dates ("YYYY-MM-DD") as they travel through the API and sit in `date` columns.
// Prisma reads and writes a `date` as midnight UTC of that day; these helpers keep that in one place.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isLocalDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The `date` column value of a local date. */
export function dateColumn(localDate: string): Date {
  return new Date(`${localDate}T00:00:00Z`);
}

/** The local date a `date` column holds. */
export function fromDateColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function addDays(localDate: string, days: number): string {
  const date = dateColumn(localDate);
  date.setUTCDate(date.getUTCDate() + days);
  return fromDateColumn(date);
}

/** 1 = Monday ... 7 = Sunday (ISO). */
export function isoWeekday(localDate: string): number {
  const day = dateColumn(localDate).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Parts of a local date. */
export function partsOf(localDate: string): { year: number; month: number; day: number } {
  const [year, month, day] = localDate.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "09:00" -> minutes after midnight, undefined when not a time of day. */
export function minutesOfDay(hhmm: string): number | undefined {
  const match = HH_MM.exec(hhmm);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}
