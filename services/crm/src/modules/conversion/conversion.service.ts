import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import type { CrmDatabase } from '../../database';
import type { Contact, Customer, Lead, Opportunity } from '../../generated/prisma/client';
import type { ContactService } from '../contact/contact.service';
import type { CustomerService } from '../customer/customer.service';
import { LeadError } from '../lead/lead.errors';
import type { LeadService } from '../lead/lead.service';
import type { OpportunityService } from '../opportunity/opportunity.service';
import type { MoneyInput } from '../shared/money';
import { checkVersion, parseOrThrow } from '../shared/validation';
import {
  applyConversionMappings,
  type ConversionMapping,
  conversionMappingsSchema,
  DEFAULT_CONVERSION_MAPPINGS,
  unknownCustomFieldTargets,
} from './conversion-rules';

export interface ConversionRulesView {
  mappings: ConversionMapping[];
  /** 0 while the tenant uses the built-in rules. */
  version: number;
  updatedAt?: Date;
}

/**
 * 转客户: turns a lead into a customer and its primary contact by the tenant's mapping rules,
 * in one transaction, optionally opening an opportunity (商机) on the new customer in it too.
 */
export class ConversionService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly leads: LeadService,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly opportunities?: OpportunityService,
  ) {}

  async rules(principal: commonV1.Principal): Promise<ConversionRulesView> {
    requirePermission(principal, 'crm.lead.read');
    return this.rulesOf(principal.tenantId);
  }

  async updateRules(
    principal: commonV1.Principal,
    input: { expectedVersion?: string; mappings: ConversionMapping[] },
  ): Promise<ConversionRulesView> {
    requirePermission(principal, 'crm.settings.write');
    const mappings = parseOrThrow(conversionMappingsSchema, input.mappings, 'conversion rules');
    const known = await this.db.customField.findMany({
      where: { tenantId: principal.tenantId },
      select: { key: true },
    });
    const unknown = unknownCustomFieldTargets(mappings, new Set(known.map((f) => f.key)));
    if (unknown.length > 0) throw ServiceError.invalid(unknown, 'conversion rules are invalid');
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT tenant_id FROM conversion_rules WHERE tenant_id = ${principal.tenantId}::uuid FOR UPDATE`;
      const current = await tx.conversionRules.findUnique({ where: { tenantId: principal.tenantId } });
      checkVersion(input.expectedVersion, current?.version ?? 0, 'conversion rules');
      const saved = await tx.conversionRules.upsert({
        where: { tenantId: principal.tenantId },
        create: { tenantId: principal.tenantId, mappings },
        update: { mappings, version: { increment: 1 }, updatedAt: new Date() },
      });
      return { mappings, version: saved.version, updatedAt: saved.updatedAt };
    });
  }

  async convert(
    principal: commonV1.Principal,
    leadId: string,
    openOpportunity?: { name?: string; amount?: MoneyInput },
  ): Promise<{ lead: Lead; customer: Customer; contact: Contact; opportunity?: Opportunity }> {
    requirePermission(principal, 'crm.lead.write');
    const { mappings } = await this.rulesOf(principal.tenantId);
    const definitions = await this.db.customField.findMany({ where: { tenantId: principal.tenantId } });
    const types = new Map(definitions.map((d) => [d.key, d.type]));
    return this.db.$transaction(async (tx) => {
      // Locked: a second conversion racing this one waits, then sees CONVERTED.
      const lead = await this.leads.findVisible(tx, principal, leadId, true);
      if (lead.convertedCustomerId) throw LeadError.alreadyConverted(lead.convertedCustomerId);
      if (!lead.ownerId) throw LeadError.inPool();
      const mapped = applyConversionMappings(mappings, lead, types);
      const customer = await this.customers.createIn(tx, principal, { ...mapped.customer, ownerId: lead.ownerId });
      const contact = await this.contacts.createIn(tx, principal, customer.id, mapped.contact);
      const converted = await tx.lead.update({
        where: { id: lead.id },
        data: {
          status: 'CONVERTED',
          convertedCustomerId: customer.id,
          convertedContactId: contact.id,
          convertedAt: new Date(),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await this.leads.record(tx, 'converted', 'crm.lead.converted', principal, lead, converted, {
        customerId: customer.id,
        contactId: contact.id,
      });
      if (!openOpportunity || !this.opportunities) return { lead: converted, customer, contact };
      const opportunity = await this.opportunities.createIn(tx, principal, {
        name: openOpportunity.name || lead.company || lead.name,
        customerId: customer.id,
        ...(openOpportunity.amount ? { amount: openOpportunity.amount } : {}),
        ownerId: lead.ownerId,
        sourceLeadId: lead.id,
      });
      return { lead: converted, customer, contact, opportunity };
    });
  }

  private async rulesOf(tenantId: string): Promise<ConversionRulesView> {
    const saved = await this.db.conversionRules.findUnique({ where: { tenantId } });
    if (!saved) return { mappings: [...DEFAULT_CONVERSION_MAPPINGS], version: 0 };
    return {
      mappings: saved.mappings as unknown as ConversionMapping[],
      version: saved.version,
      updatedAt: saved.updatedAt,
    };
  }
}
