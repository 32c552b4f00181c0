import { crmV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import { leadToProto, sourceFromProto, statusFromProto } from '../modules/lead/lead.mapper';
import type { LeadService } from '../modules/lead/lead.service';

/** proto <-> domain for CrmService; errors are mapped to gRPC status by the kit. */
export function crmServiceBinding(leads: LeadService) {
  return bindService(crmV1.CrmServiceService, {
    async createLead(request, context) {
      const lead = await leads.create(requirePrincipal(context), {
        name: request.name,
        company: request.company,
        phone: request.phone,
        email: request.email,
        source: sourceFromProto(request.source),
        ...(request.ownerId ? { ownerId: request.ownerId } : {}),
        notes: request.notes,
      });
      return { lead: leadToProto(lead) };
    },
    async getLead(request, context) {
      return { lead: leadToProto(await leads.get(requirePrincipal(context), request.id)) };
    },
    async listLeads(request, context) {
      const { leads: rows, nextCursor } = await leads.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        source: sourceFromProto(request.source),
        status: statusFromProto(request.status),
      });
      return { leads: rows.map(leadToProto), page: { nextCursor } };
    },
  });
}
