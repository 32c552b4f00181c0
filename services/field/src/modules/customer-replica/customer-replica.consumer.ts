import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent, EventHandler } from '@salesflow/platform';
import type { FieldTransaction } from '../../database';

export const CUSTOMER_REPLICA_GROUP = 'field.customer-replica';

/**
 * crm customers -> `customer_replica` (coordinates for the geofence, region and tier for a
 * visit's attribution). An older version than the stored one is ignored, so a late replay
 * never undoes a newer state; a merge marks the folded customer deleted.
 */
export function customerReplicaHandlers(): Record<string, EventHandler<FieldTransaction>> {
  const upsert: EventHandler<FieldTransaction> = async (event, tx) => {
    const customer = (event as DomainEvent<crmV1.CustomerChanged>).payload.customer;
    if (!customer) throw new Error(`event ${event.id} carries no customer`);
    await upsertCustomer(tx, customer);
  };
  return {
    'crm.customer.created': upsert,
    'crm.customer.updated': upsert,
    'crm.customer.lifecycle_changed': upsert,
    'crm.customer.merged': async (event, tx) => {
      const { customer, mergedCustomerId } = (event as DomainEvent<crmV1.CustomerMerged>).payload;
      if (customer) await upsertCustomer(tx, customer);
      if (mergedCustomerId) {
        await tx.customerReplica.updateMany({
          where: { id: mergedCustomerId, tenantId: event.tenantId },
          data: { deleted: true, updatedAt: new Date() },
        });
      }
    },
  };
}

export async function upsertCustomer(tx: FieldTransaction, customer: crmV1.Customer): Promise<void> {
  const latitude = customer.location?.latitude ?? null;
  const longitude = customer.location?.longitude ?? null;
  await tx.$executeRaw`
    INSERT INTO customer_replica (id, tenant_id, name, owner_id, region, tier, latitude, longitude, version)
    VALUES (${customer.id}::uuid, ${customer.tenantId}::uuid, ${customer.name}, ${customer.ownerId},
            ${customer.region}, ${customer.tier}, ${latitude}, ${longitude}, ${BigInt(customer.version || '0')})
    ON CONFLICT (id) DO UPDATE SET
      name = EXCLUDED.name, owner_id = EXCLUDED.owner_id, region = EXCLUDED.region, tier = EXCLUDED.tier,
      latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, version = EXCLUDED.version,
      deleted = false, updated_at = now()
    WHERE customer_replica.version < EXCLUDED.version AND customer_replica.tenant_id = EXCLUDED.tenant_id`;
}
