import type { FieldError } from '@salesflow/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuidText(value: string | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Collects one message per broken field so that a caller fixes everything in one round
 * trip (the kit turns them into INVALID_ARGUMENT with field errors).
 */
export class FieldChecks {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** Trimmed text within `max` characters; `required` also rejects empty. */
  text(field: string, value: string | undefined, max: number, required = false): string {
    const trimmed = (value ?? '').trim();
    if (required && trimmed === '') this.fail(field, 'is required');
    else if (trimmed.length > max) this.fail(field, `is longer than ${max} characters`);
    return trimmed;
  }

  /** An optional uuid: empty means none (null). */
  optionalId(field: string, value: string | undefined): string | null {
    if (!value) return null;
    if (!isUuidText(value)) {
      this.fail(field, 'is not an id');
      return null;
    }
    return value.toLowerCase();
  }

  /** "YYYY-MM-DD" that exists on the calendar, as UTC midnight; empty means none. */
  optionalDate(field: string, value: string | undefined): Date | null {
    if (!value) return null;
    const date = parseIsoDay(value);
    if (!date) this.fail(field, 'is not a date (YYYY-MM-DD)');
    return date ?? null;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

export function parseIsoDay(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

export function formatIsoDay(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : '';
}
