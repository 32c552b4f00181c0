import { splitByWeights, weightToUnits } from './largest-remainder';

describe('splitByWeights', () => {
  it('splits 50,000,000 CNY a year into 12 months that sum exactly', () => {
    // 5,000,000,000 fen = 12 * 416,666,666 + 8: the 8 leftover fen go one each to the first
    // 8 months (all remainders are equal, so the earlier month wins).
    const months = splitByWeights(5_000_000_000n, Array(12).fill(1n));
    expect(months).toEqual([...Array(8).fill(416_666_667n), ...Array(4).fill(416_666_666n)]);
    expect(months.reduce((a, b) => a + b, 0n)).toBe(5_000_000_000n);
  });

  it('splits by percentages', () => {
    expect(splitByWeights(1_000n, [60n, 30n, 10n])).toEqual([600n, 300n, 100n]);
  });

  it('gives the leftover unit to the largest remainder, not the first part', () => {
    // 5 * 2/3 = 3.33, 5 * 1/3 = 1.67: floors 3 + 1 = 4, the one left goes to the .67.
    expect(splitByWeights(5n, [2n, 1n])).toEqual([3n, 2n]);
    expect(splitByWeights(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
  });

  it('keeps zero-weight parts at zero', () => {
    expect(splitByWeights(10n, [0n, 1n])).toEqual([0n, 10n]);
  });

  it('refuses all-zero weights', () => {
    expect(() => splitByWeights(10n, [0n, 0n])).toThrow('weights must not all be zero');
  });

  it('always sums exactly and stays within one unit of the exact share (seeded random cases)', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let round = 0; round < 2_000; round++) {
      const total = BigInt(next()) * BigInt(next() % 1000);
      const weights = Array.from({ length: 1 + (next() % 20) }, () => BigInt(next() % 1000));
      if (!weights.some((w) => w > 0n)) weights[0] = 1n;
      const parts = splitByWeights(total, weights);
      const sum = weights.reduce((a, b) => a + b, 0n);
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
      parts.forEach((part, i) => {
        const floor = (total * (weights[i] ?? 0n)) / sum;
        expect(part === floor || part === floor + 1n).toBe(true);
      });
    }
  });
});

describe('weightToUnits', () => {
  it('reads numbers and decimal strings exactly', () => {
    expect(weightToUnits(60)).toBe(60_000_000n);
    expect(weightToUnits('33.333333')).toBe(33_333_333n);
    expect(weightToUnits(0.5)).toBe(500_000n);
  });

  it.each([-1, '-1', 'abc', Number.NaN, ''])('rejects %p', (w) => {
    expect(weightToUnits(w)).toBeUndefined();
  });
});
