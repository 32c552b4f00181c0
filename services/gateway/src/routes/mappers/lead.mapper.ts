import { crmV1 } from '@salesflow/contracts';
import type {
  CreateLeadBody,
  LeadJson,
  LeadOperationJson,
  LeadSourceName,
  LeadStatusName,
  UpdateLeadBody,
} from '../schemas/lead.schemas';

const SOURCE_TO_PROTO: Record<LeadSourceName, crmV1.LeadSource> = {
  exhibition: crmV1.LeadSource.LEAD_SOURCE_EXHIBITION,
  web: crmV1.LeadSource.LEAD_SOURCE_WEB,
  referral: crmV1.LeadSource.LEAD_SOURCE_REFERRAL,
  campaign: crmV1.LeadSource.LEAD_SOURCE_CAMPAIGN,
  cold_call: crmV1.LeadSource.LEAD_SOURCE_COLD_CALL,
  other: crmV1.LeadSource.LEAD_SOURCE_OTHER,
};

const STATUS_TO_PROTO: Record<LeadStatusName, crmV1.LeadStatus> = {
  new: crmV1.LeadStatus.LEAD_STATUS_NEW,
  contacted: crmV1.LeadStatus.LEAD_STATUS_CONTACTED,
  qualified: crmV1.LeadStatus.LEAD_STATUS_QUALIFIED,
  unqualified: crmV1.LeadStatus.LEAD_STATUS_UNQUALIFIED,
  converted: crmV1.LeadStatus.LEAD_STATUS_CONVERTED,
  recycled: crmV1.LeadStatus.LEAD_STATUS_RECYCLED,
};

const SOURCE_FROM_PROTO = invert(SOURCE_TO_PROTO);
const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);

export function leadSourceToProto(source: LeadSourceName | undefined): crmV1.LeadSource {
  return source ? SOURCE_TO_PROTO[source] : crmV1.LeadSource.LEAD_SOURCE_UNSPECIFIED;
}

export function leadStatusToProto(status: LeadStatusName | undefined): crmV1.LeadStatus {
  return status ? STATUS_TO_PROTO[status] : crmV1.LeadStatus.LEAD_STATUS_UNSPECIFIED;
}

/** null for UNSPECIFIED and for values newer than this gateway. */
export function leadSourceFromProto(source: crmV1.LeadSource | string): LeadSourceName | null {
  return SOURCE_FROM_PROTO.get(source) ?? null;
}

export function leadStatusFromProto(status: crmV1.LeadStatus | string): LeadStatusName | null {
  return STATUS_FROM_PROTO.get(status) ?? null;
}

export function createLeadRequestFromJson(body: CreateLeadBody): crmV1.CreateLeadRequest {
  return {
    name: body.name,
    company: body.company ?? '',
    phone: body.phone ?? '',
    email: body.email ?? '',
    source: leadSourceToProto(body.source),
    // Empty: crm makes the caller the owner.
    ownerId: body.ownerId ?? '',
    notes: body.notes ?? '',
    poolId: body.poolId ?? '',
    region: body.region ?? '',
    force: false,
  };
}

export function updateLeadRequestFromJson(
  id: string,
  expectedVersion: string,
  body: UpdateLeadBody,
): crmV1.UpdateLeadRequest {
  return {
    id,
    expectedVersion,
    name: body.name,
    company: body.company,
    phone: body.phone,
    email: body.email,
    source: leadSourceToProto(body.source),
    status: leadStatusToProto(body.status),
    notes: body.notes,
    region: body.region,
    // null clears: crm reads "" as "no date".
    nextFollowUpOn: body.nextFollowUpOn === null ? '' : body.nextFollowUpOn,
  };
}

export function leadOperationToJson(operation: crmV1.LeadOperation): LeadOperationJson {
  return {
    id: operation.id,
    action: operation.action,
    actorId: operation.actorId || null,
    occurredAt: operation.occurredAt?.toISOString() ?? null,
    before: operation.before ?? {},
    after: operation.after ?? {},
  };
}

/** proto3 has no "absent" for strings: empty optional fields become null in the API. */
export function leadToJson(lead: crmV1.Lead): LeadJson {
  return {
    id: lead.id,
    name: lead.name,
    company: lead.company || null,
    phone: lead.phone || null,
    email: lead.email || null,
    source: leadSourceFromProto(lead.source),
    status: leadStatusFromProto(lead.status),
    ownerId: lead.ownerId || null,
    notes: lead.notes || null,
    version: Number(lead.version),
    createdAt: lead.createdAt?.toISOString() ?? null,
    updatedAt: lead.updatedAt?.toISOString() ?? null,
    lastFollowUpAt: lead.lastFollowUpAt?.toISOString() ?? null,
    nextFollowUpOn: lead.nextFollowUpOn || null,
    poolId: lead.poolId || null,
    region: lead.region || null,
    ownerSince: lead.ownerSince?.toISOString() ?? null,
    convertedCustomerId: lead.convertedCustomerId || null,
    convertedContactId: lead.convertedContactId || null,
    convertedAt: lead.convertedAt?.toISOString() ?? null,
  };
}

function invert<K extends string, V extends string>(map: Record<K, V>): Map<string, K> {
  return new Map(Object.entries<V>(map).map(([name, proto]) => [proto, name as K]));
}
