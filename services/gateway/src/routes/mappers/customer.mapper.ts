import { crmV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type {
  CreateCustomerBody,
  CustomerJson,
  CustomerLifecycleName,
  ListCustomersQuery,
  UpdateCustomerBody,
} from '../schemas/customer.schemas';
import { invert } from './enum-names';

const LIFECYCLE_TO_PROTO: Record<CustomerLifecycleName, crmV1.CustomerLifecycle> = {
  prospect: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_PROSPECT,
  active: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_ACTIVE,
  dormant: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_DORMANT,
  churned: crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_CHURNED,
};
const LIFECYCLE_FROM_PROTO = invert(LIFECYCLE_TO_PROTO);

/** Query parameters `cf.<key>=<value>` filter on custom fields. */
export const CUSTOM_FIELD_FILTER_PREFIX = 'cf.';

export function lifecycleToProto(lifecycle: CustomerLifecycleName | undefined): crmV1.CustomerLifecycle {
  return lifecycle ? LIFECYCLE_TO_PROTO[lifecycle] : crmV1.CustomerLifecycle.CUSTOMER_LIFECYCLE_UNSPECIFIED;
}

export function lifecycleFromProto(lifecycle: crmV1.CustomerLifecycle | string): CustomerLifecycleName | null {
  return LIFECYCLE_FROM_PROTO.get(lifecycle) ?? null;
}

export function createCustomerRequestFromJson(body: CreateCustomerBody): crmV1.CreateCustomerRequest {
  return {
    name: body.name,
    industry: body.industry ?? '',
    region: body.region ?? '',
    address: body.address ?? '',
    location: body.location,
    tier: body.tier ?? '',
    lifecycle: lifecycleToProto(body.lifecycle),
    tags: body.tags ?? [],
    groups: body.groups ?? [],
    ownerId: body.ownerId ?? '',
    customFields: body.customFields ?? {},
    force: false,
  };
}

export function updateCustomerRequestFromJson(
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateCustomerBody,
): crmV1.UpdateCustomerRequest {
  return {
    id,
    expectedVersion,
    name: body.name,
    industry: body.industry,
    region: body.region,
    address: body.address,
    location: body.location ?? undefined,
    clearLocation: body.location === null,
    tier: body.tier,
    lifecycle: lifecycleToProto(body.lifecycle),
    tags: body.tags ? { values: body.tags } : undefined,
    groups: body.groups ? { values: body.groups } : undefined,
    ownerId: body.ownerId,
    customFields: body.customFields,
  };
}

export function listCustomersRequestFromQuery(
  query: ListCustomersQuery,
  raw: Record<string, unknown>,
  limit: number,
): crmV1.ListCustomersRequest {
  const customFieldFilters: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(CUSTOM_FIELD_FILTER_PREFIX) && typeof value === 'string') {
      customFieldFilters[name.slice(CUSTOM_FIELD_FILTER_PREFIX.length)] = value;
    }
  }
  return {
    page: { limit, cursor: query.cursor ?? '' },
    lifecycle: lifecycleToProto(query.lifecycle),
    industry: query.industry ?? '',
    region: query.region ?? '',
    tier: query.tier ?? '',
    tag: query.tag ?? '',
    group: query.group ?? '',
    ownerId: query.ownerId ?? '',
    query: query.q ?? '',
    customFieldFilters,
  };
}

export function customerToJson(customer: crmV1.Customer): CustomerJson {
  return {
    id: customer.id,
    name: customer.name,
    industry: customer.industry || null,
    region: customer.region || null,
    address: customer.address || null,
    location: customer.location
      ? { latitude: customer.location.latitude, longitude: customer.location.longitude }
      : null,
    tier: customer.tier || null,
    lifecycle: lifecycleFromProto(customer.lifecycle),
    tags: customer.tags,
    groups: customer.groups,
    ownerId: customer.ownerId || null,
    customFields: customer.customFields ?? {},
    version: Number(customer.version),
    createdAt: customer.createdAt?.toISOString() ?? null,
    updatedAt: customer.updatedAt?.toISOString() ?? null,
    lastFollowUpAt: customer.lastFollowUpAt?.toISOString() ?? null,
    nextFollowUpOn: customer.nextFollowUpOn || null,
    churnReason: customer.churnReason || null,
    lifecycleChangedAt: customer.lifecycleChangedAt?.toISOString() ?? null,
  };
}
