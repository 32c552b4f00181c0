import { crmV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import { customerToProto } from '../modules/customer/customer.mapper';
import type { CustomerLifecycleService } from '../modules/customer/customer-lifecycle';
import type { SatisfactionService } from '../modules/satisfaction/satisfaction.service';
import {
  type ServiceSettingsService,
  serviceSettingsToProto,
} from '../modules/service-settings/service-settings.service';
import {
  satisfactionSurveyToProto,
  ticketSeverityFromProto,
  ticketStatusFromProto,
  ticketToProto,
  ticketTransitionToProto,
  ticketTypeFromProto,
} from '../modules/ticket/ticket.mapper';
import type { TicketService } from '../modules/ticket/ticket.service';

export interface TicketModules {
  tickets: TicketService;
  serviceSettings: ServiceSettingsService;
  satisfaction: SatisfactionService;
  lifecycle: CustomerLifecycleService;
}

/** proto <-> domain for TicketService; errors are mapped to gRPC status by the kit. */
export function ticketServiceBinding(modules: TicketModules) {
  const { tickets, serviceSettings, satisfaction, lifecycle } = modules;
  return bindService(crmV1.TicketServiceService, {
    async createTicket(request, context) {
      const ticket = await tickets.create(requirePrincipal(context), {
        type: ticketTypeFromProto(request.type),
        severity: ticketSeverityFromProto(request.severity),
        customerId: request.customerId,
        title: request.title,
        description: request.description,
        ...(request.assigneeId ? { assigneeId: request.assigneeId } : {}),
      });
      return { ticket: ticketToProto(ticket) };
    },
    async getTicket(request, context) {
      return { ticket: ticketToProto(await tickets.get(requirePrincipal(context), request.id)) };
    },
    async listTickets(request, context) {
      const { tickets: rows, nextCursor } = await tickets.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        status: ticketStatusFromProto(request.status),
        type: ticketTypeFromProto(request.type),
        severity: ticketSeverityFromProto(request.severity),
        customerId: request.customerId,
        assigneeId: request.assigneeId,
        overdue: request.overdue,
      });
      const now = new Date();
      return { tickets: rows.map((t) => ticketToProto(t, now)), page: { nextCursor } };
    },
    async updateTicket(request, context) {
      const severity = ticketSeverityFromProto(request.severity);
      const ticket = await tickets.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.title !== undefined ? { title: request.title } : {}),
        ...(request.description !== undefined ? { description: request.description } : {}),
        ...(severity ? { severity } : {}),
      });
      return { ticket: ticketToProto(ticket) };
    },
    async assignTicket(request, context) {
      const ticket = await tickets.assign(requirePrincipal(context), request.id, request.assigneeId, {
        expectedVersion: request.expectedVersion,
        comment: request.comment,
      });
      return { ticket: ticketToProto(ticket) };
    },
    async changeTicketStatus(request, context) {
      const ticket = await tickets.changeStatus(requirePrincipal(context), request.id, {
        status: ticketStatusFromProto(request.status),
        resolution: request.resolution,
        comment: request.comment,
        expectedVersion: request.expectedVersion,
      });
      return { ticket: ticketToProto(ticket) };
    },
    async rateTicket(request, context) {
      const ticket = await tickets.rate(requirePrincipal(context), request.id, {
        rating: request.rating,
        comment: request.comment,
      });
      return { ticket: ticketToProto(ticket) };
    },
    async getTicketHistory(request, context) {
      const transitions = await tickets.history(requirePrincipal(context), request.id);
      return { transitions: transitions.map(ticketTransitionToProto) };
    },
    async getServiceSettings(_request, context) {
      return { settings: serviceSettingsToProto(await serviceSettings.get(requirePrincipal(context))) };
    },
    async updateServiceSettings(request, context) {
      const settings = await serviceSettings.update(requirePrincipal(context), {
        expectedVersion: request.expectedVersion,
        ...(request.criticalHours !== undefined ? { criticalHours: request.criticalHours } : {}),
        ...(request.highHours !== undefined ? { highHours: request.highHours } : {}),
        ...(request.mediumHours !== undefined ? { mediumHours: request.mediumHours } : {}),
        ...(request.lowHours !== undefined ? { lowHours: request.lowHours } : {}),
        ...(request.dormancyDays !== undefined ? { dormancyDays: request.dormancyDays } : {}),
      });
      return { settings: serviceSettingsToProto(settings) };
    },
    async recordSatisfactionSurvey(request, context) {
      const survey = await satisfaction.record(requirePrincipal(context), {
        customerId: request.customerId,
        score: request.score,
        comment: request.comment,
        ...(request.surveyedAt ? { surveyedAt: request.surveyedAt } : {}),
      });
      return { survey: satisfactionSurveyToProto(survey) };
    },
    async listSatisfactionSurveys(request, context) {
      const { surveys, nextCursor } = await satisfaction.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        ...(request.customerId ? { customerId: request.customerId } : {}),
      });
      return { surveys: surveys.map(satisfactionSurveyToProto), page: { nextCursor } };
    },
    async churnCustomer(request, context) {
      const customer = await lifecycle.churn(requirePrincipal(context), request.id, {
        reason: request.reason,
        expectedVersion: request.expectedVersion,
      });
      return { customer: customerToProto(customer) };
    },
  });
}
