import type { commonV1, crmV1, fieldV1 } from '@salesflow/contracts';
import type { TargetMetric } from '../../generated/prisma/client';

/**
 * One business fact as it counts for one metric. `amount` 0 means "counts for nothing any
 * more" (a cancelled contract, a reversed payment): the row stays, so a late, older copy of
 * the fact cannot bring the amount back.
 */
export interface FactChange {
  factId: string;
  metric: TargetMetric;
  /** ISO day the fact counts on (signed, received, visited, created). */
  factDate: string;
  ownerId: string;
  /** The owner's department path at the time of the fact; '' when unknown. */
  departmentPath: string;
  region: string;
  customerSegment: string;
  amount: bigint;
  productLineAmounts: Record<string, string>;
  /** The source aggregate's version: an older one never replaces a newer one. */
  sourceVersion: bigint;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function attributed(attribution: commonV1.Attribution | undefined, ownerFallback: string) {
  return {
    ownerId: attribution?.ownerId || ownerFallback,
    departmentPath: attribution?.departmentPath ?? '',
    region: attribution?.region ?? '',
    customerSegment: attribution?.customerSegment ?? '',
  };
}

function sumByLine(entries: { line: string; amount: bigint }[]): Record<string, string> {
  const sums = new Map<string, bigint>();
  for (const { line, amount } of entries) {
    if (!line) continue;
    sums.set(line, (sums.get(line) ?? 0n) + amount);
  }
  return Object.fromEntries([...sums].map(([line, amount]) => [line, amount.toString()]));
}

function minor(money: commonV1.Money | undefined): bigint {
  return BigInt(money?.amountMinor || '0');
}

/**
 * crm.contract.signed / amended count the contract's total (CONTRACT_AMOUNT) and gross margin
 * (GROSS_MARGIN) on its signed day, per product line too; cancelled sets both to 0.
 */
export function contractFacts(type: string, payload: crmV1.ContractChanged): FactChange[] {
  const contract = payload.contract;
  if (!contract || !ISO_DAY.test(contract.signedOn)) return [];
  const cancelled = type === 'crm.contract.cancelled' || contract.status === 'CONTRACT_STATUS_CANCELLED';
  const base = {
    factId: `contract:${contract.id}`,
    factDate: contract.signedOn,
    ...attributed(payload.attribution, contract.ownerId),
    sourceVersion: BigInt(contract.version || '0'),
  };
  const lines = contract.lines;
  return [
    {
      ...base,
      metric: 'CONTRACT_AMOUNT',
      amount: cancelled ? 0n : minor(contract.totalAmount),
      productLineAmounts: cancelled
        ? {}
        : sumByLine(lines.map((l) => ({ line: l.productLine, amount: minor(l.amount) }))),
    },
    {
      ...base,
      metric: 'GROSS_MARGIN',
      amount: cancelled ? 0n : minor(contract.grossMargin),
      productLineAmounts: cancelled
        ? {}
        : sumByLine(lines.map((l) => ({ line: l.productLine, amount: minor(l.grossMargin) }))),
    },
  ];
}

/** crm.payment.received counts PAYMENT_AMOUNT on its day (split by product line); reversed: 0. */
export function paymentFacts(type: string, payload: crmV1.PaymentChanged): FactChange[] {
  const payment = payload.payment;
  if (!payment || !ISO_DAY.test(payment.receivedOn)) return [];
  const reversed = type === 'crm.payment.reversed' || payment.status === 'PAYMENT_STATUS_REVERSED';
  return [
    {
      factId: `payment:${payment.id}`,
      metric: 'PAYMENT_AMOUNT',
      factDate: payment.receivedOn,
      ...attributed(payload.attribution, payment.ownerId),
      amount: reversed ? 0n : minor(payment.amount),
      productLineAmounts: reversed
        ? {}
        : sumByLine(
            payload.productLineSplit.map((p) => ({ line: p.productLine, amount: BigInt(p.amountMinor || '0') })),
          ),
      sourceVersion: BigInt(payment.version || '0'),
    },
  ];
}

/**
 * crm.customer.created counts one NEW_CUSTOMERS for the owner on the day it was created (in the
 * tenant's time zone). The event carries no frozen attribution: the department path is the
 * owner's at the time the event is handled (`departmentPath`, from the org replica).
 */
export function customerFacts(payload: crmV1.CustomerChanged, departmentPath: string, timeZone: string): FactChange[] {
  const customer = payload.customer;
  if (!customer?.createdAt || !customer.ownerId) return [];
  return [
    {
      factId: `customer:${customer.id}`,
      metric: 'NEW_CUSTOMERS',
      factDate: localDay(customer.createdAt, timeZone),
      ownerId: customer.ownerId,
      departmentPath,
      region: customer.region,
      customerSegment: customer.tier,
      amount: 1n,
      productLineAmounts: {},
      sourceVersion: BigInt(customer.version || '0'),
    },
  ];
}

/**
 * field.visit.completed counts one VISITS (and one NEW_OUTLETS for a first visit to the
 * customer); field.visit.effective counts one EFFECTIVE_VISITS. All on the rep's local day.
 */
export function visitFacts(type: string, payload: fieldV1.VisitRecorded): FactChange[] {
  const visit = payload.visit;
  if (!visit || !ISO_DAY.test(visit.localDate)) return [];
  const base = {
    factId: `visit:${visit.id}`,
    factDate: visit.localDate,
    ...attributed(payload.attribution, visit.employeeId),
    amount: 1n,
    productLineAmounts: {},
    sourceVersion: BigInt(visit.version || '0'),
  };
  if (type === 'field.visit.effective') return [{ ...base, metric: 'EFFECTIVE_VISITS' }];
  const facts: FactChange[] = [{ ...base, metric: 'VISITS' }];
  if (visit.firstVisitToCustomer) facts.push({ ...base, metric: 'NEW_OUTLETS' });
  return facts;
}

/** The calendar day of an instant in a time zone ("2026-07-01"). */
export function localDay(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}
