import type { FieldTransaction } from '../../database';
import type { Visit } from '../../generated/prisma/client';

/**
 * One rep's visits at one customer and that customer's follow-ups are examined one
 * transaction at a time (an advisory lock), so a check-out and a follow-up arriving together
 * cannot both miss each other.
 */
export async function lockVisitJoin(
  tx: FieldTransaction,
  tenantId: string,
  customerId: string,
  employeeId: string,
): Promise<void> {
  const key = `field.visit-join:${tenantId}:${customerId}:${employeeId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/** The two conditions a visit meets on its own; the third is a follow-up the same day. */
export function qualifiesWithoutFollowUp(visit: Pick<Visit, 'insideGeofence' | 'longEnough'>): boolean {
  return visit.insideGeofence && visit.longEnough;
}

/** Whole minutes between check-in and check-out (a 9 min 59 s visit is 9 minutes). */
export function durationMinutes(startedAt: Date, endedAt: Date): number {
  return Math.floor((endedAt.getTime() - startedAt.getTime()) / 60_000);
}
