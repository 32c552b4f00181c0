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
import type { Prisma } from '../../generated/prisma/client';
import { attributionAt } from '../attribution/attribution';
import type { CustomerService } from '../customer/customer.service';
import { activateCustomerOnSigning } from '../customer/customer-activation';
import type { OpportunityService } from '../opportunity/opportunity.service';
import { currencyCode, type MoneyInput, minorUnits } from '../shared/money';
import { checkVersion, formatIsoDate, parseIsoDate, parseOrThrow } from '../shared/validation';
import { ContractError } from './contract.errors';
import { type ContractWithLines, contractToProto, storedAttribution } from './contract.mapper';
import { contractTotals, currencyErrors, lineCostFromUnitCost } from './contract-lines';

export type ContractStatus = 'DRAFT' | 'SIGNED' | 'CANCELLED';

export interface ContractLineInput {
  productId?: string;
  /** Taken from the product when empty. */
  productLine?: string;
  /** Thousandths of a unit; 1 unit when absent. */
  quantityMilli?: string | number | bigint;
  amount: MoneyInput;
  /** From the product's unit cost x quantity when absent. */
  cost?: MoneyInput;
  description?: string;
}

export interface NewContractInput {
  number: string;
  title?: string;
  customerId: string;
  opportunityId?: string;
  ownerId?: string;
  currency?: string;
  lines: ContractLineInput[];
}

export interface ContractListQuery {
  limit?: number;
  cursor?: string;
  status?: ContractStatus;
  customerId?: string;
  ownerId?: string;
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const money = z.object({ amountMinor: minorUnits, currency: currencyCode });
const lineSchema = z.object({
  productId: z.uuid('is not an id').optional(),
  productLine: text(100).default(''),
  quantityMilli: minorUnits.refine((q) => q > 0n, 'must be more than 0').default(1000n),
  amount: money,
  cost: money.optional(),
  description: text(500).default(''),
});
const linesSchema = z.array(lineSchema).min(1, 'needs at least one line').max(200, 'has more than 200 lines');
const newSchema = z.object({
  number: text(50).min(1, 'is required'),
  title: text(200).default(''),
  customerId: z.uuid('is not an id'),
  opportunityId: z.uuid('is not an id').optional(),
  ownerId: z.uuid('is not an id').optional(),
  currency: currencyCode.default('CNY'),
  lines: linesSchema,
});
const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'must be a date YYYY-MM-DD');

/**
 * Contracts (合同): drafted with lines, signed (which wins the opportunity, activates the
 * customer and freezes the attribution), amended and cancelled, under the owner's data scope.
 * Events go out only for signed contracts; a draft counts for nothing.
 */
export class ContractService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly customers: CustomerService,
    private readonly opportunities: OpportunityService,
    private readonly outbox: OutboxOptions,
  ) {}

  /** For readers outside a transaction (the gRPC mapping of received amounts). */
  get database(): CrmDatabase {
    return this.db;
  }

  async create(principal: commonV1.Principal, input: NewContractInput): Promise<ContractWithLines> {
    requirePermission(principal, 'crm.contract.write');
    const data = parseOrThrow(newSchema, input, 'contract');
    const ownerId = data.ownerId ?? principal.employeeId;
    if (!z.uuid().safeParse(ownerId).success) {
      throw ServiceError.invalid([{ field: 'ownerId', message: 'is required when the caller is not an employee' }]);
    }
    return this.db.$transaction(async (tx) => {
      const customer = await this.customers.findVisible(principal, data.customerId, tx);
      if (data.opportunityId) {
        const opportunity = await this.opportunities.findVisible(principal, data.opportunityId, tx);
        if (opportunity.customerId !== customer.id) {
          throw ServiceError.invalid([{ field: 'opportunityId', message: 'belongs to another customer' }]);
        }
      }
      const lines = await this.resolveLines(tx, principal.tenantId, data.lines, data.currency);
      const taken = await tx.contract.findFirst({ where: { tenantId: principal.tenantId, number: data.number } });
      if (taken) throw ContractError.numberTaken(data.number);
      const totals = contractTotals(lines);
      const id = uuidv7();
      await tx.contract.create({
        data: {
          id,
          tenantId: principal.tenantId,
          number: data.number,
          title: data.title,
          customerId: customer.id,
          opportunityId: data.opportunityId ?? null,
          ownerId,
          currency: data.currency,
          totalAmountMinor: totals.totalAmountMinor,
          totalCostMinor: totals.totalCostMinor,
          lines: {
            create: lines.map((l, position) => ({ ...l, id: uuidv7(), tenantId: principal.tenantId, position })),
          },
        },
      });
      return this.load(tx, id);
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<ContractWithLines> {
    requirePermission(principal, 'crm.contract.read');
    return this.findVisible(principal, id);
  }

  async findVisible(
    principal: commonV1.Principal,
    id: string,
    tx: CrmTransaction | CrmDatabase = this.db,
  ): Promise<ContractWithLines> {
    if (!z.uuid().safeParse(id).success) throw ContractError.notFound(id);
    const owners = await this.visibleOwners(principal);
    const contract = await tx.contract.findFirst({
      where: { id, tenantId: principal.tenantId, ...(owners ? { ownerId: { in: owners } } : {}) },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    if (!contract) throw ContractError.notFound(id);
    return contract;
  }

  async list(
    principal: commonV1.Principal,
    query: ContractListQuery,
  ): Promise<{ contracts: ContractWithLines[]; nextCursor: string }> {
    requirePermission(principal, 'crm.contract.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const owners = await this.visibleOwners(principal);
    const and: Prisma.ContractWhereInput[] = [];
    if (owners) and.push({ ownerId: { in: owners } });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    for (const [field, value] of [
      ['customerId', query.customerId],
      ['ownerId', query.ownerId],
    ] as const) {
      if (value && !z.uuid().safeParse(value).success) throw ServiceError.invalid([{ field, message: 'is not an id' }]);
    }
    const rows = await this.db.contract.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        AND: and,
      },
      include: { lines: { orderBy: { position: 'asc' } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const contracts = rows.slice(0, limit);
    const last = contracts.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { contracts, nextCursor };
  }

  /**
   * 签约: the draft becomes SIGNED on `signedOn`. In the same transaction the attribution is
   * frozen on the row, the opportunity is won, the customer becomes ACTIVE, and
   * crm.contract.signed is written.
   */
  async sign(
    principal: commonV1.Principal,
    id: string,
    input: { signedOn?: string; expectedVersion?: string },
  ): Promise<ContractWithLines> {
    requirePermission(principal, 'crm.contract.write');
    const signedOnText = input.signedOn || formatIsoDate(new Date());
    const parsed = isoDate.safeParse(signedOnText);
    if (!parsed.success) throw ServiceError.invalid([{ field: 'signedOn', message: 'must be a date YYYY-MM-DD' }]);
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, id);
      checkVersion(input.expectedVersion, current.version, 'contract');
      if (current.status !== 'DRAFT') throw ContractError.notDraft(id);
      if (current.totalAmountMinor <= 0n) {
        throw ServiceError.invalid([{ field: 'lines', message: 'a contract of nothing cannot be signed' }]);
      }
      const customer = await tx.customer.findUniqueOrThrow({ where: { id: current.customerId } });
      const attribution = await attributionAt(tx, current.tenantId, current.ownerId, customer);
      await tx.contract.update({
        where: { id: current.id },
        data: {
          status: 'SIGNED',
          signedOn: parseIsoDate(signedOnText) ?? null,
          attrOwnerId: attribution.ownerId,
          attrDepartmentId: attribution.departmentId,
          attrDepartmentPath: attribution.departmentPath,
          attrRegion: attribution.region,
          attrSegment: attribution.customerSegment,
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      if (current.opportunityId) {
        await this.opportunities.markWonIn(tx, principal, current.opportunityId, {
          amountMinor: current.totalAmountMinor,
          currency: current.currency,
        });
      }
      await activateCustomerOnSigning(tx, current.tenantId, current.customerId, principal.employeeId, this.outbox);
      const signed = await this.load(tx, current.id);
      await this.emit(tx, principal.employeeId, 'crm.contract.signed', signed);
      return signed;
    });
  }

  /**
   * Replaces the lines (and title). On a draft nothing is announced; on a signed contract the
   * total may not fall below what was already received, and crm.contract.amended carries the
   * signing's attribution.
   */
  async amend(
    principal: commonV1.Principal,
    id: string,
    input: { lines: ContractLineInput[]; title?: string; expectedVersion?: string },
  ): Promise<ContractWithLines> {
    requirePermission(principal, 'crm.contract.write');
    const data = parseOrThrow(
      z.object({ lines: linesSchema, title: text(200).optional(), expectedVersion: z.string().optional() }),
      input,
      'contract',
    );
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, id);
      checkVersion(data.expectedVersion, current.version, 'contract');
      if (current.status === 'CANCELLED') throw ContractError.cancelled(id);
      const lines = await this.resolveLines(tx, principal.tenantId, data.lines, current.currency);
      const totals = contractTotals(lines);
      const received = await this.receivedMinor(tx, current.id);
      if (totals.totalAmountMinor < received) {
        throw ServiceError.invalid(
          [{ field: 'lines', message: `the total may not fall below the ${received} already received` }],
          'contract is invalid',
        );
      }
      await tx.contractLine.deleteMany({ where: { contractId: current.id } });
      await tx.contract.update({
        where: { id: current.id },
        data: {
          ...(data.title !== undefined ? { title: data.title } : {}),
          totalAmountMinor: totals.totalAmountMinor,
          totalCostMinor: totals.totalCostMinor,
          lines: {
            create: lines.map((l, position) => ({ ...l, id: uuidv7(), tenantId: principal.tenantId, position })),
          },
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      const amended = await this.load(tx, current.id);
      if (amended.status === 'SIGNED') await this.emit(tx, principal.employeeId, 'crm.contract.amended', amended);
      return amended;
    });
  }

  /** Cancels a draft or signed contract; money received must be reversed first. */
  async cancel(
    principal: commonV1.Principal,
    id: string,
    input: { reason: string; expectedVersion?: string },
  ): Promise<ContractWithLines> {
    requirePermission(principal, 'crm.contract.write');
    const reason = (input.reason ?? '').trim();
    if (reason === '' || reason.length > 500) {
      throw ServiceError.invalid([{ field: 'reason', message: 'is required (at most 500 characters)' }]);
    }
    return this.db.$transaction(async (tx) => {
      const current = await this.lockVisible(tx, principal, id);
      checkVersion(input.expectedVersion, current.version, 'contract');
      if (current.status === 'CANCELLED') throw ContractError.cancelled(id);
      if ((await this.receivedMinor(tx, current.id)) > 0n) throw ContractError.hasPayments(id);
      await tx.contract.update({
        where: { id: current.id },
        data: { status: 'CANCELLED', cancelReason: reason, version: { increment: 1 }, updatedAt: new Date() },
      });
      const cancelled = await this.load(tx, current.id);
      if (current.status === 'SIGNED') await this.emit(tx, principal.employeeId, 'crm.contract.cancelled', cancelled);
      return cancelled;
    });
  }

  /** Net received (RECEIVED payments, reversals excluded) per contract. */
  async receivedByContract(db: CrmTransaction | CrmDatabase, contractIds: string[]): Promise<Map<string, bigint>> {
    if (contractIds.length === 0) return new Map();
    const rows = await db.payment.groupBy({
      by: ['contractId'],
      where: { contractId: { in: contractIds }, status: 'RECEIVED' },
      _sum: { amountMinor: true },
    });
    return new Map(rows.map((r) => [r.contractId, r._sum.amountMinor ?? 0n]));
  }

  async receivedMinor(db: CrmTransaction | CrmDatabase, contractId: string): Promise<bigint> {
    return (await this.receivedByContract(db, [contractId])).get(contractId) ?? 0n;
  }

  async toProto(db: CrmTransaction | CrmDatabase, contract: ContractWithLines) {
    return contractToProto(contract, await this.receivedMinor(db, contract.id));
  }

  /** The contract row locked FOR UPDATE (payments and amendments serialize on it). */
  async lockVisible(tx: CrmTransaction, principal: commonV1.Principal, id: string): Promise<ContractWithLines> {
    const visible = await this.findVisible(principal, id, tx);
    await tx.$queryRaw`SELECT id FROM contracts WHERE id = ${visible.id}::uuid FOR UPDATE`;
    return this.load(tx, visible.id);
  }

  async emit(
    tx: CrmTransaction,
    actorId: string | undefined,
    type: 'crm.contract.signed' | 'crm.contract.amended' | 'crm.contract.cancelled' | 'crm.contract.reassigned',
    contract: ContractWithLines,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: contract.tenantId,
        aggregateId: contract.id,
        aggregateVersion: contract.version,
        ...(actorId ? { actorId } : {}),
        payload: { contract: await this.toProto(tx, contract), attribution: storedAttribution(contract) },
      },
      this.outbox,
    );
  }

  private load(tx: CrmTransaction | CrmDatabase, id: string): Promise<ContractWithLines> {
    return tx.contract.findUniqueOrThrow({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
  }

  /** Validated lines with product line and cost filled from the product where not given. */
  private async resolveLines(
    tx: CrmTransaction,
    tenantId: string,
    input: z.output<typeof linesSchema>,
    currency: string,
  ) {
    const productIds = [...new Set(input.flatMap((l) => (l.productId ? [l.productId] : [])))];
    const products = new Map(
      (await tx.product.findMany({ where: { tenantId, id: { in: productIds } } })).map((p) => [p.id, p]),
    );
    const errors = currencyErrors(
      input.flatMap((l) => [l.amount, ...(l.cost ? [l.cost] : [])]),
      currency,
    ).map((e) => ({ ...e, field: 'lines' }));
    const lines = input.map((line, i) => {
      const product = line.productId ? products.get(line.productId) : undefined;
      if (line.productId && !product) errors.push({ field: `lines.${i}.productId`, message: 'is not a product' });
      if (product && product.currency !== currency && !line.cost) {
        errors.push({ field: `lines.${i}.cost`, message: `is required: the product is priced in ${product.currency}` });
      }
      const productLine = line.productLine || product?.productLine || '';
      if (!productLine) errors.push({ field: `lines.${i}.productLine`, message: 'is required without a product' });
      const costMinor =
        line.cost?.amountMinor ?? (product ? lineCostFromUnitCost(product.costMinor, line.quantityMilli) : 0n);
      return {
        productId: product?.id ?? null,
        productLine,
        quantityMilli: line.quantityMilli,
        amountMinor: line.amount.amountMinor,
        costMinor,
        description: line.description,
      };
    });
    if (errors.length > 0) throw ServiceError.invalid(errors, 'contract lines are invalid');
    return lines;
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}
