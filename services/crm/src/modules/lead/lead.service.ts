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
import type { Lead, LeadOperation, LeadSource, LeadStatus, Prisma } from '../../generated/prisma/client';
import { DuplicateError, findDuplicates, lockDuplicateKeys } from '../duplicate/duplicate';
import { normalizeCompanyName } from '../duplicate/duplicate-keys';
import { regionAssigneesOf } from '../lead-pool/lead-pool.mapper';
import { LeadPoolService } from '../lead-pool/lead-pool.service';
import { pickAssignee } from '../lead-pool/pool-assignment';
import { checkVersion, normalizePhone, parseIsoDate, parseOrThrow } from '../shared/validation';
import { LeadError } from './lead.errors';
import { leadToProto } from './lead.mapper';
import { type LeadAction, logLeadOperation } from './lead-operations';

export { normalizePhone } from '../shared/validation';

export interface NewLeadInput {
  name: string;
  company?: string;
  phone?: string;
  email?: string;
  source?: LeadSource;
  ownerId?: string;
  notes?: string;
  poolId?: string;
  region?: string;
  /** Create even when it looks like a duplicate. */
  force?: boolean;
}

export interface LeadUpdateInput {
  expectedVersion?: string;
  name?: string;
  company?: string;
  phone?: string;
  email?: string;
  source?: LeadSource;
  status?: LeadStatus;
  notes?: string;
  region?: string;
  /** "" clears it. */
  nextFollowUpOn?: string;
}

export interface LeadListQuery {
  limit?: number;
  cursor?: string;
  source?: LeadSource;
  status?: LeadStatus;
  poolId?: string;
  ownerId?: string;
  claimable?: boolean;
  query?: string;
}

/** Statuses after which a lead no longer counts as open work. */
export const CLOSED_LEAD_STATUSES: readonly LeadStatus[] = ['CONVERTED', 'UNQUALIFIED'];
const HISTORY_LIMIT = 200;

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const leadFields = {
  name: text(200).min(1, 'is required'),
  company: text(200),
  phone: z
    .string()
    .trim()
    .transform(normalizePhone)
    .refine((p) => p === '' || /^\+?\d{5,20}$/.test(p), 'is not a phone number'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((e) => e === '' || z.email().safeParse(e).success, 'is not an email address'),
  source: z.enum(['EXHIBITION', 'WEB', 'REFERRAL', 'CAMPAIGN', 'COLD_CALL', 'OTHER']),
  notes: z.string().max(5000, 'is longer than 5000 characters'),
  region: text(100),
};

export const newLeadSchema = z.object({
  name: leadFields.name,
  company: leadFields.company.default(''),
  phone: leadFields.phone.default(''),
  email: leadFields.email.default(''),
  source: leadFields.source.default('OTHER'),
  ownerId: z.uuid('is not an id').optional(),
  notes: leadFields.notes.default(''),
  poolId: z.uuid('is not an id').optional(),
  region: leadFields.region.default(''),
  force: z.boolean().default(false),
});

const leadUpdateSchema = z.object({
  expectedVersion: z.string().optional(),
  name: leadFields.name.optional(),
  company: leadFields.company.optional(),
  phone: leadFields.phone.optional(),
  email: leadFields.email.optional(),
  source: leadFields.source.optional(),
  // CONVERTED and RECYCLED are set by conversion and recycling, never by hand.
  status: z
    .enum(['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED'], 'can be new, contacted, qualified or unqualified')
    .optional(),
  notes: leadFields.notes.optional(),
  region: leadFields.region.optional(),
  nextFollowUpOn: z
    .string()
    .trim()
    .refine((d) => d === '' || parseIsoDate(d) !== undefined, 'is not a date (YYYY-MM-DD)')
    .optional(),
});

type LeadEvent =
  | 'crm.lead.created'
  | 'crm.lead.converted'
  | 'crm.lead.updated'
  | 'crm.lead.claimed'
  | 'crm.lead.assigned'
  | 'crm.lead.released'
  | 'crm.lead.recycled';

/**
 * Leads (线索): who may see them (the owner's data scope, plus unowned leads waiting in a
 * pool), pooling, claiming, assigning, releasing, and the operation log of every change.
 */
export class LeadService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
    // Defaulted so that callers that only create leads (e.g. analytics' pipeline test) need not wire it.
    private readonly pools: LeadPoolService = new LeadPoolService(db),
  ) {}

  async create(principal: commonV1.Principal, input: NewLeadInput): Promise<Lead> {
    requirePermission(principal, 'crm.lead.write');
    const data = parseOrThrow(newLeadSchema, input, 'lead');
    const explicitOwner = data.ownerId ?? (data.poolId ? undefined : principal.employeeId);
    // A principal that is not an employee (a service account) must name the owner or a pool.
    if (explicitOwner !== undefined && !z.uuid().safeParse(explicitOwner).success) {
      throw new ServiceError('INVALID_ARGUMENT', 'a lead needs an owner', {
        reason: 'OWNER_REQUIRED',
        fieldErrors: [{ field: 'ownerId', message: 'is required when the caller is not an employee' }],
      });
    }
    const keys = { phone: data.phone, email: data.email, companyKey: normalizeCompanyName(data.company) };
    const owners = data.force ? undefined : await this.visibleOwners(principal);
    return this.db.$transaction(async (tx) => {
      if (!data.force) {
        await lockDuplicateKeys(tx, principal.tenantId, keys);
        const matches = await findDuplicates(tx, principal.tenantId, keys, owners, { leads: true, customers: true });
        if (matches.length > 0) throw new DuplicateError(matches);
      }
      let ownerId = explicitOwner ?? null;
      if (data.poolId) {
        const pool = await this.pools.find(tx, principal.tenantId, data.poolId, true);
        if (!ownerId) {
          const pick = pickAssignee({ ...pool, regionAssignees: regionAssigneesOf(pool) }, data.region);
          if (pick) {
            ownerId = pick.ownerId;
            await tx.leadPool.update({ where: { id: pool.id }, data: { roundRobinNext: pick.roundRobinNext } });
          }
        }
      }
      const lead = await tx.lead.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          name: data.name,
          company: data.company,
          phone: data.phone,
          email: data.email,
          source: data.source,
          ownerId,
          ownerSince: ownerId ? new Date() : null,
          notes: data.notes,
          poolId: data.poolId ?? null,
          region: data.region,
          companyKey: keys.companyKey,
        },
      });
      await this.record(tx, 'created', 'crm.lead.created', principal, undefined, lead);
      return lead;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Lead> {
    requirePermission(principal, 'crm.lead.read');
    return this.findVisible(this.db, principal, id);
  }

  async list(principal: commonV1.Principal, query: LeadListQuery): Promise<{ leads: Lead[]; nextCursor: string }> {
    requirePermission(principal, 'crm.lead.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    const and: Prisma.LeadWhereInput[] = [];
    if (owners) and.push({ OR: [{ ownerId: { in: owners } }, { ownerId: null }] });
    if (query.claimable) and.push({ ownerId: null, poolId: { not: null } });
    if (query.query) {
      const contains = { contains: query.query, mode: 'insensitive' as const };
      and.push({ OR: [{ name: contains }, { company: contains }, { phone: contains }, { email: contains }] });
    }
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const where: Prisma.LeadWhereInput = {
      tenantId: principal.tenantId,
      ...(query.source ? { source: query.source } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.poolId ? { poolId: query.poolId } : {}),
      ...(query.ownerId ? { ownerId: query.ownerId } : {}),
      AND: and,
    };
    const rows = await this.db.lead.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const leads = rows.slice(0, limit);
    const last = leads.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { leads, nextCursor };
  }

  async update(principal: commonV1.Principal, id: string, input: LeadUpdateInput): Promise<Lead> {
    requirePermission(principal, 'crm.lead.write');
    const data = parseOrThrow(leadUpdateSchema, input, 'lead');
    return this.db.$transaction(async (tx) => {
      const current = await this.findVisible(tx, principal, id, true);
      checkVersion(data.expectedVersion, current.version, 'lead');
      if (current.status === 'CONVERTED') throw LeadError.closed(current.status);
      if (!current.ownerId) throw LeadError.inPool();
      const { expectedVersion: _version, nextFollowUpOn, ...fields } = data;
      const lead = await tx.lead.update({
        where: { id: current.id },
        data: {
          ...fields,
          ...(fields.company !== undefined ? { companyKey: normalizeCompanyName(fields.company) } : {}),
          ...(nextFollowUpOn !== undefined
            ? { nextFollowUpOn: nextFollowUpOn ? parseIsoDate(nextFollowUpOn) : null }
            : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await this.record(tx, 'updated', 'crm.lead.updated', principal, current, lead);
      return lead;
    });
  }

  /** A rep takes an unowned lead waiting in a pool, within the pool's claim limit. */
  async claim(principal: commonV1.Principal, id: string): Promise<Lead> {
    requirePermission(principal, 'crm.lead.write');
    if (!z.uuid().safeParse(principal.employeeId).success) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'only an employee can claim a lead' }]);
    }
    return this.db.$transaction(async (tx) => {
      const current = await this.findVisible(tx, principal, id, true);
      if (!current.poolId) throw LeadError.notPooled();
      if (current.ownerId) throw LeadError.alreadyOwned();
      if (CLOSED_LEAD_STATUSES.includes(current.status)) throw LeadError.closed(current.status);
      // Locking the pool makes one rep's concurrent claims queue up behind the limit check.
      const pool = await this.pools.find(tx, principal.tenantId, current.poolId, true);
      if (pool.claimLimit > 0) {
        const held = await tx.lead.count({
          where: {
            tenantId: principal.tenantId,
            poolId: pool.id,
            ownerId: principal.employeeId,
            status: { notIn: [...CLOSED_LEAD_STATUSES] },
          },
        });
        if (held >= pool.claimLimit) throw LeadError.claimLimitReached(pool.claimLimit);
      }
      const lead = await this.takeOwnership(tx, current, principal.employeeId);
      await this.record(tx, 'claimed', 'crm.lead.claimed', principal, current, lead);
      return lead;
    });
  }

  /** A manager gives the lead to someone in their scope, or by the pool's rule. */
  async assign(principal: commonV1.Principal, id: string, ownerId?: string): Promise<Lead> {
    requirePermission(principal, 'crm.pool.write');
    if (ownerId !== undefined && !z.uuid().safeParse(ownerId).success) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is not an id' }]);
    }
    const owners = await this.visibleOwners(principal);
    if (ownerId && owners && !owners.includes(ownerId)) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is not someone in your data scope' }]);
    }
    return this.db.$transaction(async (tx) => {
      const current = await this.findVisible(tx, principal, id, true);
      if (CLOSED_LEAD_STATUSES.includes(current.status)) throw LeadError.closed(current.status);
      let target = ownerId;
      if (!target) {
        if (!current.poolId) throw LeadError.notPooled();
        const pool = await this.pools.find(tx, principal.tenantId, current.poolId, true);
        const pick = pickAssignee({ ...pool, regionAssignees: regionAssigneesOf(pool) }, current.region);
        if (!pick) throw LeadError.noAssignee();
        target = pick.ownerId;
        await tx.leadPool.update({ where: { id: pool.id }, data: { roundRobinNext: pick.roundRobinNext } });
      }
      const lead = await this.takeOwnership(tx, current, target);
      await this.record(tx, 'assigned', 'crm.lead.assigned', principal, current, lead);
      return lead;
    });
  }

  /** The owner (or a manager over them) gives a pooled lead back to its pool. */
  async release(principal: commonV1.Principal, id: string, reason = ''): Promise<Lead> {
    requirePermission(principal, 'crm.lead.write');
    const why = parseOrThrow(text(500), reason, 'release');
    return this.db.$transaction(async (tx) => {
      const current = await this.findVisible(tx, principal, id, true);
      if (!current.poolId) throw LeadError.notPooled();
      if (!current.ownerId) throw LeadError.inPool();
      if (current.status === 'CONVERTED') throw LeadError.closed(current.status);
      const lead = await tx.lead.update({
        where: { id: current.id },
        data: { ownerId: null, ownerSince: null, version: { increment: 1 }, updatedAt: new Date() },
      });
      await this.record(tx, 'released', 'crm.lead.released', principal, current, lead, why ? { reason: why } : {});
      return lead;
    });
  }

  /** The operation log, newest first (at most 200 entries). */
  async history(principal: commonV1.Principal, id: string): Promise<LeadOperation[]> {
    requirePermission(principal, 'crm.lead.read');
    const lead = await this.findVisible(this.db, principal, id);
    return this.db.leadOperation.findMany({
      where: { leadId: lead.id },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: HISTORY_LIMIT,
    });
  }

  private async takeOwnership(tx: CrmTransaction, current: Lead, ownerId: string): Promise<Lead> {
    return tx.lead.update({
      where: { id: current.id },
      data: {
        ownerId,
        ownerSince: new Date(),
        // A recycled lead starts over with its new owner.
        ...(current.status === 'RECYCLED' ? { status: current.lastFollowUpAt ? 'CONTACTED' : 'NEW' } : {}),
        version: { increment: 1 },
        updatedAt: new Date(),
      },
    });
  }

  /** Operation log entry + event, in the caller's transaction. */
  async record(
    tx: CrmTransaction,
    action: LeadAction,
    type: LeadEvent,
    principal: commonV1.Principal,
    before: Lead | undefined,
    after: Lead,
    extra: Prisma.InputJsonObject = {},
  ): Promise<void> {
    await logLeadOperation(tx, action, principal.employeeId, before, after, extra);
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: after.tenantId,
        aggregateId: after.id,
        aggregateVersion: after.version,
        actorId: principal.employeeId,
        payload: { lead: leadToProto(after) },
      },
      this.outbox,
    );
  }

  /**
   * The lead if the caller may see it (owned within their scope, or unowned), else NOT_FOUND:
   * another tenant's or an out-of-scope lead is never revealed. `forUpdate` locks the row.
   */
  async findVisible(
    tx: CrmTransaction | CrmDatabase,
    principal: commonV1.Principal,
    id: string,
    forUpdate = false,
  ): Promise<Lead> {
    if (!z.uuid().safeParse(id).success) throw LeadError.notFound(id);
    if (forUpdate) await tx.$queryRaw`SELECT id FROM leads WHERE id = ${id}::uuid FOR UPDATE`;
    const owners = await this.visibleOwners(principal);
    const lead = await tx.lead.findFirst({
      where: {
        id,
        tenantId: principal.tenantId,
        ...(owners ? { OR: [{ ownerId: { in: owners } }, { ownerId: null }] } : {}),
      },
    });
    if (!lead) throw LeadError.notFound(id);
    return lead;
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
