// Calendar arithmetic in a named time zone with nothing but Intl: "the rep's day" starts at
// local midnight, not at 00:00 UTC (which is 08:00 in Shanghai).

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What a wall clock in `timeZone` shows at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at `instant` (Shanghai: +8 h). */
function offsetMs(instant: number, timeZone: string): number {
  const w = wallClockAt(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall clock in `timeZone` shows the given local time. Out-of-range parts roll
 * over (day 32 is the 1st of the next month). Two passes, because the offset at a first guess
 * can differ from the offset at the answer when a daylight-saving change lies between them.
 */
export function instantOf(
  local: Partial<WallClock> & Pick<WallClock, 'year' | 'month' | 'day'>,
  timeZone: string,
): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  const first = asUtc - offsetMs(asUtc, timeZone);
  return new Date(asUtc - offsetMs(first, timeZone));
}

/** The local calendar day containing `instant`: [start, end) as instants, and its ISO date. */
export function localDayOf(instant: Date, timeZone: string): { date: string; start: Date; end: Date } {
  const { year, month, day } = wallClockAt(instant, timeZone);
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return {
    date,
    start: instantOf({ year, month, day }, timeZone),
    end: instantOf({ year, month, day: day + 1 }, timeZone),
  };
}
