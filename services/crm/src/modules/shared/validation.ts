import { ServiceError } from '@salesflow/platform';
import type { z } from 'zod';

/** zod's issues as one INVALID_ARGUMENT naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw ServiceError.invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      `${what} is invalid`,
    );
  }
  return parsed.data;
}

/** `expected` "0" (or empty) skips the check; otherwise it must equal the stored version. */
export function checkVersion(expected: string | undefined, current: number, what: string): void {
  if (!expected || expected === '0') return;
  if (!/^\d+$/.test(expected)) throw ServiceError.invalid([{ field: 'expectedVersion', message: 'is not a number' }]);
  if (Number(expected) !== current) {
    throw new ServiceError('CONFLICT', `${what} was changed by someone else (version ${current})`, {
      reason: 'VERSION_MISMATCH',
    });
  }
}

/** "YYYY-MM-DD" that exists on the calendar, as UTC midnight. */
export function parseIsoDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Keeps a leading + and the digits: "+86 138-0013-8000" -> "+8613800138000". */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[^\d]/g, '');
  return raw.startsWith('+') && digits ? `+${digits}` : digits;
}

/** Trimmed, without empties and repeats, in first-seen order. */
export function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}
