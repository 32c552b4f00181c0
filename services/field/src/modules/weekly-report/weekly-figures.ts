// 周进度控制 figures from a department's week of data. Pure: the formulas are in the README.

export interface WeeklyItem {
  marketReportId: string;
  customerId: string;
  competitor: string;
  title: string;
  severity: string;
}

/** One of goals' target nodes for the department and the week. */
export interface WeeklyTarget {
  targetId: string;
  metric: string;
  value: string;
  achieved: string;
  completionRate: number;
  productLine: string;
  region: string;
  customerSegment: string;
}

export interface WeeklyFigures {
  reps: number;
  newCustomers: number;
  collectionsMinor: string;
  contractAmountMinor: string;
  contracts: number;
  visits: number;
  completedVisits: number;
  effectiveVisits: number;
  effectiveVisitRate: number;
  customersVisited: number;
  visitedCustomersSigned: number;
  transactionRate: number;
  averageSalesPerRepMinor: string;
  currency: string;
  competitorMoves: WeeklyItem[];
  abnormalCustomers: WeeklyItem[];
  targets: WeeklyTarget[];
}

export interface WeeklyInput {
  reps: number;
  /** The members' check-ins and check-outs of the week. */
  checkIns: readonly { kind: 'CHECK_IN' | 'CHECK_OUT'; customerId: string | null }[];
  /** The members' visits (check-ins at a customer closed by a check-out) of the week. */
  visits: readonly { effective: boolean }[];
  /** The department's target nodes for the week. */
  targets: readonly {
    id: string;
    metric: string;
    value: bigint;
    achieved: bigint;
    productLine: string;
    region: string;
    customerSegment: string;
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
 * Visits are check-ins at a customer; a completed visit is one a check-out closed (a row of
 * the visits table) and an effective one passed the effective-visit rule there, so the
 * effective-visit rate is effective visits / visits (DOMAIN §6): a check-in never closed
 * counts against it.
 */
export function weeklyFigures(input: WeeklyInput): WeeklyFigures {
  const atCustomers = input.checkIns.filter((c) => c.kind === 'CHECK_IN' && c.customerId);
  const visits = atCustomers.length;
  const visited = new Set(atCustomers.map((c) => c.customerId ?? ''));
  const effective = input.visits.filter((v) => v.effective).length;
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
    completedVisits: input.visits.length,
    effectiveVisits: effective,
    effectiveVisitRate: ratio(effective, visits),
    customersVisited: visited.size,
    visitedCustomersSigned: signed,
    transactionRate: ratio(signed, visited.size),
    averageSalesPerRepMinor: String(average),
    currency: input.facts.find((f) => f.currency)?.currency ?? 'CNY',
    competitorMoves: input.marketReports.filter((r) => r.type === 'COMPETITOR_ACTIVITY').map(item),
    abnormalCustomers: input.marketReports.filter((r) => r.type === 'DEALER_COMPLAINT').map(item),
    targets: input.targets.map((t) => ({
      targetId: t.id,
      metric: t.metric,
      value: String(t.value),
      achieved: String(t.achieved),
      // bigint minor units can exceed 2^53 only far beyond any real target; the ratio is a display figure.
      completionRate: ratio(Number(t.achieved), Number(t.value)),
      productLine: t.productLine,
      region: t.region,
      customerSegment: t.customerSegment,
    })),
  };
}
