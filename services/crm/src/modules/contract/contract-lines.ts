import type { FieldError } from '@salesflow/platform';

export interface LineAmounts {
  productLine: string;
  amountMinor: bigint;
  costMinor: bigint;
}

export interface ContractTotals {
  totalAmountMinor: bigint;
  totalCostMinor: bigint;
  /** 毛利 = amount - cost, summed over the lines (can be negative: a loss-making deal). */
  grossMarginMinor: bigint;
}

export function contractTotals(lines: readonly LineAmounts[]): ContractTotals {
  const totalAmountMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  const totalCostMinor = lines.reduce((sum, l) => sum + l.costMinor, 0n);
  return { totalAmountMinor, totalCostMinor, grossMarginMinor: totalAmountMinor - totalCostMinor };
}

/** A line's cost from the product's unit cost: unit cost x quantity (in thousandths), rounded half up. */
export function lineCostFromUnitCost(unitCostMinor: bigint, quantityMilli: bigint): bigint {
  return (unitCostMinor * quantityMilli + 500n) / 1000n;
}

/**
 * Splits a payment over the contract's product lines in proportion to their amounts, by
 * largest remainder so that the parts add up to the payment exactly. Lines of one product
 * line are pooled; ties in the remainder go to the product line met first.
 */
export function productLineSplit(
  lines: readonly LineAmounts[],
  paymentMinor: bigint,
): { productLine: string; amountMinor: bigint }[] {
  const pooled = new Map<string, bigint>();
  for (const line of lines) pooled.set(line.productLine, (pooled.get(line.productLine) ?? 0n) + line.amountMinor);
  const total = [...pooled.values()].reduce((a, b) => a + b, 0n);
  if (total === 0n) return [];
  const parts = [...pooled.entries()].map(([productLine, amount], order) => ({
    productLine,
    amountMinor: (paymentMinor * amount) / total,
    remainder: (paymentMinor * amount) % total,
    order,
  }));
  let left = paymentMinor - parts.reduce((sum, p) => sum + p.amountMinor, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.order - b.order : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (left === 0n) break;
    part.amountMinor += 1n;
    left -= 1n;
  }
  return parts.map(({ productLine, amountMinor }) => ({ productLine, amountMinor }));
}

/** Lines in a currency other than the contract's are refused, per line. */
export function currencyErrors(lines: readonly { currency: string }[], currency: string): FieldError[] {
  return lines.flatMap((line, i) =>
    line.currency === currency ? [] : [{ field: `lines.${i}.amount.currency`, message: `must be ${currency}` }],
  );
}
