import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase } from '../../database';
import type { CustomField, CustomFieldType } from '../../generated/prisma/client';
import { checkVersion, cleanList, parseOrThrow } from '../shared/validation';
import { CustomFieldError } from './custom-field.errors';

export interface NewCustomFieldInput {
  key: string;
  label: string;
  type?: CustomFieldType;
  options?: string[];
  required?: boolean;
}

export interface CustomFieldChange {
  id: string;
  expectedVersion?: string;
  label?: string;
  required?: boolean;
  /** The select's choices from now on. */
  options?: string[];
}

const SELECTS: readonly CustomFieldType[] = ['SINGLE_SELECT', 'MULTI_SELECT'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const newCustomFieldSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1-40 lower-case letters, digits or _, starting with a letter'),
    label: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters'),
    type: z.enum(['TEXT', 'NUMBER', 'DATE', 'SINGLE_SELECT', 'MULTI_SELECT'], 'is required'),
    options: z
      .array(z.string().max(100, 'is longer than 100 characters'))
      .default([])
      .transform(cleanList)
      .refine((o) => o.length <= 50, 'has more than 50 options'),
    required: z.boolean().default(false),
  })
  .superRefine((field, ctx) => {
    const isSelect = SELECTS.includes(field.type);
    if (isSelect && field.options.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select needs at least one option' });
    }
    if (!isSelect && field.options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only selects have options' });
    }
  });

const customFieldChangeSchema = z.object({
  label: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters').optional(),
  required: z.boolean().optional(),
  options: z
    .array(z.string().max(100, 'is longer than 100 characters'))
    .transform(cleanList)
    .refine((o) => o.length >= 1 && o.length <= 50, 'must have 1-50 options')
    .optional(),
});

/** The tenant's custom field definitions (自定义字段) of customers. */
export class CustomFieldService {
  constructor(private readonly db: CrmDatabase) {}

  async list(principal: commonV1.Principal): Promise<CustomField[]> {
    requirePermission(principal, 'crm.customer.read');
    return this.definitions(principal.tenantId);
  }

  /** Definitions without a permission check, for the services that validate values. */
  definitions(tenantId: string): Promise<CustomField[]> {
    return this.db.customField.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async create(principal: commonV1.Principal, input: NewCustomFieldInput): Promise<CustomField> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(newCustomFieldSchema, input, 'custom field');
    const existing = await this.db.customField.findUnique({
      where: { tenantId_key: { tenantId: principal.tenantId, key: data.key } },
    });
    if (existing) throw CustomFieldError.keyTaken(data.key);
    try {
      return await this.db.customField.create({
        data: { id: uuidv7(), tenantId: principal.tenantId, ...data },
      });
    } catch (error) {
      // Two admins racing for one key: the unique index decides.
      if ((error as { code?: string }).code === 'P2002') throw CustomFieldError.keyTaken(data.key);
      throw error;
    }
  }

  /**
   * Renames a field, makes it (not) required, or gives a select more choices. Key and type stay,
   * and no choice is taken away: customers' stored values must keep meaning what they meant.
   */
  async update(principal: commonV1.Principal, change: CustomFieldChange): Promise<CustomField> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(customFieldChangeSchema, change, 'custom field');
    if (!UUID.test(change.id)) throw CustomFieldError.notFound(change.id);
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM custom_fields WHERE id = ${change.id}::uuid FOR UPDATE`;
      const current = await tx.customField.findFirst({ where: { id: change.id, tenantId: principal.tenantId } });
      if (!current) throw CustomFieldError.notFound(change.id);
      checkVersion(change.expectedVersion, current.version, 'custom field');
      if (data.options !== undefined) {
        const options = data.options;
        const message = !SELECTS.includes(current.type)
          ? 'only selects have options'
          : current.options.some((o) => !options.includes(o))
            ? `must keep the current options (${current.options.filter((o) => !options.includes(o)).join(', ')} missing)`
            : undefined;
        if (message) throw ServiceError.invalid([{ field: 'options', message }], 'custom field change is invalid');
      }
      return tx.customField.update({
        where: { id: current.id },
        data: { ...data, version: { increment: 1 } },
      });
    });
  }
}
