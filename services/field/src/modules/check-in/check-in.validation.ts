import type { FieldError } from '@salesflow/platform';
import type { CheckInKind } from '../../generated/prisma/client';

export const CHECK_IN_KINDS = ['CHECK_IN', 'CHECK_OUT'] as const satisfies readonly CheckInKind[];

/** A device clock may run a little fast; beyond this a time in the future is a mistake or a fake. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_NOTES_LENGTH = 2000;

/** A check-in as the caller describes it: nothing trusted yet. */
export interface NewCheckInInput {
  kind?: string;
  /** When the rep was there; defaults to now. */
  occurredAt?: Date;
  latitude?: number;
  longitude?: number;
  accuracyMeters?: number;
  customerId?: string;
  notes?: string;
  /** The visit plan item this check-in carries out. */
  planItemId?: string;
}

export interface ValidNewCheckIn {
  kind: CheckInKind;
  occurredAt: Date;
  latitude: number;
  longitude: number;
  accuracyMeters: number;
  customerId: string | null;
  notes: string;
  planItemId: string | null;
}

export type CheckInValidation = { ok: true; checkIn: ValidNewCheckIn } | { ok: false; errors: FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Checks every rule that needs no database, reporting every broken one at once. */
export function validateNewCheckIn(input: NewCheckInInput, now: Date): CheckInValidation {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const kind = input.kind?.trim();
  if (!kind) fail('kind', 'is required');
  else if (!isKind(kind)) fail('kind', `must be one of ${CHECK_IN_KINDS.join(', ')}`);

  const occurredAt = input.occurredAt ?? now;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) fail('occurredAt', 'is not a time');
  else if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    fail('occurredAt', 'must not be more than 5 minutes in the future');
  }

  checkRange(input.latitude, -90, 90, 'latitude', fail);
  checkRange(input.longitude, -180, 180, 'longitude', fail);
  if (input.accuracyMeters === undefined) fail('accuracyMeters', 'is required');
  else if (!Number.isFinite(input.accuracyMeters)) fail('accuracyMeters', 'is not a number');
  else if (input.accuracyMeters < 0) fail('accuracyMeters', 'must be zero or more');

  const customerId = input.customerId?.trim() || null;
  if (customerId !== null && !isUuid(customerId)) fail('customerId', 'is not a customer id');

  const planItemId = input.planItemId?.trim() || null;
  if (planItemId !== null && !isUuid(planItemId)) fail('planItemId', 'is not a plan item id');

  const notes = input.notes?.trim() ?? '';
  if (notes.length > MAX_NOTES_LENGTH) fail('notes', `is longer than ${MAX_NOTES_LENGTH} characters`);

  if (
    errors.length > 0 ||
    kind === undefined ||
    !isKind(kind) ||
    input.latitude === undefined ||
    input.longitude === undefined ||
    input.accuracyMeters === undefined
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    checkIn: {
      kind,
      occurredAt,
      latitude: input.latitude,
      longitude: input.longitude,
      accuracyMeters: input.accuracyMeters,
      customerId,
      notes,
      planItemId,
    },
  };
}

function isKind(value: string): value is CheckInKind {
  return (CHECK_IN_KINDS as readonly string[]).includes(value);
}

function checkRange(
  value: number | undefined,
  min: number,
  max: number,
  field: string,
  fail: (field: string, message: string) => void,
): void {
  if (value === undefined) fail(field, 'is required');
  else if (!Number.isFinite(value)) fail(field, 'is not a number');
  else if (value < min || value > max) fail(field, `must be between ${min} and ${max}`);
}
