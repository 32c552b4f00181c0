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

/**
 * Splits `total` by weights so the parts add up exactly (largest remainder, leftovers to the
 * largest fractions, the earlier part on a tie) — what goals does, shown live in the dialog.
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  // Six decimals, as goals reads weights; BigInt keeps fen exact above 2^53 / 10^6.
  const units = weights.map((w) => BigInt(Math.round(Math.max(0, w || 0) * 1_000_000)));
  const sum = units.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0);
  const whole = BigInt(total);
  const floors = units.map((w) => (whole * w) / sum);
  let left = whole - floors.reduce((a, b) => a + b, 0n);
  const order = units
    .map((w, index) => ({ index, remainder: (whole * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return floors.map(Number);
}
