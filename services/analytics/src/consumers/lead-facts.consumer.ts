import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import type { AnalyticsTransaction } from '../database';

/** crm.lead.created -> one lead fact. Upsert-by-id keeps a replayed event from counting twice. */
export const leadCreatedHandler: EventHandler<AnalyticsTransaction> = async (
  event: DomainEvent<crmV1.LeadCreated>,
  tx,
) => {
  const lead = event.payload.lead;
  if (!lead) throw new Error(`event ${event.id} has no lead`);
  await tx.leadFact.upsert({
    where: { leadId: lead.id },
    create: {
      leadId: lead.id,
      tenantId: lead.tenantId,
      source: lead.source,
      ownerId: lead.ownerId || null,
      createdAt: lead.createdAt ?? event.occurredAt,
    },
    update: {},
  });
};

export const leadFactHandlers = { 'crm.lead.created': leadCreatedHandler };
