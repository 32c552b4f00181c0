import { type FieldError, ServiceError } from '@salesflow/platform';
import { z } from 'zod';

/** Zod issues as the field errors every API answer carries. */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || 'request', message: i.message }));
}

/** Parses or throws INVALID_ARGUMENT naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ServiceError.invalid(fieldErrorsOf(parsed.error), message);
  return parsed.data;
}

export function isUuid(value: string): boolean {
  return z.uuid().safeParse(value).success;
}

/** Keeps a leading + and the digits: "+86 138-0013-8000" -> "+8613800138000" (as crm does). */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  return trimmed.startsWith('+') && digits ? `+${digits}` : digits;
}

/** New passwords: 8..1024 characters with at least one letter and one digit. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8) return 'is shorter than 8 characters';
  if (password.length > 1024) return 'is longer than 1024 characters';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'needs at least one letter and one digit';
  return undefined;
}

/**
 * Optimistic concurrency: `expected` is the int64 version the caller last read ("0" or empty
 * skips the check); a different current version answers CONFLICT VERSION_MISMATCH.
 */
export function checkVersion(expected: string | undefined, current: number, what: string): void {
  if (!expected || expected === '0') return;
  if (!/^\d+$/.test(expected)) throw ServiceError.invalid([{ field: 'expectedVersion', message: 'is not a number' }]);
  if (Number(expected) !== current) {
    throw new ServiceError('CONFLICT', `${what} was changed by someone else (version ${current})`, {
      reason: 'VERSION_MISMATCH',
    });
  }
}

/** ISO calendar date "YYYY-MM-DD" that exists, as a UTC midnight Date. */
export function parseIsoDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

export function todayUtc(now: Date = new Date()): Date {
  return new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
}
