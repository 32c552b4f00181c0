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
import type {
  Customer,
  Opportunity,
  OpportunityStageChange,
  PipelineStage,
  Prisma,
} from '../../generated/prisma/client';
import { attributionAt } from '../attribution/attribution';
import type { CustomerService } from '../customer/customer.service';
import type { PipelineService, PipelineWithStages } from '../pipeline/pipeline.service';
import { currencyCode, type MoneyInput, minorUnits } from '../shared/money';
import { checkVersion, parseIsoDate, parseOrThrow } from '../shared/validation';
import { OpportunityError } from './opportunity.errors';
import { opportunityToProto, stageChangeToProto, stageToProto } from './opportunity.mapper';
import { isBackwards, missingRequiredFields, stageMoveErrors } from './stage-rules';

export type OpportunityStatus = 'OPEN' | 'WON' | 'LOST';

export interface NewOpportunityInput {
  name: string;
  customerId: string;
  amount?: MoneyInput;
  expectedCloseOn?: string;
  probability?: number;
  productLine?: string;
  ownerId?: string;
  sourceLeadId?: string;
  /** Stage id of the default pipeline; its first stage when absent. */
  stageId?: string;
}

export interface OpportunityUpdateInput {
  expectedVersion?: string;
  name?: string;
  /** null clears the amount. */
  amount?: MoneyInput | null;
  /** "" clears the date. */
  expectedCloseOn?: string;
  probability?: number;
  productLine?: string;
  ownerId?: string;
}

export interface StageMoveInput {
  stageId: string;
  reason?: string;
  lostReason?: string;
  expectedVersion?: string;
}

export interface OpportunityListQuery {
  limit?: number;
  cursor?: string;
  status?: OpportunityStatus;
  stageId?: string;
  ownerId?: string;
  customerId?: string;
}

export interface BoardColumn {
  stage: PipelineStage;
  count: number;
  /** Per currency: the sum of amounts and the probability-weighted sum (both in SQL). */
  totals: { currency: string; amountMinor: bigint; weightedMinor: bigint }[];
  opportunities: Opportunity[];
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const isoDate = z.string().refine((v) => v === '' || parseIsoDate(v) !== undefined, 'must be a date YYYY-MM-DD');
const probability = z.number().int('must be a whole number').min(0, 'must be 0-100').max(100, 'must be 0-100');
const amount = z.object({ amountMinor: minorUnits, currency: currencyCode });

const newSchema = z.object({
  name: text(200).min(1, 'is required'),
  customerId: z.uuid('is not an id'),
  amount: amount.optional(),
  expectedCloseOn: isoDate.default(''),
  probability: probability.optional(),
  productLine: text(100).default(''),
  ownerId: z.uuid('is not an id').optional(),
  sourceLeadId: z.uuid('is not an id').optional(),
  stageId: z.uuid('is not an id').optional(),
});

const updateSchema = z.object({
  expectedVersion: z.string().optional(),
  name: text(200).min(1, 'is required').optional(),
  amount: amount.nullable().optional(),
  expectedCloseOn: isoDate.optional(),
  probability: probability.optional(),
  productLine: text(100).optional(),
  ownerId: z.uuid('is not an id').optional(),
});

const BOARD_CARDS_PER_STAGE = 50;

/**
 * Opportunities (商机) in the tenant's pipeline: stage moves with history and rules, won and
 * lost, the board, under the caller's data scope (by owner). Every change is written with
 * its event (and the attribution of the moment) in one transaction.
 */
export class OpportunityService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly pipelines: PipelineService,
    private readonly customers: CustomerService,
    private readonly outbox: OutboxOptions,
  ) {}

  async create(principal: commonV1.Principal, input: NewOpportunityInput): Promise<Opportunity> {
    requirePermission(principal, 'crm.opportunity.write');
    return this.db.$transaction((tx) => this.createIn(tx, principal, input));
  }

  /** Creates inside the caller's transaction (lead conversion opens one with the customer). */
  async createIn(tx: CrmTransaction, principal: commonV1.Principal, input: NewOpportunityInput): Promise<Opportunity> {
    requirePermission(principal, 'crm.opportunity.write');
    const data = parseOrThrow(newSchema, input, 'opportunity');
    const ownerId = data.ownerId ?? principal.employeeId;
    if (!z.uuid().safeParse(ownerId).success) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is required when the caller is not an employee' }]);
    }
    const customer = await this.customers.findVisible(principal, data.customerId, tx);
    const pipeline = await this.pipelines.defaultPipeline(tx, principal.tenantId);
    const stage = data.stageId ? pipeline.stages.find((s) => s.id === data.stageId) : pipeline.stages[0];
    if (!stage) throw ServiceError.invalid([{ field: 'stageId', message: 'is not a stage of the pipeline' }]);
    const fields = {
      amountMinor: data.amount?.amountMinor ?? null,
      expectedCloseOn: data.expectedCloseOn ? (parseIsoDate(data.expectedCloseOn) ?? null) : null,
      productLine: data.productLine,
    };
    const errors = [
      ...(stage.kind === 'OPEN' ? [] : [{ field: 'stageId', message: 'a new opportunity starts in an open stage' }]),
      ...missingRequiredFields(stage, fields),
    ];
    if (errors.length > 0) throw ServiceError.invalid(errors, 'opportunity is invalid');
    const now = new Date();
    const opportunity = await tx.opportunity.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        name: data.name,
        customerId: customer.id,
        amountMinor: fields.amountMinor,
        currency: data.amount?.currency ?? 'CNY',
        expectedCloseOn: fields.expectedCloseOn,
        probability: data.probability ?? stage.probability,
        productLine: data.productLine,
        ownerId,
        sourceLeadId: data.sourceLeadId ?? null,
        pipelineId: pipeline.id,
        stageId: stage.id,
        stageEnteredAt: now,
        createdAt: now,
        updatedAt: now,
      },
    });
    await this.recordStageChange(tx, principal, opportunity, null, stage.id, '', false, now);
    await this.emit(tx, principal, 'crm.opportunity.created', opportunity, customer);
    return opportunity;
  }

  async get(principal: commonV1.Principal, id: string): Promise<Opportunity> {
    requirePermission(principal, 'crm.opportunity.read');
    return this.findVisible(principal, id);
  }

  /** The opportunity if the caller may see it, else NOT_FOUND (never revealing another's). */
  async findVisible(principal: commonV1.Principal, id: string, tx: CrmTransaction | CrmDatabase = this.db) {
    if (!z.uuid().safeParse(id).success) throw OpportunityError.notFound(id);
    const owners = await this.visibleOwners(principal);
    const opportunity = await tx.opportunity.findFirst({
      where: { id, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
    });
    if (!opportunity) throw OpportunityError.notFound(id);
    return opportunity;
  }

  async list(
    principal: commonV1.Principal,
    query: OpportunityListQuery,
  ): Promise<{ opportunities: Opportunity[]; nextCursor: string }> {
    requirePermission(principal, 'crm.opportunity.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    const and: Prisma.OpportunityWhereInput[] = [];
    if (owners) and.push({ ownerId: { in: owners } });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const uuidOrNone = (v: string | undefined) =>
      v && z.uuid().safeParse(v).success ? v : v ? '00000000-0000-0000-0000-000000000000' : undefined;
    const rows = await this.db.opportunity.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.stageId ? { stageId: uuidOrNone(query.stageId) } : {}),
        ...(query.ownerId ? { ownerId: uuidOrNone(query.ownerId) } : {}),
        ...(query.customerId ? { customerId: uuidOrNone(query.customerId) } : {}),
        AND: and,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const opportunities = rows.slice(0, limit);
    const last = opportunities.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { opportunities, nextCursor };
  }

  async update(principal: commonV1.Principal, id: string, input: OpportunityUpdateInput): Promise<Opportunity> {
    requirePermission(principal, 'crm.opportunity.write');
    const data = parseOrThrow(updateSchema, input, 'opportunity');
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, id);
      checkVersion(data.expectedVersion, current.version, 'opportunity');
      if (data.ownerId !== undefined && data.ownerId !== current.ownerId) {
        const owners = await this.visibleOwners(principal);
        if (owners && !owners.includes(data.ownerId)) {
          throw ServiceError.invalid([{ field: 'ownerId', message: 'is not someone in your data scope' }]);
        }
      }
      const next = {
        amountMinor: data.amount === undefined ? current.amountMinor : (data.amount?.amountMinor ?? null),
        currency: data.amount ? data.amount.currency : current.currency,
        expectedCloseOn:
          data.expectedCloseOn === undefined
            ? current.expectedCloseOn
            : data.expectedCloseOn === ''
              ? null
              : (parseIsoDate(data.expectedCloseOn) ?? null),
        productLine: data.productLine ?? current.productLine,
      };
      // The current stage's rule keeps holding: an amount cannot be removed in 方案呈现.
      const stage = await tx.pipelineStage.findUniqueOrThrow({ where: { id: current.stageId } });
      const missing = missingRequiredFields(stage, next);
      if (missing.length > 0) throw ServiceError.invalid(missing, 'opportunity is invalid');
      const updated = await tx.opportunity.update({
        where: { id: current.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...next,
          ...(data.probability !== undefined ? { probability: data.probability } : {}),
          ...(data.ownerId !== undefined ? { ownerId: data.ownerId } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      const customer = await tx.customer.findUnique({ where: { id: updated.customerId } });
      const amountChanged = updated.amountMinor !== current.amountMinor || updated.currency !== current.currency;
      const reassigned = updated.ownerId !== current.ownerId;
      const otherChanged =
        updated.name !== current.name ||
        updated.probability !== current.probability ||
        updated.productLine !== current.productLine ||
        updated.expectedCloseOn?.getTime() !== current.expectedCloseOn?.getTime();
      if (amountChanged) await this.emit(tx, principal, 'crm.opportunity.amount_changed', updated, customer);
      if (reassigned) await this.emit(tx, principal, 'crm.opportunity.reassigned', updated, customer);
      if (otherChanged || (!amountChanged && !reassigned)) {
        await this.emit(tx, principal, 'crm.opportunity.updated', updated, customer);
      }
      return updated;
    });
  }

  /**
   * Moves the opportunity to another stage of its pipeline: the target's required fields
   * must be filled, a backwards move needs a reason, a loss one of the tenant's lost
   * reasons. The probability becomes the stage's default; won/lost close the opportunity.
   */
  async moveStage(principal: commonV1.Principal, id: string, input: StageMoveInput): Promise<Opportunity> {
    requirePermission(principal, 'crm.opportunity.write');
    const move = { reason: (input.reason ?? '').trim(), lostReason: (input.lostReason ?? '').trim() };
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, id);
      checkVersion(input.expectedVersion, current.version, 'opportunity');
      const pipeline = await this.pipelines.findPipeline(tx, principal.tenantId, current.pipelineId);
      const from = pipeline.stages.find((s) => s.id === current.stageId);
      const to = pipeline.stages.find((s) => s.id === input.stageId);
      if (!from) throw new ServiceError('INTERNAL', `opportunity ${id} is in an unknown stage`);
      if (!to) throw ServiceError.invalid([{ field: 'stageId', message: 'is not a stage of the pipeline' }]);
      const lostReasons = (await this.pipelines.lostReasonsOf(tx, principal.tenantId)).map((r) => r.label);
      const errors = stageMoveErrors(from, to, current, move, lostReasons);
      if (errors.length > 0) throw ServiceError.invalid(errors, 'the stage move is not allowed');
      return this.applyMove(tx, principal, current, pipeline, to, move.reason, move.lostReason);
    });
  }

  /**
   * Marks the opportunity won inside the caller's transaction (its contract was signed): the
   * signed contract is the proof, so the won stage's field rule does not stop it; a missing
   * amount takes the contract's.
   */
  async markWonIn(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    id: string,
    contractAmount: { amountMinor: bigint; currency: string },
  ): Promise<Opportunity | undefined> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM opportunities WHERE id = ${id}::uuid AND tenant_id = ${principal.tenantId}::uuid FOR UPDATE`;
    if (rows.length === 0) return undefined;
    let current = await tx.opportunity.findUniqueOrThrow({ where: { id } });
    if (current.status === 'WON') return current;
    if (current.amountMinor === null) {
      current = await tx.opportunity.update({
        where: { id },
        data: { amountMinor: contractAmount.amountMinor, currency: contractAmount.currency },
      });
    }
    const pipeline = await this.pipelines.findPipeline(tx, principal.tenantId, current.pipelineId);
    const won = pipeline.stages.find((s) => s.kind === 'WON');
    if (!won) throw new ServiceError('INTERNAL', `pipeline ${pipeline.id} has no won stage`);
    return this.applyMove(tx, principal, current, pipeline, won, 'contract signed', '');
  }

  private async applyMove(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    current: Opportunity,
    pipeline: PipelineWithStages,
    to: PipelineStage,
    reason: string,
    lostReason: string,
  ): Promise<Opportunity> {
    const from = pipeline.stages.find((s) => s.id === current.stageId) ?? to;
    const now = new Date();
    const backwards = isBackwards(from, to);
    const status = to.kind as OpportunityStatus;
    const updated = await tx.opportunity.update({
      where: { id: current.id },
      data: {
        stageId: to.id,
        status,
        probability: to.probability,
        lostReason: status === 'LOST' ? lostReason : '',
        stageEnteredAt: now,
        closedAt: status === 'OPEN' ? null : now,
        version: { increment: 1 },
        updatedAt: now,
      },
    });
    const change = await this.recordStageChange(tx, principal, updated, from.id, to.id, reason, backwards, now);
    const customer = await tx.customer.findUnique({ where: { id: updated.customerId } });
    const attribution = await this.attribution(tx, updated, customer);
    await appendToOutbox(
      tx,
      {
        type: 'crm.opportunity.stage_changed',
        tenantId: updated.tenantId,
        aggregateId: updated.id,
        aggregateVersion: updated.version,
        actorId: principal.employeeId,
        payload: {
          opportunity: opportunityToProto(updated),
          attribution,
          change: stageChangeToProto(change),
          fromStage: stageToProto(from),
          toStage: stageToProto(to),
          fromStageEnteredAt: current.stageEnteredAt,
        },
      },
      this.outbox,
    );
    if (status === 'WON') await this.emit(tx, principal, 'crm.opportunity.won', updated, customer);
    if (status === 'LOST') await this.emit(tx, principal, 'crm.opportunity.lost', updated, customer);
    return updated;
  }

  /** The stage history, oldest first (the first entry is the stage it was created in). */
  async history(principal: commonV1.Principal, id: string): Promise<OpportunityStageChange[]> {
    requirePermission(principal, 'crm.opportunity.read');
    const opportunity = await this.findVisible(principal, id);
    return this.db.opportunityStageChange.findMany({
      where: { opportunityId: opportunity.id },
      orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * The board (看板): every stage of the pipeline with the count and sums of the visible
   * opportunities in it (computed in SQL over all of them) and the most recently updated cards.
   */
  async board(
    principal: commonV1.Principal,
    query: { pipelineId?: string; ownerId?: string },
  ): Promise<{ pipeline: PipelineWithStages; columns: BoardColumn[] }> {
    requirePermission(principal, 'crm.opportunity.read');
    const pipeline = query.pipelineId
      ? await this.pipelines.findPipeline(this.db, principal.tenantId, query.pipelineId)
      : await this.pipelines.defaultPipeline(this.db, principal.tenantId);
    const owners = await this.visibleOwners(principal);
    const everyone = owners === undefined;
    const ownerFilter = query.ownerId && z.uuid().safeParse(query.ownerId).success ? query.ownerId : null;
    if (query.ownerId && !ownerFilter) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is not an id' }]);
    }
    const totals = await this.db.$queryRaw<
      { stage_id: string; currency: string; n: bigint; amount: bigint; weighted: bigint }[]
    >`
      SELECT stage_id::text, currency, count(*) AS n,
             coalesce(sum(amount_minor), 0)::bigint AS amount,
             coalesce(round(sum(amount_minor * probability)::numeric / 100), 0)::bigint AS weighted
      FROM opportunities
      WHERE tenant_id = ${principal.tenantId}::uuid AND pipeline_id = ${pipeline.id}::uuid
        AND (${everyone}::boolean OR owner_id = ANY(${owners ?? []}::uuid[]))
        AND (${ownerFilter}::uuid IS NULL OR owner_id = ${ownerFilter}::uuid)
      GROUP BY stage_id, currency
      ORDER BY currency`;
    const cards = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM (
        SELECT id, row_number() OVER (PARTITION BY stage_id ORDER BY updated_at DESC, id DESC) AS rank
        FROM opportunities
        WHERE tenant_id = ${principal.tenantId}::uuid AND pipeline_id = ${pipeline.id}::uuid
          AND (${everyone}::boolean OR owner_id = ANY(${owners ?? []}::uuid[]))
          AND (${ownerFilter}::uuid IS NULL OR owner_id = ${ownerFilter}::uuid)
      ) ranked WHERE rank <= ${BOARD_CARDS_PER_STAGE}`;
    const opportunities = await this.db.opportunity.findMany({
      where: { id: { in: cards.map((c) => c.id) } },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    });
    const columns = pipeline.stages.map((stage): BoardColumn => {
      const rows = totals.filter((t) => t.stage_id === stage.id);
      return {
        stage,
        count: rows.reduce((n, r) => n + Number(r.n), 0),
        totals: rows.map((r) => ({
          currency: r.currency,
          amountMinor: BigInt(r.amount),
          weightedMinor: BigInt(r.weighted),
        })),
        opportunities: opportunities.filter((o) => o.stageId === stage.id),
      };
    });
    return { pipeline, columns };
  }

  private async lockVisible(tx: CrmTransaction, principal: commonV1.Principal, id: string): Promise<Opportunity> {
    const visible = await this.findVisible(principal, id, tx);
    await tx.$queryRaw`SELECT id FROM opportunities WHERE id = ${visible.id}::uuid FOR UPDATE`;
    return tx.opportunity.findUniqueOrThrow({ where: { id: visible.id } });
  }

  private async recordStageChange(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    opportunity: Opportunity,
    fromStageId: string | null,
    toStageId: string,
    reason: string,
    backwards: boolean,
    at: Date,
  ): Promise<OpportunityStageChange> {
    return tx.opportunityStageChange.create({
      data: {
        id: uuidv7(),
        tenantId: opportunity.tenantId,
        opportunityId: opportunity.id,
        fromStageId,
        toStageId,
        reason,
        backwards,
        changedBy: z.uuid().safeParse(principal.employeeId).success ? principal.employeeId : null,
        changedAt: at,
      },
    });
  }

  private attribution(tx: CrmTransaction, opportunity: Opportunity, customer: Customer | null) {
    return attributionAt(tx, opportunity.tenantId, opportunity.ownerId, customer ?? undefined);
  }

  async emitIn(
    tx: CrmTransaction,
    principal: commonV1.Principal | undefined,
    type: 'crm.opportunity.reassigned',
    opportunity: Opportunity,
  ): Promise<void> {
    const customer = await tx.customer.findUnique({ where: { id: opportunity.customerId } });
    await this.emit(tx, principal, type, opportunity, customer);
  }

  private async emit(
    tx: CrmTransaction,
    principal: commonV1.Principal | undefined,
    type:
      | 'crm.opportunity.created'
      | 'crm.opportunity.updated'
      | 'crm.opportunity.amount_changed'
      | 'crm.opportunity.reassigned'
      | 'crm.opportunity.won'
      | 'crm.opportunity.lost',
    opportunity: Opportunity,
    customer: Customer | null,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: opportunity.tenantId,
        aggregateId: opportunity.id,
        aggregateVersion: opportunity.version,
        ...(principal ? { actorId: principal.employeeId } : {}),
        payload: {
          opportunity: opportunityToProto(opportunity),
          attribution: await this.attribution(tx, opportunity, customer),
        },
      },
      this.outbox,
    );
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
