import type { OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { CrmTransaction } from '../../database';
import { emitTicketEvent } from './ticket.service';
import { UNRESOLVED_TICKET_STATUSES } from './ticket-flow';

/**
 * On departure: the employee's open and in-progress tickets go to the successor, each with a
 * history row ("assigned", comment "departure") and crm.ticket.assigned. Resolved and closed
 * tickets keep their assignee (the record of who did the work). Without a successor nothing
 * moves. Idempotent: a second run finds no open ticket of the departed employee.
 */
export async function handOverTickets(
  tx: CrmTransaction,
  outbox: OutboxOptions,
  handover: { tenantId: string; from: string; to: string | null; at: Date },
): Promise<string[]> {
  if (!handover.to) return [];
  const open = await tx.ticket.findMany({
    where: {
      tenantId: handover.tenantId,
      assigneeId: handover.from,
      status: { in: [...UNRESOLVED_TICKET_STATUSES] },
    },
    orderBy: { id: 'asc' },
  });
  for (const before of open) {
    const ticket = await tx.ticket.update({
      where: { id: before.id },
      data: { assigneeId: handover.to, version: { increment: 1 }, updatedAt: handover.at },
    });
    await tx.ticketTransition.create({
      data: {
        id: uuidv7(),
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        action: 'assigned',
        fromStatus: before.status,
        toStatus: ticket.status,
        comment: `departure: ${handover.from} -> ${handover.to}`,
        occurredAt: handover.at,
      },
    });
    await emitTicketEvent(tx, outbox, 'crm.ticket.assigned', ticket, undefined, handover.at);
  }
  return open.map((t) => t.id);
}

/** Customer merge: the duplicate's tickets and surveys now belong to the surviving customer. */
export async function moveTicketsAndSurveys(tx: CrmTransaction, fromCustomerId: string, toCustomerId: string) {
  await tx.ticket.updateMany({ where: { customerId: fromCustomerId }, data: { customerId: toCustomerId } });
  await tx.satisfactionSurvey.updateMany({ where: { customerId: fromCustomerId }, data: { customerId: toCustomerId } });
}
