import type { Schemas } from '../../api/client';
import { formatMoney } from '../../components/money';

export type TargetNode = Schemas['TargetNode'];
export type Metric = TargetNode['metric'];

export const METRICS: Metric[] = [
  'CONTRACT_AMOUNT',
  'PAYMENT_AMOUNT',
  'GROSS_MARGIN',
  'NEW_CUSTOMERS',
  'VISITS',
  'EFFECTIVE_VISITS',
  'NEW_OUTLETS',
];
const MONEY_METRICS = new Set<Metric>(['CONTRACT_AMOUNT', 'PAYMENT_AMOUNT', 'GROSS_MARGIN']);

/** Money metrics count fen of the tenant currency; the others count things. */
export function isMoneyMetric(metric: Metric): boolean {
  return MONEY_METRICS.has(metric);
}

/** A target amount as its metric reads: ¥ for money (minor units), a plain count otherwise. */
export function formatTargetAmount(metric: Metric, amount: number, language: string): string {
  return isMoneyMetric(metric)
    ? formatMoney({ amountMinor: amount, currency: 'CNY' }, language)
    : new Intl.NumberFormat(language).format(amount);
}

/** The nodes of GET /targets/tree (parents first) nested under their parents, for a tree table. */
export type TargetRow = TargetNode & { children?: TargetRow[] };
export function nestTargets(nodes: readonly TargetNode[]): TargetRow[] {
  const rows = new Map<string, TargetRow>(nodes.map((node) => [node.id, { ...node }]));
  const roots: TargetRow[] = [];
  for (const row of rows.values()) {
    const parent = row.parentId ? rows.get(row.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), row];
    else roots.push(row);
  }
  return roots;
}
