import { crmV1 } from '@salesflow/contracts';
import type { ExpectedVersion } from '../../http/if-match';
import type {
  CreateTicketBody,
  ListTicketsQuery,
  TicketJson,
  TicketSeverityName,
  TicketStatusName,
  TicketTransitionJson,
  TicketTypeName,
  UpdateTicketBody,
} from '../schemas/ticket.schemas';
import { invert } from './enum-names';

const TYPE_TO_PROTO: Record<TicketTypeName, crmV1.TicketType> = {
  complaint: crmV1.TicketType.TICKET_TYPE_COMPLAINT,
  service: crmV1.TicketType.TICKET_TYPE_SERVICE,
  inquiry: crmV1.TicketType.TICKET_TYPE_INQUIRY,
};
const SEVERITY_TO_PROTO: Record<TicketSeverityName, crmV1.TicketSeverity> = {
  low: crmV1.TicketSeverity.TICKET_SEVERITY_LOW,
  medium: crmV1.TicketSeverity.TICKET_SEVERITY_MEDIUM,
  high: crmV1.TicketSeverity.TICKET_SEVERITY_HIGH,
  critical: crmV1.TicketSeverity.TICKET_SEVERITY_CRITICAL,
};
const STATUS_TO_PROTO: Record<TicketStatusName, crmV1.TicketStatus> = {
  open: crmV1.TicketStatus.TICKET_STATUS_OPEN,
  in_progress: crmV1.TicketStatus.TICKET_STATUS_IN_PROGRESS,
  resolved: crmV1.TicketStatus.TICKET_STATUS_RESOLVED,
  closed: crmV1.TicketStatus.TICKET_STATUS_CLOSED,
};
const TYPE_FROM_PROTO = invert(TYPE_TO_PROTO);
const SEVERITY_FROM_PROTO = invert(SEVERITY_TO_PROTO);
const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);

export const ticketTypeToProto = (t: TicketTypeName | undefined) =>
  t ? TYPE_TO_PROTO[t] : crmV1.TicketType.TICKET_TYPE_UNSPECIFIED;
export const ticketSeverityToProto = (s: TicketSeverityName | undefined) =>
  s ? SEVERITY_TO_PROTO[s] : crmV1.TicketSeverity.TICKET_SEVERITY_UNSPECIFIED;
export const ticketStatusToProto = (s: TicketStatusName | undefined) =>
  s ? STATUS_TO_PROTO[s] : crmV1.TicketStatus.TICKET_STATUS_UNSPECIFIED;
const statusFromProto = (s: string) => STATUS_FROM_PROTO.get(s) ?? null;

export function createTicketRequestFromJson(body: CreateTicketBody): crmV1.CreateTicketRequest {
  return {
    type: ticketTypeToProto(body.type),
    severity: ticketSeverityToProto(body.severity),
    customerId: body.customerId,
    title: body.title,
    description: body.description ?? '',
    assigneeId: body.assigneeId ?? '',
  };
}

export function updateTicketRequestFromJson(
  id: string,
  expectedVersion: ExpectedVersion,
  body: UpdateTicketBody,
): crmV1.UpdateTicketRequest {
  return {
    id,
    expectedVersion,
    title: body.title,
    description: body.description,
    severity: ticketSeverityToProto(body.severity),
  };
}

export function listTicketsRequestFromQuery(query: ListTicketsQuery, limit: number): crmV1.ListTicketsRequest {
  return {
    page: { limit, cursor: query.cursor ?? '' },
    status: ticketStatusToProto(query.status),
    type: ticketTypeToProto(query.type),
    severity: ticketSeverityToProto(query.severity),
    customerId: query.customerId ?? '',
    assigneeId: query.assigneeId ?? '',
    overdue: query.overdue,
  };
}

export function ticketToJson(ticket: crmV1.Ticket): TicketJson {
  return {
    id: ticket.id,
    type: TYPE_FROM_PROTO.get(ticket.type) ?? null,
    severity: SEVERITY_FROM_PROTO.get(ticket.severity) ?? null,
    customerId: ticket.customerId,
    title: ticket.title,
    description: ticket.description,
    assigneeId: ticket.assigneeId || null,
    status: statusFromProto(ticket.status),
    resolution: ticket.resolution || null,
    dueAt: ticket.dueAt?.toISOString() ?? null,
    overdue: ticket.overdue,
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    closedAt: ticket.closedAt?.toISOString() ?? null,
    satisfactionRating: ticket.satisfactionRating || null,
    satisfactionComment: ticket.satisfactionComment || null,
    ratedAt: ticket.ratedAt?.toISOString() ?? null,
    reopenCount: ticket.reopenCount,
    openedBy: ticket.openedBy || null,
    version: Number(ticket.version),
    createdAt: ticket.createdAt?.toISOString() ?? null,
    updatedAt: ticket.updatedAt?.toISOString() ?? null,
  };
}

export function ticketTransitionToJson(transition: crmV1.TicketTransition): TicketTransitionJson {
  return {
    action: transition.action,
    fromStatus: statusFromProto(transition.fromStatus),
    toStatus: statusFromProto(transition.toStatus),
    actorId: transition.actorId || null,
    comment: transition.comment || null,
    occurredAt: transition.occurredAt?.toISOString() ?? null,
  };
}
