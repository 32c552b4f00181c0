import type { CrmDatabase } from '../database';

export interface TicketAge {
  ticketId: string;
  /** How many hours earlier the ticket should have been opened. */
  hours: number;
}

/**
 * Demo seed only (scripts/seed-demo.js): tickets are created through the public API, which can
 * only open them "now", so a demo would never show an overdue one. This moves chosen tickets,
 * their due time and their history back in time, as if they had been opened `hours` ago.
 * Never called by the service itself.
 */
export async function ageDemoTickets(db: CrmDatabase, ages: readonly TicketAge[]): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const { ticketId, hours } of ages) {
      await tx.$executeRaw`
        UPDATE tickets SET created_at = created_at - make_interval(hours => ${hours}::int),
          updated_at = updated_at - make_interval(hours => ${hours}::int),
          due_at = due_at - make_interval(hours => ${hours}::int)
        WHERE id = ${ticketId}::uuid`;
      await tx.$executeRaw`
        UPDATE ticket_transitions SET occurred_at = occurred_at - make_interval(hours => ${hours}::int)
        WHERE ticket_id = ${ticketId}::uuid`;
      await tx.$executeRaw`
        UPDATE timeline_entries SET occurred_at = occurred_at - make_interval(hours => ${hours}::int)
        WHERE kind = 'ticket' AND source_id = ${ticketId}::uuid`;
    }
  });
}
