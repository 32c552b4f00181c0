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
import type { Payment, PaymentInstallment, Prisma } from '../../generated/prisma/client';
import { ContractError } from '../contract/contract.errors';
import type { ContractWithLines } from '../contract/contract.mapper';
import { storedAttribution } from '../contract/contract.mapper';
import type { ContractService } from '../contract/contract.service';
import { productLineSplit } from '../contract/contract-lines';
import { currencyCode, type MoneyInput, minorUnits } from '../shared/money';
import { parseIsoDate, parseOrThrow } from '../shared/validation';
import { PaymentError } from './payment.errors';
import { paymentToProto } from './payment.mapper';

export interface PaymentInput {
  contractId: string;
  amount: MoneyInput;
  receivedOn: string;
  method?: string;
  reference?: string;
  installmentId?: string;
}

export interface InstallmentInput {
  dueOn: string;
  amount: MoneyInput;
}

export type ReceivablesGrouping = 'contract' | 'customer' | 'owner';

/** Outstanding receivables (应收) of signed contracts, summed in SQL per contract, customer or rep. */
export interface ReceivableRow {
  key: string;
  currency: string;
  contracts: number;
  totalAmountMinor: bigint;
  receivedMinor: bigint;
  outstandingMinor: bigint;
}

const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'must be a date YYYY-MM-DD');
const positive = minorUnits.refine((v) => v > 0n, 'must be more than 0');
const paymentSchema = z.object({
  contractId: z.uuid('is not an id'),
  amount: z.object({ amountMinor: positive, currency: currencyCode }),
  receivedOn: isoDate,
  method: z.string().trim().max(50, 'is longer than 50 characters').default(''),
  reference: z.string().trim().max(100, 'is longer than 100 characters').default(''),
  installmentId: z.uuid('is not an id').optional(),
});
const planSchema = z.object({
  installments: z
    .array(z.object({ dueOn: isoDate, amount: z.object({ amountMinor: positive, currency: currencyCode }) }))
    .max(120, 'has more than 120 installments'),
});

/**
 * Payments received (回款) against signed contracts, their planned installments (回款计划)
 * and receivables. Each payment and reversal locks the contract row (SELECT ... FOR UPDATE),
 * so two concurrent payments can never together exceed what the contract is worth.
 */
export class PaymentService {
  constructor(
    private readonly db: CrmDatabase,
    private readonly contracts: ContractService,
    private readonly outbox: OutboxOptions,
  ) {}

  async receive(principal: commonV1.Principal, input: PaymentInput): Promise<Payment> {
    requirePermission(principal, 'crm.payment.write');
    const data = parseOrThrow(paymentSchema, input, 'payment');
    return this.db.$transaction(async (tx) => {
      const contract = await this.contracts.lockVisible(tx, principal, data.contractId);
      if (contract.status !== 'SIGNED') throw ContractError.notSigned(contract.id);
      if (data.amount.currency !== contract.currency) {
        throw ServiceError.invalid([{ field: 'amount.currency', message: `must be ${contract.currency}` }]);
      }
      if (data.installmentId) {
        const installment = await tx.paymentInstallment.findFirst({
          where: { id: data.installmentId, contractId: contract.id },
        });
        if (!installment)
          throw ServiceError.invalid([{ field: 'installmentId', message: 'is not an installment of the contract' }]);
      }
      const outstanding = contract.totalAmountMinor - (await this.contracts.receivedMinor(tx, contract.id));
      if (data.amount.amountMinor > outstanding) throw PaymentError.overpayment(outstanding, contract.currency);
      const payment = await tx.payment.create({
        data: {
          id: uuidv7(),
          tenantId: contract.tenantId,
          contractId: contract.id,
          customerId: contract.customerId,
          ownerId: contract.attrOwnerId ?? contract.ownerId,
          amountMinor: data.amount.amountMinor,
          currency: contract.currency,
          receivedOn: parseIsoDate(data.receivedOn) as Date,
          method: data.method,
          reference: data.reference,
          installmentId: data.installmentId ?? null,
          // The contract's attribution, frozen at signing: a payment counts for who signed.
          attrOwnerId: contract.attrOwnerId,
          attrDepartmentId: contract.attrDepartmentId,
          attrDepartmentPath: contract.attrDepartmentPath,
          attrRegion: contract.attrRegion,
          attrSegment: contract.attrSegment,
        },
      });
      await this.receivedAmountChanged(tx, contract.id);
      await this.emit(tx, principal, 'crm.payment.received', payment, contract);
      return payment;
    });
  }

  /** The payment no longer counts (bounced, refunded, entered in error). */
  async reverse(principal: commonV1.Principal, id: string, reason: string): Promise<Payment> {
    requirePermission(principal, 'crm.payment.write');
    const why = (reason ?? '').trim();
    if (why === '' || why.length > 500) {
      throw ServiceError.invalid([{ field: 'reason', message: 'is required (at most 500 characters)' }]);
    }
    return this.db.$transaction(async (tx) => {
      const found = await this.findVisible(principal, id, tx);
      const contract = await this.contracts.lockVisible(tx, principal, found.contractId);
      const current = await tx.payment.findUniqueOrThrow({ where: { id: found.id } });
      if (current.status === 'REVERSED') throw PaymentError.alreadyReversed(id);
      const payment = await tx.payment.update({
        where: { id: current.id },
        data: { status: 'REVERSED', reversalReason: why, reversedAt: new Date(), version: { increment: 1 } },
      });
      await this.receivedAmountChanged(tx, contract.id);
      await this.emit(tx, principal, 'crm.payment.reversed', payment, contract);
      return payment;
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Payment> {
    requirePermission(principal, 'crm.payment.read');
    return this.findVisible(principal, id);
  }

  async list(
    principal: commonV1.Principal,
    query: {
      limit?: number;
      cursor?: string;
      contractId?: string;
      customerId?: string;
      receivedFrom?: string;
      receivedTo?: string;
    },
  ): Promise<{ payments: Payment[]; nextCursor: string }> {
    requirePermission(principal, 'crm.payment.read');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    for (const [field, value] of [
      ['contractId', query.contractId],
      ['customerId', query.customerId],
    ] as const) {
      if (value && !z.uuid().safeParse(value).success) throw ServiceError.invalid([{ field, message: 'is not an id' }]);
    }
    const received = receivedRange(query.receivedFrom, query.receivedTo);
    const owners = await this.visibleOwners(principal);
    const and: Prisma.PaymentWhereInput[] = [];
    // A payment is seen by whoever may see its contract now.
    if (owners) and.push({ contract: { ownerId: { in: owners } } });
    if (after) {
      and.push({
        OR: [{ createdAt: { lt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { lt: after.id } }],
      });
    }
    const rows = await this.db.payment.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.contractId ? { contractId: query.contractId } : {}),
        ...(query.customerId ? { customerId: query.customerId } : {}),
        ...(received ? { receivedOn: received } : {}),
        AND: and,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    const payments = rows.slice(0, limit);
    const last = payments.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : '';
    return { payments, nextCursor };
  }

  /**
   * Replaces the contract's payment plan. The installments must add up to the contract total
   * (or be empty, to drop the plan); payments keep counting but lose their installment link.
   */
  async setPlan(
    principal: commonV1.Principal,
    contractId: string,
    installments: InstallmentInput[],
  ): Promise<{ contract: ContractWithLines; installments: PaymentInstallment[] }> {
    requirePermission(principal, 'crm.contract.write');
    const data = parseOrThrow(planSchema, { installments }, 'payment plan');
    return this.db.$transaction(async (tx) => {
      const contract = await this.contracts.lockVisible(tx, principal, contractId);
      if (contract.status === 'CANCELLED') throw ContractError.cancelled(contract.id);
      const errors = data.installments.flatMap((i, n) =>
        i.amount.currency === contract.currency
          ? []
          : [{ field: `installments.${n}.amount.currency`, message: `must be ${contract.currency}` }],
      );
      const sum = data.installments.reduce((s, i) => s + i.amount.amountMinor, 0n);
      if (data.installments.length > 0 && sum !== contract.totalAmountMinor) {
        errors.push({
          field: 'installments',
          message: `add up to ${sum}, the contract total is ${contract.totalAmountMinor}`,
        });
      }
      if (errors.length > 0) throw ServiceError.invalid(errors, 'payment plan is invalid');
      await tx.payment.updateMany({ where: { contractId: contract.id }, data: { installmentId: null } });
      await tx.paymentInstallment.deleteMany({ where: { contractId: contract.id } });
      const sorted = [...data.installments].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      await tx.paymentInstallment.createMany({
        data: sorted.map((i, n) => ({
          id: uuidv7(),
          tenantId: contract.tenantId,
          contractId: contract.id,
          sequence: n + 1,
          dueOn: parseIsoDate(i.dueOn) as Date,
          amountMinor: i.amount.amountMinor,
        })),
      });
      await tx.contract.update({
        where: { id: contract.id },
        data: { version: { increment: 1 }, updatedAt: new Date() },
      });
      return {
        contract: await this.contracts.findVisible(principal, contract.id, tx),
        installments: await tx.paymentInstallment.findMany({
          where: { contractId: contract.id },
          orderBy: { sequence: 'asc' },
        }),
      };
    });
  }

  /** The plan with what was received against each installment. */
  async plan(
    principal: commonV1.Principal,
    contractId: string,
  ): Promise<{
    contract: ContractWithLines;
    installments: { installment: PaymentInstallment; receivedMinor: bigint }[];
  }> {
    requirePermission(principal, 'crm.contract.read');
    const contract = await this.contracts.findVisible(principal, contractId);
    const installments = await this.db.paymentInstallment.findMany({
      where: { contractId: contract.id },
      orderBy: { sequence: 'asc' },
    });
    const received = await this.db.payment.groupBy({
      by: ['installmentId'],
      where: { contractId: contract.id, status: 'RECEIVED', installmentId: { not: null } },
      _sum: { amountMinor: true },
    });
    const byInstallment = new Map(received.map((r) => [r.installmentId, r._sum.amountMinor ?? 0n]));
    return {
      contract,
      installments: installments.map((installment) => ({
        installment,
        receivedMinor: byInstallment.get(installment.id) ?? 0n,
      })),
    };
  }

  /**
   * Outstanding receivables of the signed contracts the caller may see, grouped by contract,
   * customer or owner (the rep), summed in SQL. Fully paid contracts still count in the totals.
   */
  async receivables(
    principal: commonV1.Principal,
    groupBy: ReceivablesGrouping,
    filter: { customerId?: string; ownerId?: string } = {},
  ): Promise<ReceivableRow[]> {
    requirePermission(principal, 'crm.payment.read');
    const owners = await this.visibleOwners(principal);
    const everyone = owners === undefined;
    for (const [field, value] of Object.entries(filter)) {
      if (value && !z.uuid().safeParse(value).success) throw ServiceError.invalid([{ field, message: 'is not an id' }]);
    }
    const customerId = filter.customerId || null;
    const ownerId = filter.ownerId || null;
    const rows = await this.db.$queryRaw<
      { key: string; currency: string; contracts: bigint; total: bigint; received: bigint }[]
    >`
      WITH per_contract AS (
        SELECT c.id, c.customer_id, c.owner_id, c.currency, c.total_amount_minor AS total,
               coalesce((SELECT sum(p.amount_minor) FROM payments p
                         WHERE p.contract_id = c.id AND p.status = 'RECEIVED'), 0) AS received
        FROM contracts c
        WHERE c.tenant_id = ${principal.tenantId}::uuid AND c.status = 'SIGNED'
          AND (${everyone}::boolean OR c.owner_id = ANY(${owners ?? []}::uuid[]))
          AND (${customerId}::uuid IS NULL OR c.customer_id = ${customerId}::uuid)
          AND (${ownerId}::uuid IS NULL OR c.owner_id = ${ownerId}::uuid)
      )
      SELECT (CASE ${groupBy}::text WHEN 'contract' THEN id WHEN 'customer' THEN customer_id ELSE owner_id END)::text AS key,
             currency, count(*) AS contracts, sum(total)::bigint AS total, sum(received)::bigint AS received
      FROM per_contract
      GROUP BY 1, currency
      ORDER BY sum(total) - sum(received) DESC, 1`;
    return rows.map((r) => ({
      key: r.key,
      currency: r.currency,
      contracts: Number(r.contracts),
      totalAmountMinor: BigInt(r.total),
      receivedMinor: BigInt(r.received),
      outstandingMinor: BigInt(r.total) - BigInt(r.received),
    }));
  }

  /**
   * A contract's received and outstanding amounts are part of it as read, and its version is its
   * ETag: a payment or reversal moves the version on, so a cached copy revalidates (If-None-Match)
   * to the new amounts and an amendment sent with the old If-Match (which may not fall below what
   * was received) is refused rather than judged against stale figures.
   */
  private async receivedAmountChanged(tx: CrmTransaction, contractId: string): Promise<void> {
    await tx.contract.update({ where: { id: contractId }, data: { version: { increment: 1 }, updatedAt: new Date() } });
  }

  private async findVisible(principal: commonV1.Principal, id: string, tx: CrmTransaction | CrmDatabase = this.db) {
    if (!z.uuid().safeParse(id).success) throw PaymentError.notFound(id);
    const owners = await this.visibleOwners(principal);
    const payment = await tx.payment.findFirst({
      where: { id, tenantId: principal.tenantId, ...(owners ? { contract: { ownerId: { in: owners } } } : {}) },
    });
    if (!payment) throw PaymentError.notFound(id);
    return payment;
  }

  private async emit(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    type: 'crm.payment.received' | 'crm.payment.reversed',
    payment: Payment,
    contract: ContractWithLines,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: payment.tenantId,
        aggregateId: payment.id,
        aggregateVersion: payment.version,
        actorId: principal.employeeId,
        payload: {
          payment: paymentToProto(payment),
          attribution: storedAttribution(payment),
          productLineSplit: productLineSplit(contract.lines, payment.amountMinor).map((p) => ({
            productLine: p.productLine,
            amountMinor: p.amountMinor.toString(),
          })),
        },
      },
      this.outbox,
    );
  }

  private visibleOwners(principal: commonV1.Principal): Promise<string[] | undefined> {
    return visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
  }
}

/** The received-date filter of a payment list (both ends inclusive, either may be empty). */
function receivedRange(from: string | undefined, to: string | undefined): { gte?: Date; lte?: Date } | undefined {
  const errors: { field: string; message: string }[] = [];
  const day = (field: string, value: string | undefined) => {
    if (!value) return undefined;
    const at = new Date(`${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
      errors.push({ field, message: 'must be a date YYYY-MM-DD' });
      return undefined;
    }
    return at;
  };
  const gte = day('receivedFrom', from);
  const lte = day('receivedTo', to);
  if (gte && lte && gte > lte) errors.push({ field: 'receivedTo', message: 'is before receivedFrom' });
  if (errors.length > 0) throw ServiceError.invalid(errors);
  if (!gte && !lte) return undefined;
  return { ...(gte ? { gte } : {}), ...(lte ? { lte } : {}) };
}
