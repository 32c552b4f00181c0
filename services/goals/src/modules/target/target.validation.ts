import type { FieldError } from '@salesflow/platform';
import type { TargetMetric, TargetScope } from '../../generated/prisma/client';

export const TARGET_METRICS = [
  'CONTRACT_AMOUNT',
  'PAYMENT_AMOUNT',
  'GROSS_MARGIN',
  'NEW_CUSTOMERS',
  'VISITS',
  'EFFECTIVE_VISITS',
  'NEW_OUTLETS',
] as const satisfies readonly TargetMetric[];

export const TARGET_SCOPES = ['TENANT', 'DEPARTMENT', 'EMPLOYEE'] as const satisfies readonly TargetScope[];

/** The largest value a PostgreSQL bigint (and a proto int64) holds. */
export const MAX_TARGET_VALUE = 9_223_372_036_854_775_807n;

/** A target as a caller describes it: nothing trusted yet, enum names as plain strings. */
export interface NewTargetInput {
  metric?: string;
  /** ISO date, first day of the period (inclusive). */
  periodStart?: string;
  /** ISO date, end of the period (exclusive): a year is 2026-01-01 .. 2027-01-01. */
  periodEnd?: string;
  scope?: string;
  scopeId?: string;
  /** Minor units for money metrics, a count otherwise; int64 arrives from gRPC as a string. */
  value?: bigint | number | string;
  parentId?: string;
}

export interface ValidNewTarget {
  metric: TargetMetric;
  periodStart: Date;
  periodEnd: Date;
  scope: TargetScope;
  scopeId: string | null;
  value: bigint;
  parentId: string | null;
}

export type TargetValidation = { ok: true; target: ValidNewTarget } | { ok: false; errors: FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Checks every rule that needs no database and reports every broken one at once, so a form
 * can mark all its bad fields in one round trip. (That a parent exists is checked by the service.)
 */
export function validateNewTarget(input: NewTargetInput): TargetValidation {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const metric = oneOf(input.metric, TARGET_METRICS);
  if (metric === 'missing') fail('metric', 'is required');
  else if (metric === 'unknown') fail('metric', `must be one of ${TARGET_METRICS.join(', ')}`);

  const periodStart = parseIsoDate(input.periodStart);
  const periodEnd = parseIsoDate(input.periodEnd);
  if (periodStart === 'missing') fail('periodStart', 'is required');
  else if (periodStart === 'invalid') fail('periodStart', 'is not a date (YYYY-MM-DD)');
  if (periodEnd === 'missing') fail('periodEnd', 'is required');
  else if (periodEnd === 'invalid') fail('periodEnd', 'is not a date (YYYY-MM-DD)');
  else if (periodStart instanceof Date && periodEnd.getTime() <= periodStart.getTime()) {
    fail('periodEnd', 'must be after periodStart (the end day is exclusive)');
  }

  const scope = oneOf(input.scope, TARGET_SCOPES);
  const scopeId = input.scopeId?.trim() || null;
  if (scope === 'missing') fail('scope', 'is required');
  else if (scope === 'unknown') fail('scope', `must be one of ${TARGET_SCOPES.join(', ')}`);
  else if (scope === 'TENANT') {
    if (scopeId !== null) fail('scopeId', 'must be empty for the TENANT scope');
  } else if (scopeId === null) {
    fail('scopeId', `is required for the ${scope} scope`);
  } else if (!isUuid(scopeId)) {
    fail('scopeId', `is not ${scope === 'DEPARTMENT' ? 'a department' : 'an employee'} id`);
  }

  const value = parseNonNegativeInteger(input.value);
  if (value === 'missing') fail('value', 'is required');
  else if (value === 'not-integer') fail('value', 'must be a whole number');
  else if (value === 'negative') fail('value', 'must be zero or more');
  else if (value === 'too-large') fail('value', `must be at most ${MAX_TARGET_VALUE}`);
  else if (value === 'imprecise') fail('value', 'is too large for an exact number; send it as a string');

  const parentId = input.parentId?.trim() || null;
  if (parentId !== null && !isUuid(parentId)) fail('parentId', 'is not a target id');

  if (
    errors.length > 0 ||
    !isMember(metric, TARGET_METRICS) ||
    !isMember(scope, TARGET_SCOPES) ||
    !(periodStart instanceof Date) ||
    !(periodEnd instanceof Date) ||
    typeof value !== 'bigint'
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    target: { metric, periodStart, periodEnd, scope, scopeId: scope === 'TENANT' ? null : scopeId, value, parentId },
  };
}

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[]): T | 'missing' | 'unknown' {
  const value = raw?.trim();
  if (!value) return 'missing';
  return isMember(value, allowed) ? value : 'unknown';
}

function isMember<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** "2026-01-01" -> that day at 00:00 UTC (how Prisma represents a DATE); rejects 2026-02-30. */
export function parseIsoDate(raw: string | undefined): Date | 'missing' | 'invalid' {
  const value = raw?.trim();
  if (!value) return 'missing';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'invalid';
  const date = new Date(`${value}T00:00:00.000Z`);
  // Date rolls 2026-02-30 over to 2026-03-02: a round trip catches days that do not exist.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'invalid';
  return date;
}

/** The ISO date of a DATE column value (Prisma reads it as 00:00 UTC of that day). */
export function formatIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseNonNegativeInteger(
  raw: bigint | number | string | undefined,
): bigint | 'missing' | 'not-integer' | 'negative' | 'too-large' | 'imprecise' {
  let value: bigint;
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return 'missing';
  if (typeof raw === 'bigint') value = raw;
  else if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return 'not-integer';
    if (raw < 0) return 'negative';
    // Beyond 2^53 a number has already lost digits: the caller must send a string or bigint.
    if (!Number.isSafeInteger(raw)) return 'imprecise';
    value = BigInt(raw);
  } else {
    const text = raw.trim();
    if (!/^[+-]?\d+$/.test(text)) return 'not-integer';
    value = BigInt(text);
  }
  if (value < 0n) return 'negative';
  if (value > MAX_TARGET_VALUE) return 'too-large';
  return value;
}
