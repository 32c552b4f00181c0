import type { FieldError } from '@salesflow/platform';
import { z } from 'zod';
import type { CustomFieldType, Lead } from '../../generated/prisma/client';

/** One rule: the lead field's value, or the default when it is empty, goes to the target. */
export interface ConversionMapping {
  source: LeadSourceField | '';
  target: string;
  defaultValue: string;
}

export const LEAD_SOURCE_FIELDS = ['name', 'company', 'phone', 'email', 'region', 'notes', 'source'] as const;
export type LeadSourceField = (typeof LEAD_SOURCE_FIELDS)[number];

const CUSTOMER_TARGETS = ['name', 'industry', 'region', 'address', 'tier', 'tags', 'groups'] as const;
const CONTACT_TARGETS = ['name', 'title', 'phones', 'email', 'wechat'] as const;
const CUSTOM_FIELD_TARGET = /^customer\.custom_fields\.([a-z][a-z0-9_]{0,39})$/;

/** What a tenant gets until it saves its own rules. */
export const DEFAULT_CONVERSION_MAPPINGS: readonly ConversionMapping[] = [
  { source: 'company', target: 'customer.name', defaultValue: '' },
  { source: 'region', target: 'customer.region', defaultValue: '' },
  { source: 'name', target: 'contact.name', defaultValue: '' },
  { source: 'phone', target: 'contact.phones', defaultValue: '' },
  { source: 'email', target: 'contact.email', defaultValue: '' },
];

export const conversionMappingsSchema = z
  .array(
    z
      .object({
        source: z.enum([...LEAD_SOURCE_FIELDS, ''], `must be one of ${LEAD_SOURCE_FIELDS.join(', ')} or empty`),
        target: z
          .string()
          .trim()
          .refine(
            (t) =>
              CUSTOM_FIELD_TARGET.test(t) ||
              CUSTOMER_TARGETS.some((f) => t === `customer.${f}`) ||
              CONTACT_TARGETS.some((f) => t === `contact.${f}`),
            'is not a customer or contact field',
          ),
        defaultValue: z.string().max(500, 'is longer than 500 characters'),
      })
      .refine((m) => m.source !== '' || m.defaultValue.trim() !== '', {
        path: ['defaultValue'],
        message: 'a rule without a source needs a default',
      }),
  )
  .max(50, 'has more than 50 rules');

/** The custom field keys the rules write to, to check they exist. */
export function customFieldTargets(mappings: readonly ConversionMapping[]): { index: number; key: string }[] {
  return mappings.flatMap((m, index) => {
    const key = CUSTOM_FIELD_TARGET.exec(m.target)?.[1];
    return key ? [{ index, key }] : [];
  });
}

export interface ConvertedCustomerInput {
  name: string;
  industry?: string;
  region?: string;
  address?: string;
  tier?: string;
  tags?: string[];
  groups?: string[];
  customFields: Record<string, unknown>;
}

export interface ConvertedContactInput {
  name: string;
  title?: string;
  phones?: string[];
  email?: string;
  wechat?: string;
}

const list = (value: string) =>
  value
    .split(/[,，]/)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Applies the rules to a lead. Later rules for the same target win. A customer name falls back
 * to the company, then the lead's name; a contact name to the lead's name. Custom field values
 * are typed by their definition (a number for NUMBER, a list for MULTI_SELECT); the customer
 * service validates them like any other write.
 */
export function applyConversionMappings(
  mappings: readonly ConversionMapping[],
  lead: Pick<Lead, LeadSourceField>,
  customFieldTypes: ReadonlyMap<string, CustomFieldType>,
): { customer: ConvertedCustomerInput; contact: ConvertedContactInput } {
  const customer: ConvertedCustomerInput = { name: '', customFields: {} };
  const contact: ConvertedContactInput = { name: '' };
  for (const mapping of mappings) {
    const raw = mapping.source ? String(lead[mapping.source] ?? '') : '';
    const value = (mapping.source === 'source' ? raw.toLowerCase() : raw).trim() || mapping.defaultValue.trim();
    if (!value) continue;
    const customKey = CUSTOM_FIELD_TARGET.exec(mapping.target)?.[1];
    if (customKey) {
      const type = customFieldTypes.get(customKey);
      customer.customFields[customKey] =
        type === 'NUMBER' && Number.isFinite(Number(value))
          ? Number(value)
          : type === 'MULTI_SELECT'
            ? list(value)
            : value;
      continue;
    }
    const [entity, field] = mapping.target.split('.') as ['customer' | 'contact', string];
    if (entity === 'customer') {
      if (field === 'tags' || field === 'groups') customer[field] = list(value);
      else (customer as unknown as Record<string, string>)[field] = value;
    } else if (field === 'phones') {
      contact.phones = [value];
    } else {
      (contact as unknown as Record<string, string>)[field] = value;
    }
  }
  customer.name ||= lead.company.trim() || lead.name;
  contact.name ||= lead.name;
  return { customer, contact };
}

/** Field errors for rules that name custom fields the tenant does not have. */
export function unknownCustomFieldTargets(
  mappings: readonly ConversionMapping[],
  known: ReadonlySet<string>,
): FieldError[] {
  return customFieldTargets(mappings)
    .filter(({ key }) => !known.has(key))
    .map(({ index }) => ({
      field: `mappings.${index}.target`,
      message: 'names a custom field this tenant does not have',
    }));
}
