import type { commonV1 } from '@salesflow/contracts';
import { replicatedEmployee, type SqlQuerier } from '@salesflow/platform';

/** The customer fields a fact's attribution copies (its region and segment at the time). */
export interface AttributedCustomer {
  id: string;
  region: string;
  tier: string;
}

/**
 * Who a business fact (a contract signed, a payment received, a ticket opened) counts for,
 * frozen at the moment of the fact: the owner, the owner's department and path from the org
 * replica, and the customer's region and segment. Stored with the fact and sent in its events,
 * so goals and analytics attribute it without calling back, and a later transfer or handover
 * never rewrites who achieved what.
 */
export async function attributionAt(
  db: SqlQuerier,
  tenantId: string,
  ownerId: string,
  customer: AttributedCustomer | undefined,
): Promise<commonV1.Attribution> {
  const owner = await replicatedEmployee(db, tenantId, ownerId);
  return {
    ownerId,
    departmentId: owner?.departmentId ?? '',
    departmentPath: owner?.departmentPath ?? '',
    customerId: customer?.id ?? '',
    region: customer?.region ?? '',
    customerSegment: customer?.tier ?? '',
  };
}
