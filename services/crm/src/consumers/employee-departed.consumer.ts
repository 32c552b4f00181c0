import type { identityV1 } from '@salesflow/contracts';
import { appendToOutbox, type DomainEvent, type EventHandler, type OutboxOptions } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import type { CrmTransaction } from '../database';
import { customerToProto } from '../modules/customer/customer.mapper';
import { leadToProto } from '../modules/lead/lead.mapper';
import { CLOSED_LEAD_STATUSES } from '../modules/lead/lead.service';
import { logLeadOperation } from '../modules/lead/lead-operations';
import { handOverTickets } from '../modules/ticket/ticket-handover';

export const HANDOVER_GROUP = 'crm.handover';

export interface HandoverResult {
  leadIds: string[];
  customerIds: string[];
}

/**
 * identity.employee.departed -> the person's open leads, all their customers and their open
 * tickets (ticket-handover.ts) go to the successor, each with a log entry and its own event, plus one
 * crm.handover.completed summary. Idempotent twice over: the kit's inbox drops a redelivered
 * event, and a new event for the same departure finds nothing left to move (no summary then).
 * Without a successor, pooled leads go back to their pool and everything else stays put.
 */
export function handoverHandlers(outbox: OutboxOptions): Record<string, EventHandler<CrmTransaction>> {
  return {
    'identity.employee.departed': async (event, tx) => {
      await handOver(tx, event as DomainEvent<identityV1.EmployeeDeparted>, outbox);
    },
  };
}

export async function handOver(
  tx: CrmTransaction,
  event: DomainEvent<identityV1.EmployeeDeparted>,
  outbox: OutboxOptions,
): Promise<HandoverResult> {
  const { tenantId } = event;
  const from = event.payload.employeeId || event.aggregateId;
  const to = event.payload.successorId || null;
  const now = new Date();
  const reason = { reason: 'departure', from, to };

  const leads = await tx.lead.findMany({
    where: {
      tenantId,
      ownerId: from,
      status: { notIn: [...CLOSED_LEAD_STATUSES] },
      // Without a successor only pooled leads can go anywhere (back to their pool).
      ...(to ? {} : { poolId: { not: null } }),
    },
    orderBy: { id: 'asc' },
  });
  for (const before of leads) {
    const lead = await tx.lead.update({
      where: { id: before.id },
      data: { ownerId: to, ownerSince: to ? now : null, version: { increment: 1 }, updatedAt: now },
    });
    await logLeadOperation(tx, 'handed_over', undefined, before, lead, reason);
    await appendToOutbox(
      tx,
      {
        type: to ? 'crm.lead.assigned' : 'crm.lead.released',
        tenantId,
        aggregateId: lead.id,
        aggregateVersion: lead.version,
        payload: { lead: leadToProto(lead) },
      },
      outbox,
    );
  }

  const customers = to
    ? await tx.customer.findMany({ where: { tenantId, ownerId: from }, orderBy: { id: 'asc' } })
    : [];
  for (const before of customers) {
    const customer = await tx.customer.update({
      where: { id: before.id },
      data: { ownerId: to as string, version: { increment: 1 }, updatedAt: now },
    });
    await tx.customerOperation.create({
      data: {
        id: uuidv7(),
        tenantId,
        customerId: customer.id,
        action: 'handed_over',
        before: { ownerId: from },
        after: { ownerId: to, reason: 'departure' },
      },
    });
    await appendToOutbox(
      tx,
      {
        type: 'crm.customer.updated',
        tenantId,
        aggregateId: customer.id,
        aggregateVersion: customer.version,
        payload: { customer: customerToProto(customer) },
      },
      outbox,
    );
  }

  const ticketIds = await handOverTickets(tx, outbox, { tenantId, from, to, at: now });

  const result = { leadIds: leads.map((l) => l.id), customerIds: customers.map((c) => c.id) };
  if (result.leadIds.length + result.customerIds.length + ticketIds.length > 0) {
    await appendToOutbox(
      tx,
      {
        type: 'crm.handover.completed',
        tenantId,
        aggregateId: from,
        aggregateVersion: 1,
        payload: {
          employeeId: from,
          successorId: to ?? '',
          leadIds: result.leadIds,
          customerIds: result.customerIds,
          departureEventId: event.id,
          ticketIds,
        },
      },
      outbox,
    );
  }
  return result;
}
