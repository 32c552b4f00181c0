import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { isStale, keyOf, stripPrefix } from '../family-helpers';

export interface CustomerFact {
  customerId: string;
  tenantId: string;
  version: number;
  createdOn: string;
  createdOwnerId: string;
  departmentPath: string;
  region: string;
  segment: string;
  name: string;
  ownerId: string;
  lifecycle: string;
  churnReason: string;
  lastFollowUpAt: string | null;
  /** The day it churned, while its lifecycle is CHURNED. */
  churnedOn: string | null;
}

const table = factTable<CustomerFact>('customer_facts', [
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'created_on', field: 'createdOn', kind: 'date' },
  { column: 'created_owner_id', field: 'createdOwnerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'name', field: 'name', kind: 'text' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'lifecycle', field: 'lifecycle', kind: 'text' },
  { column: 'churn_reason', field: 'churnReason', kind: 'text' },
  { column: 'last_follow_up_at', field: 'lastFollowUpAt', kind: 'timestamptz' },
  { column: 'churned_on', field: 'churnedOn', kind: 'date' },
]);

/**
 * Customers: a new customer counts once, on its creation day, for the owner at creation
 * (frozen, as is the owner's department path from the org replica); the rest is the latest
 * state (owner, lifecycle, last follow-up) that churn risk reads.
 */
export const customerFamily: FactFamily<CustomerFact> = {
  name: 'customer',
  eventTypes: ['crm.customer.created', 'crm.customer.updated', 'crm.customer.lifecycle_changed', 'crm.customer.merged'],
  factIdOf: (event) => (event.payload as crmV1.CustomerChanged).customer?.id,
  ownersOf: (event) => [(event.payload as crmV1.CustomerChanged).customer?.ownerId ?? ''],
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.CustomerChanged>, context: FoldContext) {
    const customer = event.payload.customer;
    if (!customer || isStale(previous, customer.version)) return previous;
    const createdAt = customer.createdAt ?? event.occurredAt;
    const lifecycle = stripPrefix(customer.lifecycle, 'CUSTOMER_LIFECYCLE_');
    // Churn analysis counts a churn on the day the lifecycle became CHURNED (kept while it stays so).
    const churnedOn =
      lifecycle !== 'CHURNED'
        ? null
        : previous?.lifecycle === 'CHURNED' && previous.churnedOn
          ? previous.churnedOn
          : context.dayOf(customer.lifecycleChangedAt ?? event.occurredAt);
    return {
      customerId: customer.id,
      tenantId: event.tenantId,
      version: Number(customer.version),
      createdOn: previous?.createdOn ?? context.dayOf(createdAt),
      createdOwnerId: previous?.createdOwnerId ?? customer.ownerId,
      departmentPath: previous?.departmentPath ?? context.departmentPathOf(event.tenantId, customer.ownerId),
      region: previous?.region ?? customer.region,
      segment: previous?.segment ?? customer.tier,
      name: customer.name,
      ownerId: customer.ownerId,
      lifecycle,
      churnReason: customer.churnReason,
      lastFollowUpAt: customer.lastFollowUpAt?.toISOString() ?? previous?.lastFollowUpAt ?? null,
      churnedOn,
    };
  },
  contributions(fact) {
    return [
      {
        key: keyOf(fact.tenantId, fact.createdOn, { ...fact, ownerId: fact.createdOwnerId }),
        measures: { new_customers: 1 },
      },
    ];
  },
};
