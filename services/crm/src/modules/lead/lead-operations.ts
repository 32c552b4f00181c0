import { v7 as uuidv7 } from 'uuid';
import type { CrmTransaction } from '../../database';
import type { Lead, Prisma } from '../../generated/prisma/client';
import { formatIsoDate } from '../shared/validation';

export type LeadAction =
  | 'created'
  | 'updated'
  | 'claimed'
  | 'assigned'
  | 'released'
  | 'recycled'
  | 'followed_up'
  | 'handed_over'
  | 'converted';

/** The fields the log compares, in the form it stores them. */
const LOGGED_FIELDS = [
  'name',
  'company',
  'phone',
  'email',
  'source',
  'status',
  'ownerId',
  'poolId',
  'region',
  'notes',
  'nextFollowUpOn',
  'lastFollowUpAt',
] as const;

function loggable(lead: Lead, field: (typeof LOGGED_FIELDS)[number]): Prisma.InputJsonValue | null {
  const value = lead[field];
  if (value instanceof Date) return field === 'nextFollowUpOn' ? formatIsoDate(value) : value.toISOString();
  return value;
}

/** The fields that differ, before and after; for a new lead, everything that is set. */
export function leadChanges(
  before: Lead | undefined,
  after: Lead,
): { before: Prisma.InputJsonObject; after: Prisma.InputJsonObject } {
  const was: Record<string, Prisma.InputJsonValue | null> = {};
  const now: Record<string, Prisma.InputJsonValue | null> = {};
  for (const field of LOGGED_FIELDS) {
    const next = loggable(after, field);
    const previous = before ? loggable(before, field) : null;
    if (previous === next || (!before && (next === null || next === ''))) continue;
    if (before) was[field] = previous;
    now[field] = next;
  }
  return { before: was, after: now };
}

/** Appends one entry to the lead's operation log inside the caller's transaction. */
export async function logLeadOperation(
  tx: CrmTransaction,
  action: LeadAction,
  actorId: string | undefined,
  before: Lead | undefined,
  after: Lead,
  extra: Prisma.InputJsonObject = {},
): Promise<void> {
  const changes = leadChanges(before, after);
  await tx.leadOperation.create({
    data: {
      id: uuidv7(),
      tenantId: after.tenantId,
      leadId: after.id,
      action,
      actorId: actorId || null,
      before: changes.before,
      after: { ...changes.after, ...extra },
    },
  });
}
