import type { commonV1, crmV1 } from '@salesflow/contracts';
import type {
  Prisma,
  SatisfactionSurvey,
  Ticket,
  TicketSeverity,
  TicketStatus,
  TicketTransition,
  TicketType,
} from '../../generated/prisma/client';
import { isOverdue } from './ticket-sla';

function fromProto<T extends string>(prefix: string, value: string | undefined): T | undefined {
  if (!value?.startsWith(prefix) || value.endsWith('_UNSPECIFIED') || value === 'UNRECOGNIZED') {
    return undefined;
  }
  return value.slice(prefix.length) as T;
}

export const ticketTypeToProto = (t: TicketType) => `TICKET_TYPE_${t}` as crmV1.TicketType;
export const ticketSeverityToProto = (s: TicketSeverity) => `TICKET_SEVERITY_${s}` as crmV1.TicketSeverity;
export const ticketStatusToProto = (s: TicketStatus) => `TICKET_STATUS_${s}` as crmV1.TicketStatus;
/** UNSPECIFIED (or unknown) maps to undefined so the caller decides. */
export const ticketTypeFromProto = (t: crmV1.TicketType | undefined) => fromProto<TicketType>('TICKET_TYPE_', t);
export const ticketSeverityFromProto = (s: crmV1.TicketSeverity | undefined) =>
  fromProto<TicketSeverity>('TICKET_SEVERITY_', s);
export const ticketStatusFromProto = (s: crmV1.TicketStatus | undefined) =>
  fromProto<TicketStatus>('TICKET_STATUS_', s);

/** The stored jsonb is always an Attribution written by the service. */
export function attributionOf(row: { attribution: Prisma.JsonValue }): commonV1.Attribution {
  const value = (row.attribution ?? {}) as Partial<commonV1.Attribution>;
  return {
    ownerId: value.ownerId ?? '',
    departmentId: value.departmentId ?? '',
    departmentPath: value.departmentPath ?? '',
    customerId: value.customerId ?? '',
    region: value.region ?? '',
    customerSegment: value.customerSegment ?? '',
  };
}

export function ticketToProto(ticket: Ticket, now: Date = new Date()): crmV1.Ticket {
  return {
    id: ticket.id,
    tenantId: ticket.tenantId,
    type: ticketTypeToProto(ticket.type),
    severity: ticketSeverityToProto(ticket.severity),
    customerId: ticket.customerId,
    title: ticket.title,
    description: ticket.description,
    assigneeId: ticket.assigneeId,
    status: ticketStatusToProto(ticket.status),
    resolution: ticket.resolution,
    dueAt: ticket.dueAt,
    resolvedAt: ticket.resolvedAt ?? undefined,
    closedAt: ticket.closedAt ?? undefined,
    satisfactionRating: ticket.satisfactionRating,
    satisfactionComment: ticket.satisfactionComment,
    reopenCount: ticket.reopenCount,
    openedBy: ticket.openedBy,
    version: String(ticket.version),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    overdue: isOverdue(ticket, now),
    ratedAt: ticket.ratedAt ?? undefined,
  };
}

export function ticketTransitionToProto(transition: TicketTransition): crmV1.TicketTransition {
  return {
    id: transition.id,
    ticketId: transition.ticketId,
    action: transition.action,
    fromStatus: transition.fromStatus ? ticketStatusToProto(transition.fromStatus) : 'TICKET_STATUS_UNSPECIFIED',
    toStatus: ticketStatusToProto(transition.toStatus),
    actorId: transition.actorId,
    comment: transition.comment,
    occurredAt: transition.occurredAt,
  };
}

export function satisfactionSurveyToProto(survey: SatisfactionSurvey): crmV1.SatisfactionSurvey {
  return {
    id: survey.id,
    tenantId: survey.tenantId,
    customerId: survey.customerId,
    score: survey.score,
    comment: survey.comment,
    recordedBy: survey.recordedBy,
    surveyedAt: survey.surveyedAt,
    createdAt: survey.createdAt,
  };
}
