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
import type { CrmDatabase } from '../../database';
import type { Lead, LeadSource, LeadStatus, Prisma } from '../../generated/prisma/client';
import { LeadError } from './lead.errors';
import { leadToProto } from './lead.mapper';

export interface NewLeadInput {
  name: string;
  company?: string;
  phone?: string;
  email?: string;
  source?: LeadSource;
  ownerId?: string;
  notes?: string;
}

export interface LeadListQuery {
  limit?: number;
  cursor?: string;
  source?: LeadSource;
  status?: LeadStatus;
}

const newLeadSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
  company: z.string().trim().max(200, 'is longer than 200 characters').default(''),
  phone: z
    .string()
    .trim()
    .default('')
    .transform(normalizePhone)
    .refine((p) => p === '' || /^\+?\d{5,20}$/.test(p), 'is not a phone number'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .default('')
    .refine((e) => e === '' || z.email().safeParse(e).success, 'is not an email address'),
  source: z.enum(['EXHIBITION', 'WEB', 'REFERRAL', 'CAMPAIGN', 'COLD_CALL', 'OTHER']).default('OTHER'),
  ownerId: z.uuid('is not an id').optional(),
  notes: z.string().max(5000, 'is longer than 5000 characters').default(''),
});

/** Keeps a leading + and the digits: "+86 138-0013-8000" -> "+8613800138000". */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[^\d]/g, '');
  return raw.startsWith('+') && digits ? `+${digits}` : digits;
}

export class LeadService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
  ) {}

  async create(principal: commonV1.Principal, input: NewLeadInput): Promise<Lead> {
    requirePermission(principal, 'crm.lead.write');
    const parsed = newLeadSchema.safeParse(input);
    if (!parsed.success) {
      throw ServiceError.invalid(
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        'lead is invalid',
      );
    }
    const data = parsed.data;
    const ownerId = data.ownerId ?? principal.employeeId;
    // A principal that is not an employee (a service account) must name the owner.
    if (!z.uuid().safeParse(ownerId).success) {
      throw new ServiceError('INVALID_ARGUMENT', 'a lead needs an owner', {
        reason: 'OWNER_REQUIRED',
        fieldErrors: [{ field: 'ownerId', message: 'is required when the caller is not an employee' }],
      });
    }
    return this.db.$transaction(async (tx) => {
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
          notes: data.notes,
        },
      });
      await appendToOutbox(
        tx,
        {
          type: 'crm.lead.created',
          tenantId: lead.tenantId,
          aggregateId: lead.id,
          aggregateVersion: lead.version,
          actorId: principal.employeeId,
          payload: { lead: leadToProto(lead) },
        },
        this.outbox,
      );
      return lead;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Lead> {
    requirePermission(principal, 'crm.lead.read');
    if (!z.uuid().safeParse(id).success) throw LeadError.notFound(id);
    const owners = await this.visibleOwners(principal);
    // Another tenant's lead, or one outside the caller's scope, is "not found": never reveal it exists.
    const lead = await this.db.lead.findFirst({
      where: {
        id,
        tenantId: principal.tenantId,
        ...(owners ? { OR: [{ ownerId: { in: owners } }, { ownerId: null }] } : {}),
      },
    });
    if (!lead) throw LeadError.notFound(id);
    return lead;
  }

  async list(principal: commonV1.Principal, query: LeadListQuery): Promise<{ leads: Lead[]; nextCursor: string }> {
    requirePermission(principal, 'crm.lead.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    const where: Prisma.LeadWhereInput = {
      tenantId: principal.tenantId,
      ...(query.source ? { source: query.source } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(owners ? { OR: [{ ownerId: { in: owners } }, { ownerId: null }] } : {}),
      ...(after
        ? {
            AND: [
              {
                OR: [
                  { createdAt: { lt: new Date(after.at) } },
                  { createdAt: new Date(after.at), id: { lt: after.id } },
                ],
              },
            ],
          }
        : {}),
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

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
