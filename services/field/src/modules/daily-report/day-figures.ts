import type { FieldTransaction } from '../../database';
import { instantOf, localDayOf } from '../calendar/local-day';
import { dateColumn, partsOf } from '../shared/local-date';

/** What the data says about a rep's day; stored as the report's `figures`. */
export interface DayFigures {
  checkIns: number;
  customersVisited: number;
  followUps: number;
  payments: number;
  paymentsAmountMinor: string;
  contracts: number;
  contractsAmountMinor: string;
  /** Tenants book in one currency; CNY until a fact says otherwise. */
  currency: string;
  /** The day's first clock-in and last clock-out (ISO), null when none. */
  clockedInAt: string | null;
  clockedOutAt: string | null;
  clockedInLate: boolean;
}

/** [start, end) of a local date in `timeZone`. */
export function localDayBounds(localDate: string, timeZone: string): { start: Date; end: Date } {
  const { year, month, day } = partsOf(localDate);
  const start = instantOf({ year, month, day }, timeZone);
  return { start, end: localDayOf(start, timeZone).end };
}

/**
 * The rep's day from the data: check-ins recorded here (CHECK_IN records; distinct customers),
 * and crm's follow-ups, payments received (not reversed) and contracts signed (not cancelled)
 * that count for the rep, from `report_facts`.
 */
export async function dayFigures(
  tx: FieldTransaction,
  tenantId: string,
  employeeId: string,
  localDate: string,
  timeZone: string,
): Promise<DayFigures> {
  const { start, end } = localDayBounds(localDate, timeZone);
  const checkIns = await tx.checkIn.findMany({
    where: { tenantId, employeeId, kind: 'CHECK_IN', occurredAt: { gte: start, lt: end } },
    select: { customerId: true },
  });
  const facts = await tx.reportFact.groupBy({
    by: ['kind', 'currency'],
    where: { tenantId, employeeId, localDate: dateColumn(localDate), counted: true },
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  const of = (kind: string) => facts.filter((f) => f.kind === kind);
  const count = (kind: string) => of(kind).reduce((n, f) => n + f._count._all, 0);
  const sum = (kind: string) => of(kind).reduce((n, f) => n + (f._sum.amountMinor ?? 0n), 0n);
  const currency = facts.find((f) => f.currency)?.currency ?? 'CNY';
  const clocks = await tx.attendanceRecord.findMany({
    where: { tenantId, employeeId, occurredAt: { gte: start, lt: end } },
    orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    select: { kind: true, occurredAt: true, late: true },
  });
  const firstIn = clocks.find((c) => c.kind === 'CLOCK_IN');
  const lastOut = clocks.filter((c) => c.kind === 'CLOCK_OUT').at(-1);
  return {
    checkIns: checkIns.length,
    customersVisited: new Set(checkIns.map((c) => c.customerId).filter(Boolean)).size,
    followUps: count('FOLLOW_UP'),
    payments: count('PAYMENT'),
    paymentsAmountMinor: String(sum('PAYMENT')),
    contracts: count('CONTRACT'),
    contractsAmountMinor: String(sum('CONTRACT')),
    currency,
    clockedInAt: firstIn ? firstIn.occurredAt.toISOString() : null,
    clockedOutAt: lastOut ? lastOut.occurredAt.toISOString() : null,
    clockedInLate: firstIn?.late ?? false,
  };
}
