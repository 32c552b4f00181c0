import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  decodeCursor,
  encodeCursor,
  type OutboxOptions,
  ownerFilterOf,
  pageSize,
  replicatedEmployee,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { Prisma, Ticket, TicketSeverity, TicketStatus, TicketType } from '../../generated/prisma/client';
import { attributionAt } from '../attribution/attribution';
import { CustomerError } from '../customer/customer.errors';
import { responseHoursOf, type ServiceSettingsService } from '../service-settings/service-settings.service';
import { checkVersion, parseOrThrow } from '../shared/validation';
import { appendToTimeline } from '../timeline/timeline';
import { TicketError } from './ticket.errors';
import { attributionOf, ticketToProto } from './ticket.mapper';
import { checkTicketMove, RATEABLE_TICKET_STATUSES, UNRESOLVED_TICKET_STATUSES } from './ticket-flow';
import { dueAtFor } from './ticket-sla';

export type TicketEventType =
  | 'crm.ticket.opened'
  | 'crm.ticket.assigned'
  | 'crm.ticket.updated'
  | 'crm.ticket.status_changed'
  | 'crm.ticket.resolved'
  | 'crm.ticket.reopened'
  | 'crm.ticket.rated';

export interface NewTicketInput {
  type?: TicketType;
  severity?: TicketSeverity;
  customerId: string;
  title: string;
  description?: string;
  assigneeId?: string;
}

export interface TicketUpdateInput {
  expectedVersion?: string;
  title?: string;
  description?: string;
  severity?: TicketSeverity;
}

export interface TicketStatusChange {
  status?: TicketStatus;
  resolution?: string;
  comment?: string;
  expectedVersion?: string;
}

export interface TicketListQuery {
  limit?: number;
  cursor?: string;
  status?: TicketStatus;
  type?: TicketType;
  severity?: TicketSeverity;
  customerId?: string;
  assigneeId?: string;
  overdue?: boolean;
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const id = z.uuid('is not an id');
const newTicketSchema = z.object({
  type: z.enum(['COMPLAINT', 'SERVICE', 'INQUIRY'], 'is required (COMPLAINT, SERVICE or INQUIRY)'),
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], 'is required (LOW, MEDIUM, HIGH or CRITICAL)'),
  customerId: id,
  title: text(200).min(1, 'is required'),
  description: text(5000).default(''),
  assigneeId: id.optional(),
});
const updateSchema = z.object({
  expectedVersion: z.string().optional(),
  title: text(200).min(1, 'is required').optional(),
  description: text(5000).optional(),
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
});
const statusChangeSchema = z.object({
  status: z.enum(['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'], 'is required'),
  resolution: text(5000).default(''),
  comment: text(2000).default(''),
  expectedVersion: z.string().optional(),
});
const ratingSchema = z.object({
  rating: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: text(2000).default(''),
});

/**
 * Service tickets (客户投诉 / 售后服务). A caller sees a ticket assigned to someone in their data
 * scope or opened on a customer owned by someone in it. Every move is checked by the pure state
 * machine (ticket-flow.ts) first, so an illegal one changes nothing; every change writes a
 * history row and its event (with the attribution frozen at opening) in the same transaction.
 */
export class TicketService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly settings: ServiceSettingsService,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(principal: commonV1.Principal, input: NewTicketInput): Promise<Ticket> {
    requirePermission(principal, 'crm.ticket.write');
    const data = parseOrThrow(newTicketSchema, input, 'ticket');
    const assigneeId = data.assigneeId ?? principal.employeeId;
    if (!z.uuid().safeParse(assigneeId).success) {
      throw ServiceError.invalid([{ field: 'assigneeId', message: 'is required when the caller is not an employee' }]);
    }
    const owners = await this.visibleOwners(principal);
    return this.db.$transaction(async (tx) => {
      const customer = await tx.customer.findFirst({
        where: { id: data.customerId, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
      });
      if (!customer) throw CustomerError.notFound(data.customerId);
      await checkAssignee(tx, principal, assigneeId);
      const now = this.now();
      const hours = responseHoursOf(await this.settings.of(principal.tenantId, tx));
      const attribution = await attributionAt(tx, principal.tenantId, customer.ownerId, customer);
      const ticket = await tx.ticket.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          type: data.type,
          severity: data.severity,
          customerId: customer.id,
          title: data.title,
          description: data.description,
          assigneeId,
          status: 'OPEN',
          dueAt: dueAtFor(now, data.severity, hours),
          openedBy: principal.employeeId,
          attribution: attribution as unknown as Prisma.InputJsonObject,
          createdAt: now,
          updatedAt: now,
        },
      });
      await this.record(tx, ticket, 'opened', null, principal.employeeId, '');
      // One line on the customer 360 timeline per ticket (the history holds its later moves).
      await appendToTimeline(tx, {
        tenantId: ticket.tenantId,
        customerId: ticket.customerId,
        kind: 'ticket',
        sourceId: ticket.id,
        occurredAt: ticket.createdAt,
        title: ticket.type.toLowerCase(),
        summary: ticket.title.slice(0, 200),
        ...(z.uuid().safeParse(principal.employeeId).success ? { actorId: principal.employeeId } : {}),
        details: { type: ticket.type, severity: ticket.severity, dueAt: ticket.dueAt.toISOString() },
      });
      await this.emit(tx, 'crm.ticket.opened', ticket, principal.employeeId);
      return ticket;
    });
  }

  async get(principal: commonV1.Principal, ticketId: string): Promise<Ticket> {
    requirePermission(principal, 'crm.ticket.read');
    return this.findVisible(principal, ticketId);
  }

  async list(
    principal: commonV1.Principal,
    query: TicketListQuery,
  ): Promise<{ tickets: Ticket[]; nextCursor: string }> {
    requirePermission(principal, 'crm.ticket.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const and: Prisma.TicketWhereInput[] = [await this.scopeFilter(principal)];
    for (const [field, value] of [
      ['customerId', query.customerId],
      ['assigneeId', query.assigneeId],
    ] as const) {
      if (value && !z.uuid().safeParse(value).success) {
        throw ServiceError.invalid([{ field, message: 'is not an id' }], 'a filter is invalid');
      }
    }
    // The overdue list is a work queue: earliest due first. Everything else: newest first.
    if (query.overdue) {
      and.push({ status: { in: [...UNRESOLVED_TICKET_STATUSES] }, dueAt: { lt: this.now() } });
      if (after) {
        and.push({ OR: [{ dueAt: { gt: new Date(after.at) } }, { dueAt: new Date(after.at), id: { gt: after.id } }] });
      }
    } else if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.ticket.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.severity ? { severity: query.severity } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
        AND: and,
      },
      orderBy: query.overdue ? [{ dueAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const tickets = rows.slice(0, limit);
    const last = tickets.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ at: (query.overdue ? last.dueAt : last.createdAt).toISOString(), id: last.id })
        : '';
    return { tickets, nextCursor };
  }

  /** Title, description, severity. A new severity keeps the due time promised at opening. */
  async update(principal: commonV1.Principal, ticketId: string, input: TicketUpdateInput): Promise<Ticket> {
    requirePermission(principal, 'crm.ticket.write');
    const data = parseOrThrow(updateSchema, input, 'ticket');
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, ticketId);
      checkVersion(data.expectedVersion, current.version, 'ticket');
      const ticket = await tx.ticket.update({
        where: { id: current.id },
        data: {
          ...(data.title !== undefined ? { title: data.title } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(data.severity !== undefined ? { severity: data.severity } : {}),
          version: { increment: 1 },
          updatedAt: this.now(),
        },
      });
      await this.emit(tx, 'crm.ticket.updated', ticket, principal.employeeId);
      return ticket;
    });
  }

  async assign(
    principal: commonV1.Principal,
    ticketId: string,
    assigneeId: string,
    options: { expectedVersion?: string; comment?: string } = {},
  ): Promise<Ticket> {
    requirePermission(principal, 'crm.ticket.write');
    if (!z.uuid().safeParse(assigneeId).success) {
      throw ServiceError.invalid([{ field: 'assigneeId', message: 'is not an id' }], 'ticket is invalid');
    }
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, ticketId);
      checkVersion(options.expectedVersion, current.version, 'ticket');
      if (current.assigneeId === assigneeId) return current;
      await checkAssignee(tx, principal, assigneeId);
      const ticket = await tx.ticket.update({
        where: { id: current.id },
        data: { assigneeId, version: { increment: 1 }, updatedAt: this.now() },
      });
      await this.record(tx, ticket, 'assigned', current.status, principal.employeeId, options.comment ?? '');
      await this.emit(tx, 'crm.ticket.assigned', ticket, principal.employeeId);
      return ticket;
    });
  }

  /** One step of the state machine; illegal -> FAILED_PRECONDITION and nothing changes. */
  async changeStatus(principal: commonV1.Principal, ticketId: string, input: TicketStatusChange): Promise<Ticket> {
    requirePermission(principal, 'crm.ticket.write');
    const data = parseOrThrow(statusChangeSchema, input, 'status change');
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, ticketId);
      checkVersion(data.expectedVersion, current.version, 'ticket');
      const check = checkTicketMove(current.status, data.status, data.resolution);
      if (!check.ok) throw TicketError.illegalTransition(check.message);
      const now = this.now();
      let change: Prisma.TicketUpdateInput;
      switch (check.move.kind) {
        case 'started':
          change = {};
          break;
        case 'resolved':
          change = { resolution: data.resolution, resolvedAt: now };
          break;
        case 'closed':
          change = { closedAt: now };
          break;
        case 'reopened': {
          // A reopened ticket is owed a fresh response time from now; the old resolution is void.
          const hours = responseHoursOf(await this.settings.of(current.tenantId, tx));
          change = {
            resolution: '',
            resolvedAt: null,
            closedAt: null,
            reopenCount: { increment: 1 },
            dueAt: dueAtFor(now, current.severity, hours),
          };
          break;
        }
      }
      const ticket = await tx.ticket.update({
        where: { id: current.id },
        data: { ...change, status: data.status, version: { increment: 1 }, updatedAt: now },
      });
      await this.record(tx, ticket, check.move.kind, current.status, principal.employeeId, data.comment);
      const type: TicketEventType =
        check.move.kind === 'resolved'
          ? 'crm.ticket.resolved'
          : check.move.kind === 'reopened'
            ? 'crm.ticket.reopened'
            : 'crm.ticket.status_changed';
      await this.emit(tx, type, ticket, principal.employeeId);
      return ticket;
    });
  }

  /** The customer's rating of the resolution: once, and only when resolved or closed. */
  async rate(principal: commonV1.Principal, ticketId: string, input: { rating: number; comment?: string }) {
    requirePermission(principal, 'crm.ticket.write');
    const data = parseOrThrow(ratingSchema, input, 'rating');
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, ticketId);
      if (!RATEABLE_TICKET_STATUSES.includes(current.status)) throw TicketError.notResolved(current.status);
      if (current.satisfactionRating > 0) throw TicketError.alreadyRated();
      const now = this.now();
      const ticket = await tx.ticket.update({
        where: { id: current.id },
        data: {
          satisfactionRating: data.rating,
          satisfactionComment: data.comment,
          ratedAt: now,
          version: { increment: 1 },
          updatedAt: now,
        },
      });
      await this.record(tx, ticket, 'rated', current.status, principal.employeeId, data.comment);
      await this.emit(tx, 'crm.ticket.rated', ticket, principal.employeeId);
      return ticket;
    });
  }

  /** Every move of the ticket, oldest first. */
  async history(principal: commonV1.Principal, ticketId: string) {
    requirePermission(principal, 'crm.ticket.read');
    const ticket = await this.findVisible(principal, ticketId);
    return this.db.ticketTransition.findMany({
      where: { ticketId: ticket.id },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    });
  }

  private async findVisible(
    principal: commonV1.Principal,
    ticketId: string,
    tx: CrmTransaction | CrmDatabase = this.db,
  ) {
    if (!z.uuid().safeParse(ticketId).success) throw TicketError.notFound(ticketId);
    const ticket = await tx.ticket.findFirst({
      where: { id: ticketId, tenantId: principal.tenantId, AND: [await this.scopeFilter(principal)] },
    });
    if (!ticket) throw TicketError.notFound(ticketId);
    return ticket;
  }

  /** The visible ticket, locked for the rest of the transaction (two moves never interleave). */
  private async lockVisible(tx: CrmTransaction, principal: commonV1.Principal, ticketId: string): Promise<Ticket> {
    if (z.uuid().safeParse(ticketId).success) {
      await tx.$queryRaw`SELECT id FROM tickets WHERE id = ${ticketId}::uuid FOR UPDATE`;
    }
    return this.findVisible(principal, ticketId, tx);
  }

  /** Assigned to someone in scope, or on a customer owned by someone in scope. */
  private async scopeFilter(principal: commonV1.Principal): Promise<Prisma.TicketWhereInput> {
    const owners = await this.visibleOwners(principal);
    if (!owners) return {};
    return { OR: [{ assigneeId: { in: owners } }, { customer: { ownerId: { in: owners } } }] };
  }

  private async record(
    tx: CrmTransaction,
    ticket: Ticket,
    action: string,
    from: TicketStatus | null,
    actorId: string,
    comment: string,
  ): Promise<void> {
    await tx.ticketTransition.create({
      data: {
        id: uuidv7(),
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        action,
        fromStatus: from,
        toStatus: ticket.status,
        actorId,
        comment,
        occurredAt: ticket.updatedAt,
      },
    });
  }

  private async emit(tx: CrmTransaction, type: TicketEventType, ticket: Ticket, actorId: string): Promise<void> {
    await emitTicketEvent(tx, this.outbox, type, ticket, actorId, this.now());
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}

/**
 * A ticket goes to an active employee of the tenant (from the org replica), not necessarily in
 * the caller's scope: a rep hands a complaint to after-sales. The caller may always take it
 * (the replica may not have heard of a brand-new employee yet).
 */
async function checkAssignee(tx: CrmTransaction, principal: commonV1.Principal, assigneeId: string) {
  if (assigneeId === principal.employeeId) return;
  const employee = await replicatedEmployee(tx, principal.tenantId, assigneeId);
  if (employee?.status !== 'ACTIVE') {
    throw ServiceError.invalid(
      [{ field: 'assigneeId', message: employee ? 'is no longer active' : 'is not an employee of this tenant' }],
      'ticket is invalid',
    );
  }
}

/** A ticket event with the ticket as stored and the attribution frozen at opening. */
export async function emitTicketEvent(
  tx: CrmTransaction,
  outbox: OutboxOptions,
  type: TicketEventType,
  ticket: Ticket,
  actorId: string | undefined,
  now: Date,
): Promise<void> {
  await appendToOutbox(
    tx,
    {
      type,
      tenantId: ticket.tenantId,
      aggregateId: ticket.id,
      aggregateVersion: ticket.version,
      ...(actorId ? { actorId } : {}),
      payload: { ticket: ticketToProto(ticket, now), attribution: attributionOf(ticket) },
    },
    outbox,
  );
}
