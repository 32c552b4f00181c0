import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import type { CrmTransaction } from '../../database';
import { attributionAt } from '../attribution/attribution';
import { contractToProto, storedAttribution } from '../contract/contract.mapper';
import { opportunityToProto } from './opportunity.mapper';

/**
 * The sales part of a departure handover (called by the employee-departed consumer, inside
 * its transaction): the leaver's open opportunities and their draft and signed contracts go
 * to the successor, each with crm.*.reassigned. Won and lost opportunities and cancelled
 * contracts stay as history. A signed contract keeps the attribution frozen at signing: who
 * achieved the sale does not change, only who looks after it now. Without a successor
 * nothing moves (a manager reassigns by hand).
 */
export async function handOverSales(
  tx: CrmTransaction,
  tenantId: string,
  from: string,
  to: string | null,
  outbox: OutboxOptions,
): Promise<{ opportunityIds: string[]; contractIds: string[] }> {
  if (!to) return { opportunityIds: [], contractIds: [] };
  const now = new Date();
  const opportunities = await tx.opportunity.findMany({
    where: { tenantId, ownerId: from, status: 'OPEN' },
    orderBy: { id: 'asc' },
  });
  for (const before of opportunities) {
    const opportunity = await tx.opportunity.update({
      where: { id: before.id },
      data: { ownerId: to, version: { increment: 1 }, updatedAt: now },
    });
    const customer = await tx.customer.findUnique({ where: { id: opportunity.customerId } });
    await appendToOutbox(
      tx,
      {
        type: 'crm.opportunity.reassigned',
        tenantId,
        aggregateId: opportunity.id,
        aggregateVersion: opportunity.version,
        payload: {
          opportunity: opportunityToProto(opportunity),
          attribution: await attributionAt(tx, tenantId, to, customer ?? undefined),
        },
      },
      outbox,
    );
  }

  const contracts = await tx.contract.findMany({
    where: { tenantId, ownerId: from, status: { in: ['DRAFT', 'SIGNED'] } },
    orderBy: { id: 'asc' },
  });
  for (const before of contracts) {
    const contract = await tx.contract.update({
      where: { id: before.id },
      data: { ownerId: to, version: { increment: 1 }, updatedAt: now },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    // Drafts count for nothing and announce nothing.
    if (contract.status !== 'SIGNED') continue;
    const received = await tx.payment.aggregate({
      where: { contractId: contract.id, status: 'RECEIVED' },
      _sum: { amountMinor: true },
    });
    await appendToOutbox(
      tx,
      {
        type: 'crm.contract.reassigned',
        tenantId,
        aggregateId: contract.id,
        aggregateVersion: contract.version,
        payload: {
          contract: contractToProto(contract, received._sum.amountMinor ?? 0n),
          attribution: storedAttribution(contract),
        },
      },
      outbox,
    );
  }
  return { opportunityIds: opportunities.map((o) => o.id), contractIds: contracts.map((c) => c.id) };
}
