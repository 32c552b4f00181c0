import { appendToOutbox, type OutboxOptions } from '@salesflow/platform';
import type { CrmTransaction } from '../../database';
import type { Customer } from '../../generated/prisma/client';
import { customerToProto } from './customer.mapper';

/**
 * A signed contract is the fact that makes a customer ACTIVE: a PROSPECT on its first
 * contract, a DORMANT one when it buys again. CHURNED stays until someone wins it back
 * explicitly (the churn reason is an analysis record). Runs inside the signing transaction
 * with the row locked, so the lifecycle, its timestamp, the version and the
 * crm.customer.lifecycle_changed event commit together with the contract.
 */
export async function activateCustomerOnSigning(
  tx: CrmTransaction,
  tenantId: string,
  customerId: string,
  actorId: string,
  outbox: OutboxOptions,
): Promise<Customer | undefined> {
  const rows = await tx.$queryRaw<{ lifecycle: string }[]>`
    SELECT lifecycle::text FROM customers WHERE id = ${customerId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  const lifecycle = rows[0]?.lifecycle;
  if (lifecycle !== 'PROSPECT' && lifecycle !== 'DORMANT') return undefined;
  const now = new Date();
  const customer = await tx.customer.update({
    where: { id: customerId },
    data: { lifecycle: 'ACTIVE', lifecycleChangedAt: now, version: { increment: 1 }, updatedAt: now },
  });
  await appendToOutbox(
    tx,
    {
      type: 'crm.customer.lifecycle_changed',
      tenantId,
      aggregateId: customer.id,
      aggregateVersion: customer.version,
      ...(actorId ? { actorId } : {}),
      payload: { customer: customerToProto(customer) },
    },
    outbox,
  );
  return customer;
}
