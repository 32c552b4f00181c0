import { crmV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import {
  activityToProto,
  methodFromProto,
  subjectTypeFromProto,
  subjectTypeToProto,
} from '../modules/activity/activity.mapper';
import type { ActivityService } from '../modules/activity/activity.service';
import { contactToProto } from '../modules/contact/contact.mapper';
import type { ContactService } from '../modules/contact/contact.service';
import type { ConversionRulesView, ConversionService } from '../modules/conversion/conversion.service';
import type { LeadSourceField } from '../modules/conversion/conversion-rules';
import type { CustomerCsvService } from '../modules/csv-import/customer-csv.service';
import type { LeadCsvService } from '../modules/csv-import/lead-csv.service';
import { customFieldToProto, customFieldTypeFromProto } from '../modules/custom-field/custom-field.mapper';
import type { CustomFieldService } from '../modules/custom-field/custom-field.service';
import { customerToProto, lifecycleFromProto } from '../modules/customer/customer.mapper';
import type { CustomerService } from '../modules/customer/customer.service';
import { DuplicateError } from '../modules/duplicate/duplicate';
import { leadOperationToProto, leadToProto, sourceFromProto, statusFromProto } from '../modules/lead/lead.mapper';
import type { LeadService } from '../modules/lead/lead.service';
import { assignmentFromProto, leadPoolToProto } from '../modules/lead-pool/lead-pool.mapper';
import type { LeadPoolService } from '../modules/lead-pool/lead-pool.service';
import { opportunityToProto } from '../modules/opportunity/opportunity.mapper';
import { type SavedViewService, savedViewToProto } from '../modules/saved-view/saved-view.service';
import type { TimelineService } from '../modules/timeline/timeline';
import { timelineEntryToProto } from '../modules/timeline/timeline.mapper';

export interface CrmModules {
  leads: LeadService;
  leadCsv: LeadCsvService;
  customerCsv: CustomerCsvService;
  conversion: ConversionService;
  pools: LeadPoolService;
  customFields: CustomFieldService;
  customers: CustomerService;
  contacts: ContactService;
  activities: ActivityService;
  timeline: TimelineService;
  savedViews: SavedViewService;
}

/** proto <-> domain for CrmService; errors are mapped to gRPC status by the kit. */
export function crmServiceBinding(modules: CrmModules) {
  const {
    leads,
    leadCsv,
    customerCsv,
    conversion,
    pools,
    customFields,
    customers,
    contacts,
    activities,
    timeline,
    savedViews,
  } = modules;
  return bindService(crmV1.CrmServiceService, {
    async createLead(request, context) {
      const lead = await duplicatesOr(
        leads.create(requirePrincipal(context), {
          name: request.name,
          company: request.company,
          phone: request.phone,
          email: request.email,
          source: sourceFromProto(request.source),
          ...(request.ownerId ? { ownerId: request.ownerId } : {}),
          notes: request.notes,
          ...(request.poolId ? { poolId: request.poolId } : {}),
          region: request.region,
          force: request.force,
        }),
      );
      return 'duplicates' in lead ? lead : { lead: leadToProto(lead), duplicates: [] };
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
        poolId: request.poolId,
        ownerId: request.ownerId,
        claimable: request.claimable,
        query: request.query,
      });
      return { leads: rows.map(leadToProto), page: { nextCursor } };
    },
    async updateLead(request, context) {
      const lead = await leads.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.company !== undefined ? { company: request.company } : {}),
        ...(request.phone !== undefined ? { phone: request.phone } : {}),
        ...(request.email !== undefined ? { email: request.email } : {}),
        ...(sourceFromProto(request.source) ? { source: sourceFromProto(request.source) } : {}),
        ...(statusFromProto(request.status) ? { status: statusFromProto(request.status) } : {}),
        ...(request.notes !== undefined ? { notes: request.notes } : {}),
        ...(request.region !== undefined ? { region: request.region } : {}),
        ...(request.nextFollowUpOn !== undefined ? { nextFollowUpOn: request.nextFollowUpOn } : {}),
      });
      return { lead: leadToProto(lead) };
    },
    async claimLead(request, context) {
      return { lead: leadToProto(await leads.claim(requirePrincipal(context), request.id)) };
    },
    async assignLead(request, context) {
      const lead = await leads.assign(requirePrincipal(context), request.id, request.ownerId || undefined);
      return { lead: leadToProto(lead) };
    },
    async releaseLead(request, context) {
      return { lead: leadToProto(await leads.release(requirePrincipal(context), request.id, request.reason)) };
    },
    async getLeadHistory(request, context) {
      const operations = await leads.history(requirePrincipal(context), request.id);
      return { operations: operations.map(leadOperationToProto) };
    },

    async convertLead(request, context) {
      const result = await conversion.convert(
        requirePrincipal(context),
        request.id,
        request.openOpportunity
          ? {
              name: request.opportunityName,
              ...(request.opportunityAmount ? { amount: request.opportunityAmount } : {}),
            }
          : undefined,
      );
      return {
        lead: leadToProto(result.lead),
        customer: customerToProto(result.customer),
        contact: contactToProto(result.contact),
        opportunity: result.opportunity ? opportunityToProto(result.opportunity) : undefined,
      };
    },
    async getConversionRules(_request, context) {
      return { rules: conversionRulesToProto(await conversion.rules(requirePrincipal(context))) };
    },
    async updateConversionRules(request, context) {
      const rules = await conversion.updateRules(requirePrincipal(context), {
        expectedVersion: request.expectedVersion,
        mappings: request.mappings.map((m) => ({
          source: m.source as LeadSourceField | '',
          target: m.target,
          defaultValue: m.defaultValue,
        })),
      });
      return { rules: conversionRulesToProto(rules) };
    },

    async importLeads(request, context) {
      const report = await leadCsv.import(requirePrincipal(context), request.csv, { force: request.force });
      return { report };
    },
    async importCustomers(request, context) {
      const report = await customerCsv.import(requirePrincipal(context), request.csv, { force: request.force });
      return { report };
    },
    async exportLeads(request, context) {
      return leadCsv.exportPage(requirePrincipal(context), {
        cursor: request.page?.cursor,
        status: statusFromProto(request.status),
        poolId: request.poolId,
        ownerId: request.ownerId,
      });
    },
    async exportCustomers(request, context) {
      return customerCsv.exportPage(requirePrincipal(context), {
        cursor: request.page?.cursor,
        lifecycle: lifecycleFromProto(request.lifecycle),
        ownerId: request.ownerId,
      });
    },

    async createLeadPool(request, context) {
      const pool = await pools.create(requirePrincipal(context), {
        name: request.name,
        public: request.public,
        assignment: assignmentFromProto(request.assignment),
        memberIds: request.memberIds,
        regionAssignees: request.regionAssignees,
        claimLimit: request.claimLimit,
        recycleAfterDays: request.recycleAfterDays,
      });
      return { pool: leadPoolToProto(pool) };
    },
    async listLeadPools(_request, context) {
      return { pools: (await pools.list(requirePrincipal(context))).map(leadPoolToProto) };
    },
    async getLeadPool(request, context) {
      return { pool: leadPoolToProto(await pools.get(requirePrincipal(context), request.id)) };
    },
    async listSavedViews(request, context) {
      return { views: (await savedViews.list(requirePrincipal(context), request.list)).map(savedViewToProto) };
    },
    async createSavedView(request, context) {
      const view = await savedViews.create(requirePrincipal(context), {
        list: request.list,
        name: request.name,
        filtersJson: request.filtersJson,
      });
      return { view: savedViewToProto(view) };
    },
    async deleteSavedView(request, context) {
      await savedViews.delete(requirePrincipal(context), request.id);
      return {};
    },
    async updateLeadPool(request, context) {
      const pool = await pools.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.public !== undefined ? { public: request.public } : {}),
        ...(assignmentFromProto(request.assignment) ? { assignment: assignmentFromProto(request.assignment) } : {}),
        ...(request.memberIds ? { memberIds: request.memberIds.values } : {}),
        ...(request.updateRegionAssignees ? { regionAssignees: request.regionAssignees } : {}),
        ...(request.claimLimit !== undefined ? { claimLimit: request.claimLimit } : {}),
        ...(request.recycleAfterDays !== undefined ? { recycleAfterDays: request.recycleAfterDays } : {}),
      });
      return { pool: leadPoolToProto(pool) };
    },

    async listCustomFields(_request, context) {
      return { customFields: (await customFields.list(requirePrincipal(context))).map(customFieldToProto) };
    },
    async createCustomField(request, context) {
      const field = await customFields.create(requirePrincipal(context), {
        key: request.key,
        label: request.label,
        type: customFieldTypeFromProto(request.type),
        options: request.options,
        required: request.required,
      });
      return { customField: customFieldToProto(field) };
    },

    async updateCustomField(request, context) {
      const field = await customFields.update(requirePrincipal(context), {
        id: request.id,
        expectedVersion: request.expectedVersion,
        ...(request.label !== undefined ? { label: request.label } : {}),
        ...(request.required !== undefined ? { required: request.required } : {}),
        ...(request.options ? { options: request.options.options } : {}),
      });
      return { customField: customFieldToProto(field) };
    },

    async createCustomer(request, context) {
      const customer = await duplicatesOr(
        customers.create(requirePrincipal(context), {
          name: request.name,
          industry: request.industry,
          region: request.region,
          address: request.address,
          ...(request.location ? { location: request.location } : {}),
          tier: request.tier,
          lifecycle: lifecycleFromProto(request.lifecycle),
          tags: request.tags,
          groups: request.groups,
          ...(request.ownerId ? { ownerId: request.ownerId } : {}),
          customFields: request.customFields ?? {},
          force: request.force,
        }),
      );
      return 'duplicates' in customer ? customer : { customer: customerToProto(customer), duplicates: [] };
    },
    async mergeCustomers(request, context) {
      const customer = await customers.merge(
        requirePrincipal(context),
        request.id,
        request.sourceId,
        request.expectedVersion,
      );
      return { customer: customerToProto(customer) };
    },
    async getCustomer(request, context) {
      return { customer: customerToProto(await customers.get(requirePrincipal(context), request.id)) };
    },
    async listCustomers(request, context) {
      const { customers: rows, nextCursor } = await customers.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        lifecycle: lifecycleFromProto(request.lifecycle),
        industry: request.industry,
        region: request.region,
        tier: request.tier,
        tag: request.tag,
        group: request.group,
        ownerId: request.ownerId,
        query: request.query,
        customFieldFilters: request.customFieldFilters,
      });
      return { customers: rows.map(customerToProto), page: { nextCursor } };
    },
    async updateCustomer(request, context) {
      const customer = await customers.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.industry !== undefined ? { industry: request.industry } : {}),
        ...(request.region !== undefined ? { region: request.region } : {}),
        ...(request.address !== undefined ? { address: request.address } : {}),
        ...(request.clearLocation ? { location: null } : request.location ? { location: request.location } : {}),
        ...(request.tier !== undefined ? { tier: request.tier } : {}),
        ...(lifecycleFromProto(request.lifecycle) ? { lifecycle: lifecycleFromProto(request.lifecycle) } : {}),
        ...(request.tags ? { tags: request.tags.values } : {}),
        ...(request.groups ? { groups: request.groups.values } : {}),
        ...(request.ownerId !== undefined ? { ownerId: request.ownerId } : {}),
        ...(request.customFields ? { customFields: request.customFields } : {}),
      });
      return { customer: customerToProto(customer) };
    },

    async createContact(request, context) {
      const contact = await contacts.create(requirePrincipal(context), request.customerId, {
        name: request.name,
        title: request.title,
        phones: request.phones,
        email: request.email,
        wechat: request.wechat,
        birthday: request.birthday,
        primary: request.primary,
      });
      return { contact: contactToProto(contact) };
    },
    async listContacts(request, context) {
      const rows = await contacts.list(requirePrincipal(context), request.customerId);
      return { contacts: rows.map(contactToProto) };
    },
    async updateContact(request, context) {
      const contact = await contacts.update(requirePrincipal(context), request.customerId, request.id, {
        expectedVersion: request.expectedVersion,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.title !== undefined ? { title: request.title } : {}),
        ...(request.phones ? { phones: request.phones.values } : {}),
        ...(request.email !== undefined ? { email: request.email } : {}),
        ...(request.wechat !== undefined ? { wechat: request.wechat } : {}),
        ...(request.birthday !== undefined ? { birthday: request.birthday } : {}),
        ...(request.primary !== undefined ? { primary: request.primary } : {}),
      });
      return { contact: contactToProto(contact) };
    },
    async listUpcomingBirthdays(request, context) {
      const rows = await contacts.upcomingBirthdays(requirePrincipal(context), request.withinDays);
      return {
        birthdays: rows.map((b) => ({
          contact: contactToProto(b.contact),
          customerName: b.customerName,
          date: b.date,
          daysUntil: b.daysUntil,
        })),
      };
    },

    async createActivity(request, context) {
      const activity = await activities.create(requirePrincipal(context), {
        subjectType: subjectTypeFromProto(request.subjectType),
        subjectId: request.subjectId,
        method: methodFromProto(request.method),
        ...(request.contactId ? { contactId: request.contactId } : {}),
        content: request.content,
        result: request.result,
        nextStep: request.nextStep,
        nextFollowUpOn: request.nextFollowUpOn,
        ...(request.occurredAt ? { occurredAt: request.occurredAt } : {}),
      });
      return { activity: activityToProto(activity) };
    },
    async listActivities(request, context) {
      const { activities: rows, nextCursor } = await activities.list(requirePrincipal(context), {
        subjectType: subjectTypeFromProto(request.subjectType),
        subjectId: request.subjectId,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { activities: rows.map(activityToProto), page: { nextCursor } };
    },
    async listOverdueFollowUps(request, context) {
      const rows = await activities.overdue(requirePrincipal(context), request.team);
      return { items: rows.map((r) => ({ ...r, subjectType: subjectTypeToProto(r.subjectType) })) };
    },
    async getCustomerTimeline(request, context) {
      const { entries, nextCursor } = await timeline.forCustomer(requirePrincipal(context), request.customerId, {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { entries: entries.map(timelineEntryToProto), page: { nextCursor } };
    },
  });
}

function conversionRulesToProto(rules: ConversionRulesView): crmV1.ConversionRules {
  return { mappings: rules.mappings, version: String(rules.version), updatedAt: rules.updatedAt };
}

/** A create that found look-alikes answers with them instead of failing (see DuplicateMatch). */
async function duplicatesOr<T>(create: Promise<T>): Promise<T | { duplicates: crmV1.DuplicateMatch[] }> {
  try {
    return await create;
  } catch (error) {
    if (!(error instanceof DuplicateError)) throw error;
    return { duplicates: error.matches };
  }
}
