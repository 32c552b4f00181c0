import type { crmV1 } from '@salesflow/contracts';
import type { Lead, LeadOperation, LeadSource, LeadStatus } from '../../generated/prisma/client';
import { formatIsoDate } from '../shared/validation';

const PROTO_PREFIX_SOURCE = 'LEAD_SOURCE_';
const PROTO_PREFIX_STATUS = 'LEAD_STATUS_';

export function sourceToProto(source: LeadSource): crmV1.LeadSource {
  return `${PROTO_PREFIX_SOURCE}${source}` as crmV1.LeadSource;
}

/** UNSPECIFIED (or unknown) maps to undefined so the caller decides the default. */
export function sourceFromProto(source: crmV1.LeadSource | undefined): LeadSource | undefined {
  if (!source || source === 'LEAD_SOURCE_UNSPECIFIED' || !source.startsWith(PROTO_PREFIX_SOURCE)) return undefined;
  return source.slice(PROTO_PREFIX_SOURCE.length) as LeadSource;
}

export function statusToProto(status: LeadStatus): crmV1.LeadStatus {
  return `${PROTO_PREFIX_STATUS}${status}` as crmV1.LeadStatus;
}

export function statusFromProto(status: crmV1.LeadStatus | undefined): LeadStatus | undefined {
  if (!status || status === 'LEAD_STATUS_UNSPECIFIED' || !status.startsWith(PROTO_PREFIX_STATUS)) return undefined;
  return status.slice(PROTO_PREFIX_STATUS.length) as LeadStatus;
}

export function leadToProto(lead: Lead): crmV1.Lead {
  return {
    id: lead.id,
    tenantId: lead.tenantId,
    name: lead.name,
    company: lead.company,
    phone: lead.phone,
    email: lead.email,
    source: sourceToProto(lead.source),
    status: statusToProto(lead.status),
    ownerId: lead.ownerId ?? '',
    notes: lead.notes,
    version: String(lead.version),
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    lastFollowUpAt: lead.lastFollowUpAt ?? undefined,
    nextFollowUpOn: lead.nextFollowUpOn ? formatIsoDate(lead.nextFollowUpOn) : '',
    poolId: lead.poolId ?? '',
    region: lead.region,
    ownerSince: lead.ownerSince ?? undefined,
    convertedCustomerId: lead.convertedCustomerId ?? '',
    convertedContactId: lead.convertedContactId ?? '',
    convertedAt: lead.convertedAt ?? undefined,
  };
}

export function leadOperationToProto(operation: LeadOperation): crmV1.LeadOperation {
  return {
    id: operation.id,
    leadId: operation.leadId,
    action: operation.action,
    actorId: operation.actorId ?? '',
    occurredAt: operation.occurredAt,
    before: jsonObject(operation.before),
    after: jsonObject(operation.after),
  };
}

function jsonObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
