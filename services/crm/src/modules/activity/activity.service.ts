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
import type { Activity, ActivitySubjectType, FollowUpMethod } from '../../generated/prisma/client';
import { calendarDate } from '../contact/birthday-window';
import { customerToProto } from '../customer/customer.mapper';
import { leadToProto } from '../lead/lead.mapper';
import { logLeadOperation } from '../lead/lead-operations';
import { formatIsoDate, parseIsoDate, parseOrThrow } from '../shared/validation';
import { appendToTimeline } from '../timeline/timeline';
import { ActivityError } from './activity.errors';
import { activityToProto } from './activity.mapper';

export interface NewActivityInput {
  subjectType?: ActivitySubjectType;
  subjectId: string;
  method?: FollowUpMethod;
  contactId?: string;
  content: string;
  result?: string;
  nextStep?: string;
  /** "YYYY-MM-DD" or empty. */
  nextFollowUpOn?: string;
  occurredAt?: Date;
}

export interface OverdueFollowUp {
  subjectType: 'LEAD' | 'CUSTOMER';
  subjectId: string;
  name: string;
  ownerId: string;
  nextFollowUpOn: string;
  daysOverdue: number;
}

export interface ActivityServiceOptions extends OutboxOptions {
  /** Whose calendar decides what "overdue" means. */
  timeZone: string;
  now?: () => Date;
}

/** Leads that are no longer worked do not show up as overdue. */
const CLOSED_LEAD_STATUSES = ['CONVERTED', 'UNQUALIFIED', 'RECYCLED'] as const;
const OVERDUE_LIMIT = 500;

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const newActivitySchema = z.object({
  subjectType: z.enum(['LEAD', 'CUSTOMER', 'OPPORTUNITY'], 'is required'),
  subjectId: z.uuid('is not an id'),
  method: z.enum(['PHONE', 'VISIT', 'WECHAT', 'EMAIL', 'MEETING'], 'is required'),
  contactId: z.uuid('is not an id').optional(),
  content: text(5000).min(1, 'is required'),
  result: text(2000).default(''),
  nextStep: text(2000).default(''),
  nextFollowUpOn: z
    .string()
    .trim()
    .default('')
    .refine((d) => d === '' || parseIsoDate(d) !== undefined, 'is not a date (YYYY-MM-DD)'),
  occurredAt: z.date().optional(),
});

/**
 * Follow-up records (联系记录). Recording one moves its lead's or customer's last and next
 * follow-up, and puts a customer's on its timeline, in the same transaction.
 */
export class ActivityService {
  private readonly now: () => Date;

  constructor(
    private readonly db: CrmDatabase,
    private readonly options: ActivityServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(principal: commonV1.Principal, input: NewActivityInput): Promise<Activity> {
    requirePermission(principal, 'crm.activity.write');
    const data = parseOrThrow(newActivitySchema, input, 'follow-up');
    const now = this.now();
    const occurredAt = data.occurredAt ?? now;
    const nextFollowUpOn = data.nextFollowUpOn ? (parseIsoDate(data.nextFollowUpOn) ?? null) : null;
    const errors = [];
    // A minute of slack for clocks that disagree a little.
    if (occurredAt.getTime() > now.getTime() + 60_000)
      errors.push({ field: 'occurredAt', message: 'is in the future' });
    if (nextFollowUpOn && formatIsoDate(nextFollowUpOn) < calendarDate(occurredAt, this.options.timeZone)) {
      errors.push({ field: 'nextFollowUpOn', message: 'is before the follow-up itself' });
    }
    if (!z.uuid().safeParse(principal.employeeId).success) {
      errors.push({ field: 'ownerId', message: 'a follow-up is recorded by an employee' });
    }
    if (errors.length > 0) throw ServiceError.invalid(errors, 'follow-up is invalid');
    const owners = await this.visibleOwners(principal);

    return this.db.$transaction(async (tx) => {
      const customerId = await this.touchSubject(tx, principal, owners, data.subjectType, data.subjectId, {
        occurredAt,
        nextFollowUpOn,
      });
      if (data.contactId) {
        const contact = await tx.contact.findFirst({
          where: { id: data.contactId, tenantId: principal.tenantId, ...(customerId ? { customerId } : {}) },
        });
        if (!contact) {
          throw ServiceError.invalid([{ field: 'contactId', message: 'is not a contact of this customer' }]);
        }
      }
      const activity = await tx.activity.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          subjectType: data.subjectType,
          subjectId: data.subjectId,
          method: data.method,
          contactId: data.contactId ?? null,
          content: data.content,
          result: data.result,
          nextStep: data.nextStep,
          nextFollowUpOn,
          occurredAt,
          ownerId: principal.employeeId,
        },
      });
      if (customerId) {
        await appendToTimeline(tx, {
          tenantId: activity.tenantId,
          customerId,
          kind: 'activity',
          sourceId: activity.id,
          occurredAt: activity.occurredAt,
          title: activity.method.toLowerCase(),
          summary: activity.content.slice(0, 200),
          actorId: activity.ownerId,
          details: {
            method: activity.method.toLowerCase(),
            result: activity.result,
            nextStep: activity.nextStep,
            nextFollowUpOn: data.nextFollowUpOn || null,
            contactId: activity.contactId,
          },
        });
      }
      await appendToOutbox(
        tx,
        {
          type: 'crm.activity.created',
          tenantId: activity.tenantId,
          aggregateId: activity.id,
          aggregateVersion: 1,
          actorId: principal.employeeId,
          payload: { activity: activityToProto(activity) },
        },
        { source: this.options.source },
      );
      return activity;
    });
  }

  /** The follow-ups of one visible subject, newest first. */
  async list(
    principal: commonV1.Principal,
    query: { subjectType?: ActivitySubjectType; subjectId: string; limit?: number; cursor?: string },
  ): Promise<{ activities: Activity[]; nextCursor: string }> {
    requirePermission(principal, 'crm.activity.read');
    if (!query.subjectType) throw ServiceError.invalid([{ field: 'subjectType', message: 'is required' }]);
    if (!z.uuid().safeParse(query.subjectId).success) {
      throw ActivityError.subjectNotFound(query.subjectType, query.subjectId);
    }
    const owners = await this.visibleOwners(principal);
    await this.assertVisible(principal, owners, query.subjectType, query.subjectId);
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.db.activity.findMany({
      where: {
        tenantId: principal.tenantId,
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        // Opportunities have no owner here yet: their follow-ups are scoped by who recorded them.
        ...(query.subjectType === 'OPPORTUNITY' && owners ? { ownerId: { in: owners } } : {}),
        ...(after
          ? {
              OR: [
                { occurredAt: { lt: new Date(after.at) } },
                { occurredAt: new Date(after.at), id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const activities = rows.slice(0, limit);
    const last = activities.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : '';
    return { activities, nextCursor };
  }

  /**
   * Open leads and customers whose next follow-up date is before today, most overdue first:
   * the caller's own (`team` false) or everyone's in the caller's data scope.
   */
  async overdue(principal: commonV1.Principal, team: boolean): Promise<OverdueFollowUp[]> {
    requirePermission(principal, 'crm.activity.read');
    const owners = team ? await this.visibleOwners(principal) : [principal.employeeId];
    const today = calendarDate(this.now(), this.options.timeZone);
    const all = owners === undefined;
    const rows = await this.db.$queryRaw<
      { subject_type: 'LEAD' | 'CUSTOMER'; id: string; name: string; owner_id: string; next_on: Date }[]
    >`
      SELECT 'LEAD' AS subject_type, id::text, name, owner_id::text, next_follow_up_on AS next_on FROM leads
      WHERE tenant_id = ${principal.tenantId}::uuid AND next_follow_up_on < ${today}::date
        AND owner_id IS NOT NULL AND status::text <> ALL(${[...CLOSED_LEAD_STATUSES]}::text[])
        AND (${all} OR owner_id::text = ANY(${owners ?? []}::text[]))
      UNION ALL
      SELECT 'CUSTOMER', id::text, name, owner_id::text, next_follow_up_on FROM customers
      WHERE tenant_id = ${principal.tenantId}::uuid AND next_follow_up_on < ${today}::date
        AND (${all} OR owner_id::text = ANY(${owners ?? []}::text[]))
      ORDER BY next_on, name, id
      LIMIT ${OVERDUE_LIMIT}`;
    const todayMs = Date.parse(`${today}T00:00:00Z`);
    return rows.map((r) => ({
      subjectType: r.subject_type,
      subjectId: r.id,
      name: r.name,
      ownerId: r.owner_id,
      nextFollowUpOn: formatIsoDate(r.next_on),
      daysOverdue: Math.round((todayMs - r.next_on.getTime()) / 86_400_000),
    }));
  }

  /**
   * Checks the subject is visible, locks it and moves its last/next follow-up. A follow-up
   * entered late (older than the last one) does not move the dates back. Returns the
   * customer id the follow-up belongs to, if any.
   */
  private async touchSubject(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    owners: string[] | undefined,
    type: ActivitySubjectType,
    id: string,
    followUp: { occurredAt: Date; nextFollowUpOn: Date | null },
  ): Promise<string | undefined> {
    await this.assertVisible(principal, owners, type, id, tx);
    if (type === 'OPPORTUNITY') {
      // A follow-up on an opportunity is contact with its customer: on the customer's timeline,
      // with the customer's contacts. The opportunity's own dates are its stage history.
      const opportunity = await tx.opportunity.findUniqueOrThrow({ where: { id }, select: { customerId: true } });
      return opportunity.customerId;
    }
    // Locked so that two follow-ups recorded at once cannot leave the older one's dates.
    const [current] =
      type === 'LEAD'
        ? await tx.$queryRaw<{ last: Date | null }[]>`
            SELECT last_follow_up_at AS last FROM leads WHERE id = ${id}::uuid FOR UPDATE`
        : await tx.$queryRaw<{ last: Date | null }[]>`
            SELECT last_follow_up_at AS last FROM customers WHERE id = ${id}::uuid FOR UPDATE`;
    if (current?.last && current.last.getTime() > followUp.occurredAt.getTime()) {
      return type === 'CUSTOMER' ? id : undefined;
    }
    const dates = { lastFollowUpAt: followUp.occurredAt, nextFollowUpOn: followUp.nextFollowUpOn };
    if (type === 'LEAD') {
      const before = await tx.lead.findUniqueOrThrow({ where: { id } });
      const lead = await tx.lead.update({
        where: { id },
        data: {
          ...dates,
          // The first follow-up of a new lead means it has been contacted.
          ...(before.status === 'NEW' ? { status: 'CONTACTED' as const } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await logLeadOperation(tx, 'followed_up', principal.employeeId, before, lead);
      await this.emitChanged(tx, 'crm.lead.updated', lead.tenantId, lead.id, lead.version, principal, {
        lead: leadToProto(lead),
      });
      return undefined;
    }
    const customer = await tx.customer.update({
      where: { id },
      data: { ...dates, version: { increment: 1 }, updatedAt: new Date() },
    });
    await this.emitChanged(tx, 'crm.customer.updated', customer.tenantId, customer.id, customer.version, principal, {
      customer: customerToProto(customer),
    });
    return id;
  }

  private async assertVisible(
    principal: commonV1.Principal,
    owners: string[] | undefined,
    type: ActivitySubjectType,
    id: string,
    tx: CrmTransaction | CrmDatabase = this.db,
  ): Promise<void> {
    const found =
      type === 'OPPORTUNITY'
        ? await tx.opportunity.findFirst({
            where: { id, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
            select: { id: true },
          })
        : type === 'LEAD'
          ? await tx.lead.findFirst({
              where: {
                id,
                tenantId: principal.tenantId,
                ...(owners ? { OR: [{ ownerId: { in: owners } }, { ownerId: null }] } : {}),
              },
              select: { id: true },
            })
          : await tx.customer.findFirst({
              where: { id, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
              select: { id: true },
            });
    if (!found) throw ActivityError.subjectNotFound(type, id);
  }

  private async emitChanged(
    tx: CrmTransaction,
    type: 'crm.lead.updated' | 'crm.customer.updated',
    tenantId: string,
    aggregateId: string,
    version: number,
    principal: commonV1.Principal,
    payload: object,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      { type, tenantId, aggregateId, aggregateVersion: version, actorId: principal.employeeId, payload },
      { source: this.options.source },
    );
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
