import fc from 'fast-check';
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
});

describe('splitByWeights (properties, fast-check)', () => {
  // Weights > 0 in millionths (what weightToUnits gives: up to 1,000,000.000000; small ones
  // too, so that equal remainders are common), 1 to 40 children, amounts in integer minor units
  // up to 10^15 (10 trillion CNY in fen).
  const weight = fc.oneof(fc.bigInt({ min: 1n, max: 5n }), fc.bigInt({ min: 1n, max: 1_000_000_000_000n }));
  const weights = fc.array(weight, { minLength: 1, maxLength: 40 });
  const amount = fc.bigInt({ min: 0n, max: 1_000_000_000_000_000n });
  const total = (parts: readonly bigint[]) => parts.reduce((a, b) => a + b, 0n);

  it('children sum exactly to the parent', () => {
    fc.assert(fc.property(amount, weights, (value, ws) => total(splitByWeights(value, ws)) === value));
  });

  it('each child is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(amount, weights, (value, ws) => {
        const sum = total(ws);
        // |part - value * w / sum| < 1  <=>  |part * sum - value * w| < sum (all integers).
        return splitByWeights(value, ws).every((part, i) => {
          const gap = part * sum - value * (ws[i] ?? 0n);
          return (gap < 0n ? -gap : gap) < sum;
        });
      }),
    );
  });

  it('gives the leftover units to the largest remainders, the earlier child on a tie', () => {
    fc.assert(
      fc.property(amount, weights, (value, ws) => {
        const sum = total(ws);
        const parts = splitByWeights(value, ws);
        const got = ws.map((w, i) => (parts[i] ?? 0n) > (value * w) / sum);
        const remainder = ws.map((w) => (value * w) % sum);
        return ws.every((_, i) =>
          ws.every((__, j) => {
            if (!got[i] || got[j]) return true;
            const ri = remainder[i] ?? 0n;
            const rj = remainder[j] ?? 0n;
            return ri > rj || (ri === rj && i < j);
          }),
        );
      }),
    );
  });

  it('is deterministic: the same input always gives the same parts', () => {
    fc.assert(
      fc.property(amount, weights, (value, ws) => {
        const first = splitByWeights(value, ws);
        const second = splitByWeights(value, [...ws]);
        return first.length === ws.length && first.every((part, i) => part === second[i]);
      }),
    );
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
