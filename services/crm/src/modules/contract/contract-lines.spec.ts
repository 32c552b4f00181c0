import { contractTotals, lineCostFromUnitCost, productLineSplit } from './contract-lines';

describe('contract lines', () => {
  it('sums amounts and costs into the gross margin', () => {
    // 300,000 + 50,000 = 350,000 amount; 210,000 + 20,000 = 230,000 cost; margin 120,000.
    expect(
      contractTotals([
        { productLine: 'A', amountMinor: 300_000n, costMinor: 210_000n },
        { productLine: 'B', amountMinor: 50_000n, costMinor: 20_000n },
      ]),
    ).toEqual({ totalAmountMinor: 350_000n, totalCostMinor: 230_000n, grossMarginMinor: 120_000n });
  });

  it('derives a line cost from the unit cost, rounding half up', () => {
    // 333 x 2.5 = 832.5 -> 833
    expect(lineCostFromUnitCost(333n, 2_500n)).toBe(833n);
  });

  it('splits a payment by product line with the largest remainder, summing exactly', () => {
    // 100 over A 1, B 1, C 1 (pooled): 33.33 each; the one left goes to A (first of equal remainders).
    const lines = ['A', 'B', 'C'].map((productLine) => ({ productLine, amountMinor: 1n, costMinor: 0n }));
    expect(productLineSplit(lines, 100n)).toEqual([
      { productLine: 'A', amountMinor: 34n },
      { productLine: 'B', amountMinor: 33n },
      { productLine: 'C', amountMinor: 33n },
    ]);
    // 1,000 over A 600 + 100 (pooled 700) and B 300 of 1,000: 700 and 300 exactly.
    expect(
      productLineSplit(
        [
          { productLine: 'A', amountMinor: 600n, costMinor: 0n },
          { productLine: 'B', amountMinor: 300n, costMinor: 0n },
          { productLine: 'A', amountMinor: 100n, costMinor: 0n },
        ],
        1_000n,
      ),
    ).toEqual([
      { productLine: 'A', amountMinor: 700n },
      { productLine: 'B', amountMinor: 300n },
    ]);
    // 10 over A 2 and B 1: 6.67 and 3.33 -> 6 + 3 = 9, the one left to A (remainder 2/3 > 1/3).
    expect(
      productLineSplit(
        [
          { productLine: 'A', amountMinor: 2n, costMinor: 0n },
          { productLine: 'B', amountMinor: 1n, costMinor: 0n },
        ],
        10n,
      ),
    ).toEqual([
      { productLine: 'A', amountMinor: 7n },
      { productLine: 'B', amountMinor: 3n },
    ]);
  });
});
