import type { FieldError } from '@salesflow/platform';
import type { VisitPurpose } from '../../generated/prisma/client';
import { isUuid } from '../check-in/check-in.validation';

export const VISIT_PURPOSES = [
  'NEW_CUSTOMER',
  'MARKET_RESEARCH',
  'COLLECTION',
  'SERVICE',
  'COMPLAINT',
  'ORDER',
  'OTHER',
] as const satisfies readonly VisitPurpose[];
export const MAX_PLAN_ITEMS = 30;
const MAX_ITEM_NOTES = 500;

export interface PlanItemInput {
  customerId?: string;
  plannedTime?: string;
  purpose?: string;
  notes?: string;
}

export interface ValidPlanItem {
  customerId: string;
  plannedTime: string;
  purpose: VisitPurpose;
  notes: string;
}

/** "YYYY-MM-DD" that exists on the calendar, as UTC midnight (a DATE column). */
export function parseIsoDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

/** Every broken rule of a plan's items at once; items are kept in the order given. */
export function validatePlanItems(
  items: readonly PlanItemInput[],
): { ok: true; items: ValidPlanItem[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (items.length > MAX_PLAN_ITEMS) errors.push({ field: 'items', message: `at most ${MAX_PLAN_ITEMS} visits a day` });
  const valid: ValidPlanItem[] = [];
  items.forEach((item, index) => {
    const at = (field: string) => `items[${index}].${field}`;
    const before = errors.length;
    const customerId = item.customerId?.trim() ?? '';
    if (!isUuid(customerId)) errors.push({ field: at('customerId'), message: 'is not a customer id' });
    const plannedTime = item.plannedTime?.trim() ?? '';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(plannedTime))
      errors.push({ field: at('plannedTime'), message: 'must be a time HH:MM' });
    const purpose = item.purpose?.trim() ?? '';
    if (!(VISIT_PURPOSES as readonly string[]).includes(purpose)) {
      errors.push({ field: at('purpose'), message: `must be one of ${VISIT_PURPOSES.join(', ')}` });
    }
    const notes = item.notes?.trim() ?? '';
    if (notes.length > MAX_ITEM_NOTES)
      errors.push({ field: at('notes'), message: `is longer than ${MAX_ITEM_NOTES} characters` });
    if (errors.length === before) valid.push({ customerId, plannedTime, purpose: purpose as VisitPurpose, notes });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items: valid };
}
