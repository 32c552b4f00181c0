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
import type { Prisma, SatisfactionSurvey } from '../../generated/prisma/client';
import { attributionAt } from '../attribution/attribution';
import { CustomerError } from '../customer/customer.errors';
import { parseOrThrow } from '../shared/validation';
import { satisfactionSurveyToProto } from '../ticket/ticket.mapper';

export interface NewSurveyInput {
  customerId: string;
  score: number;
  comment?: string;
  surveyedAt?: Date;
}

const surveySchema = z.object({
  customerId: z.uuid('is not an id'),
  score: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  comment: z.string().trim().max(2000, 'is longer than 2000 characters').default(''),
  surveyedAt: z.date().optional(),
});

/**
 * Standalone satisfaction surveys (满意度调查) of a customer, beside the per-ticket rating.
 * Visible with the customer (its owner's data scope); crm.satisfaction.recorded carries the
 * customer's attribution at the time of the survey.
 */
export class SatisfactionService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly outbox: OutboxOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(principal: commonV1.Principal, input: NewSurveyInput): Promise<SatisfactionSurvey> {
    requirePermission(principal, 'crm.ticket.write');
    const data = parseOrThrow(surveySchema, input, 'satisfaction survey');
    const now = this.now();
    if (data.surveyedAt && data.surveyedAt.getTime() > now.getTime()) {
      throw ServiceError.invalid(
        [{ field: 'surveyedAt', message: 'is in the future' }],
        'satisfaction survey is invalid',
      );
    }
    const owners = await this.visibleOwners(principal);
    return this.db.$transaction(async (tx) => {
      const customer = await tx.customer.findFirst({
        where: { id: data.customerId, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
      });
      if (!customer) throw CustomerError.notFound(data.customerId);
      const attribution = await attributionAt(tx, principal.tenantId, customer.ownerId, customer);
      const survey = await tx.satisfactionSurvey.create({
        data: {
          id: uuidv7(),
          tenantId: principal.tenantId,
          customerId: customer.id,
          score: data.score,
          comment: data.comment,
          recordedBy: principal.employeeId,
          surveyedAt: data.surveyedAt ?? now,
          attribution: attribution as unknown as Prisma.InputJsonObject,
          createdAt: now,
        },
      });
      await appendToOutbox(
        tx,
        {
          type: 'crm.satisfaction.recorded',
          tenantId: survey.tenantId,
          aggregateId: survey.id,
          aggregateVersion: 1,
          ...(principal.employeeId ? { actorId: principal.employeeId } : {}),
          payload: { survey: satisfactionSurveyToProto(survey), attribution },
        },
        this.outbox,
      );
      return survey;
    });
  }

  /** Surveys of visible customers (or of one), newest survey first. */
  async list(
    principal: commonV1.Principal,
    query: { customerId?: string; limit?: number; cursor?: string },
  ): Promise<{ surveys: SatisfactionSurvey[]; nextCursor: string }> {
    requirePermission(principal, 'crm.ticket.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    if (query.customerId) {
      const visible = z.uuid().safeParse(query.customerId).success
        ? await this.db.customer.findFirst({
            where: {
              id: query.customerId,
              tenantId: principal.tenantId,
              ...(owners ? { ownerId: { in: owners } } : {}),
            },
          })
        : null;
      if (!visible) throw CustomerError.notFound(query.customerId);
    }
    const and: Prisma.SatisfactionSurveyWhereInput[] = [];
    if (owners) and.push({ customer: { ownerId: { in: owners } } });
    if (after) {
      and.push({
        OR: [{ surveyedAt: { lt: new Date(after.at) } }, { surveyedAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.satisfactionSurvey.findMany({
      where: { tenantId: principal.tenantId, ...(query.customerId ? { customerId: query.customerId } : {}), AND: and },
      orderBy: [{ surveyedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const surveys = rows.slice(0, limit);
    const last = surveys.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.surveyedAt.toISOString(), id: last.id }) : '';
    return { surveys, nextCursor };
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
