// 周进度控制 figures from a department's week of data. Pure: the formulas are in the README.

export interface WeeklyItem {
  marketReportId: string;
  customerId: string;
  competitor: string;
  title: string;
  severity: string;
}

export interface WeeklyFigures {
  reps: number;
  newCustomers: number;
  collectionsMinor: string;
  contractAmountMinor: string;
  contracts: number;
  visits: number;
  completedVisits: number;
  effectiveVisitRate: number;
  customersVisited: number;
  visitedCustomersSigned: number;
  transactionRate: number;
  averageSalesPerRepMinor: string;
  currency: string;
  competitorMoves: WeeklyItem[];
  abnormalCustomers: WeeklyItem[];
}

export interface WeeklyInput {
  reps: number;
  /** The members' check-ins and check-outs of the week, any order. */
  checkIns: readonly {
    employeeId: string;
    kind: 'CHECK_IN' | 'CHECK_OUT';
    occurredAt: Date;
    localDate: string;
    customerId: string | null;
  }[];
  /** Counted facts of the members in the week. */
  facts: readonly { kind: string; customerId: string | null; amountMinor: bigint; currency: string }[];
  /** Customers with a contract signed in the week (by anyone). */
  customersSigned: ReadonlySet<string>;
  marketReports: readonly {
    id: string;
    type: string;
    customerId: string | null;
    competitor: string;
    title: string;
    severity: string;
  }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

/**
 * Visits are check-ins at a customer; a visit is completed when the rep's next record that
 * day is a check-out (a check-in/check-out pair). Until the visits table of the visits module
 * lands, the effective-visit rate is completed visits / visits.
 */
export function weeklyFigures(input: WeeklyInput): WeeklyFigures {
  const ordered = [...input.checkIns].sort(
    (a, b) => a.employeeId.localeCompare(b.employeeId) || a.occurredAt.getTime() - b.occurredAt.getTime(),
  );
  let visits = 0;
  let completed = 0;
  const visited = new Set<string>();
  ordered.forEach((record, i) => {
    if (record.kind !== 'CHECK_IN' || !record.customerId) return;
    visits++;
    visited.add(record.customerId);
    const next = ordered[i + 1];
    if (
      next &&
      next.employeeId === record.employeeId &&
      next.localDate === record.localDate &&
      next.kind === 'CHECK_OUT'
    ) {
      completed++;
    }
  });
  const sum = (kind: string) => input.facts.filter((f) => f.kind === kind).reduce((n, f) => n + f.amountMinor, 0n);
  const contractAmount = sum('CONTRACT');
  const signed = [...visited].filter((c) => input.customersSigned.has(c)).length;
  // Half up: (2a + b) / 2b in integers.
  const average = input.reps === 0 ? 0n : (2n * contractAmount + BigInt(input.reps)) / (2n * BigInt(input.reps));
  const item = (r: WeeklyInput['marketReports'][number]): WeeklyItem => ({
    marketReportId: r.id,
    customerId: r.customerId ?? '',
    competitor: r.competitor,
    title: r.title,
    severity: r.severity,
  });
  return {
    reps: input.reps,
    newCustomers: input.facts.filter((f) => f.kind === 'NEW_CUSTOMER').length,
    collectionsMinor: String(sum('PAYMENT')),
    contractAmountMinor: String(contractAmount),
    contracts: input.facts.filter((f) => f.kind === 'CONTRACT').length,
    visits,
    completedVisits: completed,
    effectiveVisitRate: ratio(completed, visits),
    customersVisited: visited.size,
    visitedCustomersSigned: signed,
    transactionRate: ratio(signed, visited.size),
    averageSalesPerRepMinor: String(average),
    currency: input.facts.find((f) => f.currency)?.currency ?? 'CNY',
    competitorMoves: input.marketReports.filter((r) => r.type === 'COMPETITOR_ACTIVITY').map(item),
    abnormalCustomers: input.marketReports.filter((r) => r.type === 'DEALER_COMPLAINT').map(item),
  };
}
