import type { TicketSeverity } from '../../generated/prisma/client';

/** Hours to resolve a ticket, per severity (a tenant's service settings). */
export type ResponseHours = Record<TicketSeverity, number>;

export const DEFAULT_RESPONSE_HOURS: ResponseHours = { CRITICAL: 4, HIGH: 24, MEDIUM: 72, LOW: 168 };
export const DEFAULT_DORMANCY_DAYS = 90;

const HOUR_MS = 3_600_000;

/**
 * When a ticket opened at `openedAt` must be resolved: the severity's response time later, on
 * the wall clock (around the clock; a business-hours calendar is not part of the settings).
 */
export function dueAtFor(openedAt: Date, severity: TicketSeverity, hours: ResponseHours): Date {
  return new Date(openedAt.getTime() + hours[severity] * HOUR_MS);
}

/** Overdue = still unresolved after its due time. A resolved or closed ticket never is. */
export function isOverdue(ticket: { status: string; dueAt: Date }, now: Date): boolean {
  return (ticket.status === 'OPEN' || ticket.status === 'IN_PROGRESS') && ticket.dueAt.getTime() < now.getTime();
}
