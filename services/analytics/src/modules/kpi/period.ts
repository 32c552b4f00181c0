import { ServiceError } from '@salesflow/platform';

/** A reporting period: a month (2026-07), a quarter (2026Q3) or a year (2026), inclusive days. */
export interface Period {
  label: string;
  from: string;
  to: string;
  days: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})Q([1-4])$/;
const YEAR = /^(\d{4})$/;

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function span(label: string, year: number, firstMonth: number, months: number): Period {
  const from = iso(year, firstMonth, 1);
  const to = iso(year, firstMonth + months, 0);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return { label, from, to, days };
}

export function parsePeriod(text: string, field = 'period'): Period {
  const value = text.trim();
  let m = MONTH.exec(value);
  if (m) return span(value, Number(m[1]), Number(m[2]), 1);
  m = QUARTER.exec(value);
  if (m) return span(value, Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  m = YEAR.exec(value);
  if (m) return span(value, Number(m[1]), 1, 12);
  throw ServiceError.invalid([{ field, message: 'expected a month (2026-07), a quarter (2026Q3) or a year (2026)' }]);
}

/** The period just before, of the same kind (2026-01 -> 2025-12, 2026Q1 -> 2025Q4, 2026 -> 2025). */
export function previousPeriod(period: Period): Period {
  let m = MONTH.exec(period.label);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return parsePeriod(month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`);
  }
  m = QUARTER.exec(period.label);
  if (m) {
    const year = Number(m[1]);
    const quarter = Number(m[2]);
    return parsePeriod(quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`);
  }
  return parsePeriod(String(Number(period.label) - 1));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseDay(text: string, field: string): string {
  if (!DAY.test(text) || Number.isNaN(Date.parse(text)) || new Date(text).toISOString().slice(0, 10) !== text) {
    throw ServiceError.invalid([{ field, message: 'expected a date YYYY-MM-DD' }]);
  }
  return text;
}
