import type { TicketStatus } from '../../generated/prisma/client';

/** The event a move emits and the history action it records. */
export type TicketMoveKind = 'started' | 'resolved' | 'closed' | 'reopened';

export interface TicketMove {
  kind: TicketMoveKind;
  from: TicketStatus;
  to: TicketStatus;
}

export type TicketMoveCheck = { ok: true; move: TicketMove } | { ok: false; message: string };

/**
 * The ticket state machine: open -> in progress -> resolved -> closed; a resolved or closed
 * ticket may be reopened (back to open, with a fresh due time). Resolving straight from open
 * is allowed (an inquiry answered on the phone); resolving needs a resolution.
 * Pure: the service checks a move here before it touches the database.
 */
const MOVES: Record<TicketStatus, Partial<Record<TicketStatus, TicketMoveKind>>> = {
  OPEN: { IN_PROGRESS: 'started', RESOLVED: 'resolved' },
  IN_PROGRESS: { RESOLVED: 'resolved' },
  RESOLVED: { CLOSED: 'closed', OPEN: 'reopened' },
  CLOSED: { OPEN: 'reopened' },
};

/** Statuses in which the ticket still waits for work (counted by the SLA, handed over on departure). */
export const UNRESOLVED_TICKET_STATUSES: readonly TicketStatus[] = ['OPEN', 'IN_PROGRESS'];

/** Statuses in which the customer can rate the resolution. */
export const RATEABLE_TICKET_STATUSES: readonly TicketStatus[] = ['RESOLVED', 'CLOSED'];

export function checkTicketMove(from: TicketStatus, to: TicketStatus, resolution: string): TicketMoveCheck {
  const kind = MOVES[from][to];
  if (!kind) {
    const allowed = Object.keys(MOVES[from]).join(', ');
    return { ok: false, message: `a ${from} ticket cannot move to ${to} (allowed: ${allowed})` };
  }
  if (kind === 'resolved' && resolution.trim() === '') {
    return { ok: false, message: 'a ticket needs a resolution to be resolved' };
  }
  return { ok: true, move: { kind, from, to } };
}

/** The statuses a ticket may move to from `from`. */
export function nextTicketStatuses(from: TicketStatus): TicketStatus[] {
  return Object.keys(MOVES[from]) as TicketStatus[];
}

/** 1-5; 4 and 5 count as satisfied. */
export function isSatisfied(rating: number): boolean {
  return rating >= 4;
}
