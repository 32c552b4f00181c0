import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  decodeCursor,
  encodeCursor,
  type OutboxOptions,
  ownerFilterOf,
  pageSize,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { Customer, CustomerLifecycle, Prisma } from '../../generated/prisma/client';
import { contactToProto } from '../contact/contact.mapper';
import type { CustomFieldService } from '../custom-field/custom-field.service';
import { filterValueOf, mergeCustomFieldValues } from '../custom-field/custom-field-values';
import { DuplicateError, findDuplicates, lockDuplicateKeys } from '../duplicate/duplicate';
import { normalizeCompanyName } from '../duplicate/duplicate-keys';
import { checkVersion, cleanList, parseOrThrow } from '../shared/validation';
import { moveTicketsAndSurveys } from '../ticket/ticket-handover';
import { CustomerError } from './customer.errors';
import { customerToProto, customFieldValuesOf } from './customer.mapper';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface NewCustomerInput {
  name: string;
  industry?: string;
  region?: string;
  address?: string;
  location?: GeoPoint;
  tier?: string;
  lifecycle?: CustomerLifecycle;
  tags?: string[];
  groups?: string[];
  ownerId?: string;
  customFields?: Record<string, unknown>;
  /** Create even when a customer with the same (normalized) name exists. */
  force?: boolean;
}

export interface CustomerUpdateInput {
  expectedVersion?: string;
  name?: string;
  industry?: string;
  region?: string;
  address?: string;
  /** null removes the coordinates. */
  location?: GeoPoint | null;
  tier?: string;
  lifecycle?: CustomerLifecycle;
  tags?: string[];
  groups?: string[];
  ownerId?: string;
  customFields?: Record<string, unknown>;
}

export interface CustomerListQuery {
  limit?: number;
  cursor?: string;
  lifecycle?: CustomerLifecycle;
  industry?: string;
  region?: string;
  tier?: string;
  tag?: string;
  group?: string;
  ownerId?: string;
  query?: string;
  customFieldFilters?: Record<string, string>;
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const labels = z
  .array(text(50))
  .transform(cleanList)
  .refine((l) => l.length <= 30, 'has more than 30 entries');
const location = z.object({
  latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
  longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
});
const lifecycle = z.enum(['PROSPECT', 'ACTIVE', 'DORMANT', 'CHURNED']);

const customerFields = {
  name: text(200).min(1, 'is required'),
  industry: text(100),
  region: text(100),
  address: text(500),
  tier: text(20),
  lifecycle,
  tags: labels,
  groups: labels,
  ownerId: z.uuid('is not an id'),
  customFields: z.record(z.string(), z.unknown()),
};

export const newCustomerSchema = z.object({
  ...customerFields,
  industry: customerFields.industry.default(''),
  region: customerFields.region.default(''),
  address: customerFields.address.default(''),
  location: location.optional(),
  tier: customerFields.tier.default(''),
  // 流失分析 needs a reason: a customer becomes CHURNED only through POST /customers/{id}/churn.
  lifecycle: lifecycle
    .refine((l) => l !== 'CHURNED', 'cannot be churned at creation: mark the customer churned, with a reason')
    .default('PROSPECT'),
  tags: labels.default([]),
  groups: labels.default([]),
  ownerId: customerFields.ownerId.optional(),
  customFields: customerFields.customFields.default({}),
  force: z.boolean().default(false),
});

const customerUpdateSchema = z.object({
  expectedVersion: z.string().optional(),
  name: customerFields.name.optional(),
  industry: customerFields.industry.optional(),
  region: customerFields.region.optional(),
  address: customerFields.address.optional(),
  location: location.nullable().optional(),
  tier: customerFields.tier.optional(),
  lifecycle: lifecycle.optional(),
  tags: labels.optional(),
  groups: labels.optional(),
  ownerId: customerFields.ownerId.optional(),
  customFields: customerFields.customFields.optional(),
});

/** Customers (客户): the card, owner, lifecycle, labels and custom fields, under data scope. */
export class CustomerService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly customFields: CustomFieldService,
    private readonly outbox: OutboxOptions,
  ) {}

  async create(principal: commonV1.Principal, input: NewCustomerInput): Promise<Customer> {
    requirePermission(principal, 'crm.customer.write');
    const data = await this.validateNew(principal, input);
    const owners = data.force ? undefined : await this.visibleOwners(principal);
    return this.db.$transaction(async (tx) => {
      if (!data.force) {
        const keys = { phone: '', email: '', companyKey: normalizeCompanyName(data.name) };
        await lockDuplicateKeys(tx, principal.tenantId, keys);
        const matches = await findDuplicates(tx, principal.tenantId, keys, owners, { leads: false, customers: true });
        if (matches.length > 0) throw new DuplicateError(matches);
      }
      return this.insert(tx, principal, data);
    });
  }

  /** Creates the customer inside the caller's transaction (lead conversion). */
  async createIn(tx: CrmTransaction, principal: commonV1.Principal, input: NewCustomerInput): Promise<Customer> {
    requirePermission(principal, 'crm.customer.write');
    return this.insert(tx, principal, await this.validateNew(principal, input, tx));
  }

  private async validateNew(
    principal: commonV1.Principal,
    input: NewCustomerInput,
    tx: CrmTransaction | CrmDatabase = this.db,
  ) {
    const data = parseOrThrow(newCustomerSchema, input, 'customer');
    const ownerId = data.ownerId ?? principal.employeeId;
    if (!z.uuid().safeParse(ownerId).success) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is required when the caller is not an employee' }]);
    }
    const definitions = await tx.customField.findMany({ where: { tenantId: principal.tenantId } });
    const merged = mergeCustomFieldValues(definitions, {}, data.customFields);
    if (merged.errors.length > 0) throw ServiceError.invalid(merged.errors, 'customer is invalid');
    return { ...data, ownerId, customFields: merged.values };
  }

  private async insert(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    data: Awaited<ReturnType<CustomerService['validateNew']>>,
  ): Promise<Customer> {
    const customer = await tx.customer.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        name: data.name,
        industry: data.industry,
        region: data.region,
        address: data.address,
        latitude: data.location?.latitude ?? null,
        longitude: data.location?.longitude ?? null,
        tier: data.tier,
        lifecycle: data.lifecycle,
        tags: data.tags,
        groups: data.groups,
        ownerId: data.ownerId,
        customFields: data.customFields,
        nameKey: normalizeCompanyName(data.name),
      },
    });
    await this.emit(tx, 'crm.customer.created', customer, principal);
    return customer;
  }

  async get(principal: commonV1.Principal, id: string): Promise<Customer> {
    requirePermission(principal, 'crm.customer.read');
    return this.findVisible(principal, id);
  }

  /**
   * The customer if the caller may see it, else NOT_FOUND (another tenant's or one outside
   * the data scope is never revealed). Used by contacts, which inherit the customer's scope.
   */
  async findVisible(principal: commonV1.Principal, id: string, tx: CrmTransaction | CrmDatabase = this.db) {
    if (!z.uuid().safeParse(id).success) throw CustomerError.notFound(id);
    const owners = await this.visibleOwners(principal);
    const customer = await tx.customer.findFirst({
      where: { id, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
    });
    if (!customer) throw CustomerError.notFound(id);
    return customer;
  }

  async list(
    principal: commonV1.Principal,
    query: CustomerListQuery,
  ): Promise<{ customers: Customer[]; nextCursor: string }> {
    requirePermission(principal, 'crm.customer.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    const and: Prisma.CustomerWhereInput[] = await this.customFieldFilters(
      principal.tenantId,
      query.customFieldFilters,
    );
    if (query.ownerId) and.push({ ownerId: query.ownerId });
    if (owners) and.push({ ownerId: { in: owners } });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const where: Prisma.CustomerWhereInput = {
      tenantId: principal.tenantId,
      ...(query.lifecycle ? { lifecycle: query.lifecycle } : {}),
      ...(query.industry ? { industry: query.industry } : {}),
      ...(query.region ? { region: query.region } : {}),
      ...(query.tier ? { tier: query.tier } : {}),
      ...(query.tag ? { tags: { has: query.tag } } : {}),
      ...(query.group ? { groups: { has: query.group } } : {}),
      ...(query.query ? { name: { contains: query.query, mode: 'insensitive' as const } } : {}),
      AND: and,
    };
    const rows = await this.db.customer.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const customers = rows.slice(0, limit);
    const last = customers.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { customers, nextCursor };
  }

  async update(principal: commonV1.Principal, id: string, input: CustomerUpdateInput): Promise<Customer> {
    requirePermission(principal, 'crm.customer.write');
    const data = parseOrThrow(customerUpdateSchema, input, 'customer');
    const definitions = data.customFields ? await this.customFields.definitions(principal.tenantId) : [];
    return this.db.$transaction(async (tx) => {
      const current = await this.findVisible(principal, id, tx);
      checkVersion(data.expectedVersion, current.version, 'customer');
      // 流失分析 needs a reason: CHURNED only through POST /customers/{id}/churn.
      if (data.lifecycle === 'CHURNED' && current.lifecycle !== 'CHURNED') {
        throw new ServiceError('FAILED_PRECONDITION', 'a customer is marked churned through churn, with a reason', {
          reason: 'CHURN_NEEDS_REASON',
        });
      }
      const lifecycleMoves = data.lifecycle !== undefined && data.lifecycle !== current.lifecycle;
      let customFields: Record<string, unknown> | undefined;
      if (data.customFields) {
        const merged = mergeCustomFieldValues(definitions, customFieldValuesOf(current), data.customFields);
        if (merged.errors.length > 0) throw ServiceError.invalid(merged.errors, 'customer is invalid');
        customFields = merged.values;
      }
      // The version in the WHERE makes a concurrent writer lose instead of overwrite.
      const { count } = await tx.customer.updateMany({
        where: { id: current.id, version: current.version },
        data: {
          ...(data.name !== undefined ? { name: data.name, nameKey: normalizeCompanyName(data.name) } : {}),
          ...(data.industry !== undefined ? { industry: data.industry } : {}),
          ...(data.region !== undefined ? { region: data.region } : {}),
          ...(data.address !== undefined ? { address: data.address } : {}),
          ...(data.location !== undefined
            ? { latitude: data.location?.latitude ?? null, longitude: data.location?.longitude ?? null }
            : {}),
          ...(data.tier !== undefined ? { tier: data.tier } : {}),
          ...(data.lifecycle !== undefined ? { lifecycle: data.lifecycle } : {}),
          ...(lifecycleMoves ? { lifecycleChangedAt: new Date(), churnReason: '' } : {}),
          ...(data.tags !== undefined ? { tags: data.tags } : {}),
          ...(data.groups !== undefined ? { groups: data.groups } : {}),
          ...(data.ownerId !== undefined ? { ownerId: data.ownerId } : {}),
          ...(customFields ? { customFields: customFields as Prisma.InputJsonObject } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      if (count === 0) {
        throw new ServiceError('CONFLICT', 'customer was changed by someone else', { reason: 'VERSION_MISMATCH' });
      }
      const customer = await tx.customer.findUniqueOrThrow({ where: { id: current.id } });
      // A PATCH that moves the lifecycle also tells lifecycle listeners (same version, sent first).
      if (lifecycleMoves) await this.emit(tx, 'crm.customer.lifecycle_changed', customer, principal);
      await this.emit(tx, 'crm.customer.updated', customer, principal);
      return customer;
    });
  }

  /**
   * Folds `sourceId` into `id` in one transaction: contacts (the target keeps its primary),
   * follow-ups, timeline entries and converted leads move over; tags and groups are united;
   * empty card fields and missing custom values are taken from the source; the source is
   * deleted. Emits crm.contact.updated per moved contact and crm.customer.merged.
   */
  async merge(
    principal: commonV1.Principal,
    id: string,
    sourceId: string,
    expectedVersion?: string,
  ): Promise<Customer> {
    requirePermission(principal, 'crm.customer.write');
    if (id === sourceId) throw ServiceError.invalid([{ field: 'sourceId', message: 'is the customer itself' }]);
    return this.db.$transaction(async (tx) => {
      // Both rows locked, in id order so that two opposite merges cannot deadlock.
      for (const lockId of [id, sourceId].filter((v) => z.uuid().safeParse(v).success).sort()) {
        await tx.$queryRaw`SELECT id FROM customers WHERE id = ${lockId}::uuid FOR UPDATE`;
      }
      const target = await this.findVisible(principal, id, tx);
      const source = await this.findVisible(principal, sourceId, tx);
      checkVersion(expectedVersion, target.version, 'customer');

      const targetHasPrimary = (await tx.contact.count({ where: { customerId: target.id, primary: true } })) > 0;
      const moving = await tx.contact.findMany({ where: { customerId: source.id }, orderBy: { createdAt: 'asc' } });
      for (const contact of moving) {
        const moved = await tx.contact.update({
          where: { id: contact.id },
          data: {
            customerId: target.id,
            primary: contact.primary && !targetHasPrimary,
            version: { increment: 1 },
            updatedAt: new Date(),
          },
        });
        await appendToOutbox(
          tx,
          {
            type: 'crm.contact.updated',
            tenantId: moved.tenantId,
            aggregateId: moved.id,
            aggregateVersion: moved.version,
            actorId: principal.employeeId,
            payload: { contact: contactToProto(moved) },
          },
          this.outbox,
        );
      }
      await tx.activity.updateMany({
        where: { tenantId: target.tenantId, subjectType: 'CUSTOMER', subjectId: source.id },
        data: { subjectId: target.id },
      });
      await tx.timelineEntry.updateMany({ where: { customerId: source.id }, data: { customerId: target.id } });
      await tx.lead.updateMany({ where: { convertedCustomerId: source.id }, data: { convertedCustomerId: target.id } });
      // Sales records follow the customer (crm part 2); their attribution stays as frozen.
      await tx.opportunity.updateMany({ where: { customerId: source.id }, data: { customerId: target.id } });
      await tx.contract.updateMany({ where: { customerId: source.id }, data: { customerId: target.id } });
      await tx.payment.updateMany({ where: { customerId: source.id }, data: { customerId: target.id } });
      await moveTicketsAndSurveys(tx, source.id, target.id);

      const keep = <T>(mine: T, theirs: T, empty: (v: T) => boolean) => (empty(mine) ? theirs : mine);
      const blank = (v: string) => v === '';
      const hasLocation = target.latitude !== null && target.longitude !== null;
      const nextDates = [target.nextFollowUpOn, source.nextFollowUpOn].filter((d): d is Date => d !== null);
      const lastDates = [target.lastFollowUpAt, source.lastFollowUpAt].filter((d): d is Date => d !== null);
      await tx.customer.delete({ where: { id: source.id } });
      const merged = await tx.customer.update({
        where: { id: target.id },
        data: {
          industry: keep(target.industry, source.industry, blank),
          region: keep(target.region, source.region, blank),
          address: keep(target.address, source.address, blank),
          tier: keep(target.tier, source.tier, blank),
          latitude: hasLocation ? target.latitude : source.latitude,
          longitude: hasLocation ? target.longitude : source.longitude,
          tags: [...new Set([...target.tags, ...source.tags])],
          groups: [...new Set([...target.groups, ...source.groups])],
          customFields: { ...customFieldValuesOf(source), ...customFieldValuesOf(target) },
          lastFollowUpAt: lastDates.length ? new Date(Math.max(...lastDates.map((d) => d.getTime()))) : null,
          nextFollowUpOn: nextDates.length ? new Date(Math.min(...nextDates.map((d) => d.getTime()))) : null,
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await appendToOutbox(
        tx,
        {
          type: 'crm.customer.merged',
          tenantId: merged.tenantId,
          aggregateId: merged.id,
          aggregateVersion: merged.version,
          actorId: principal.employeeId,
          payload: { customer: customerToProto(merged), mergedCustomerId: source.id },
        },
        this.outbox,
      );
      return merged;
    });
  }

  private async customFieldFilters(
    tenantId: string,
    filters: Record<string, string> | undefined,
  ): Promise<Prisma.CustomerWhereInput[]> {
    const entries = Object.entries(filters ?? {});
    if (entries.length === 0) return [];
    const definitions = new Map((await this.customFields.definitions(tenantId)).map((d) => [d.key, d]));
    const errors = entries
      .filter(([key]) => !definitions.has(key))
      .map(([key]) => ({ field: `cf.${key}`, message: 'is not a custom field of this tenant' }));
    if (errors.length > 0) throw ServiceError.invalid(errors, 'a filter is invalid');
    return entries.map(([key, text]): Prisma.CustomerWhereInput => {
      const definition = definitions.get(key);
      if (!definition) return {};
      const value = filterValueOf(definition, text);
      // A number filter that is not a number matches nothing rather than failing the list.
      if (value === undefined) return { id: { in: [] } };
      return definition.type === 'MULTI_SELECT'
        ? { customFields: { path: [key], array_contains: [value] } }
        : { customFields: { path: [key], equals: value } };
    });
  }

  private async emit(
    tx: CrmTransaction,
    type: 'crm.customer.created' | 'crm.customer.updated' | 'crm.customer.lifecycle_changed',
    customer: Customer,
    principal: commonV1.Principal,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: customer.tenantId,
        aggregateId: customer.id,
        aggregateVersion: customer.version,
        actorId: principal.employeeId,
        payload: { customer: customerToProto(customer) },
      },
      this.outbox,
    );
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
