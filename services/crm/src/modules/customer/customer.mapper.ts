import type { crmV1 } from '@salesflow/contracts';
import type { Customer, CustomerLifecycle } from '../../generated/prisma/client';
import type { CustomFieldValues } from '../custom-field/custom-field-values';
import { formatIsoDate } from '../shared/validation';

const PREFIX = 'CUSTOMER_LIFECYCLE_';

export function lifecycleToProto(lifecycle: CustomerLifecycle): crmV1.CustomerLifecycle {
  return `${PREFIX}${lifecycle}` as crmV1.CustomerLifecycle;
}

/** UNSPECIFIED (or unknown) maps to undefined so the caller decides the default. */
export function lifecycleFromProto(lifecycle: crmV1.CustomerLifecycle | undefined): CustomerLifecycle | undefined {
  if (!lifecycle || lifecycle === 'CUSTOMER_LIFECYCLE_UNSPECIFIED' || !lifecycle.startsWith(PREFIX)) return undefined;
  return lifecycle.slice(PREFIX.length) as CustomerLifecycle;
}

/** The stored jsonb is always an object written by the service. */
export function customFieldValuesOf(customer: Pick<Customer, 'customFields'>): CustomFieldValues {
  const value = customer.customFields;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as CustomFieldValues) : {};
}

export function customerToProto(customer: Customer): crmV1.Customer {
  return {
    id: customer.id,
    tenantId: customer.tenantId,
    name: customer.name,
    industry: customer.industry,
    region: customer.region,
    address: customer.address,
    location:
      customer.latitude === null || customer.longitude === null
        ? undefined
        : { latitude: customer.latitude, longitude: customer.longitude },
    tier: customer.tier,
    lifecycle: lifecycleToProto(customer.lifecycle),
    tags: customer.tags,
    groups: customer.groups,
    ownerId: customer.ownerId,
    customFields: customFieldValuesOf(customer),
    version: String(customer.version),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    lastFollowUpAt: customer.lastFollowUpAt ?? undefined,
    nextFollowUpOn: customer.nextFollowUpOn ? formatIsoDate(customer.nextFollowUpOn) : '',
    churnReason: customer.churnReason,
    lifecycleChangedAt: customer.lifecycleChangedAt ?? undefined,
  };
}
