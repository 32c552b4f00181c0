import { splitByWeights } from './split-by-weights.js';

describe('splitByWeights (the live shares of the decomposition dialog)', () => {
  it('splits in proportion and the parts add up exactly', () => {
    // 100,000,000 fen with weights 2,1,1,1 (sum 5): 40,000,000 and 3 x 20,000,000.
    expect(splitByWeights(100_000_000, [2, 1, 1, 1])).toEqual([40_000_000, 20_000_000, 20_000_000, 20_000_000]);
  });

  it('gives the leftover units to the largest remainders, the earlier part on a tie', () => {
    // 50,000,000,000 fen / 12 = 4,166,666,666 r 8: the first 8 months get one fen more (all remainders equal).
    const months = splitByWeights(50_000_000_000, Array(12).fill(1));
    expect(months.slice(0, 8)).toEqual(Array(8).fill(4_166_666_667));
    expect(months.slice(8)).toEqual(Array(4).fill(4_166_666_666));
    // 10 by 1,1,1: 3 r 1 each -> the first gets 4.
    expect(splitByWeights(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 10 by 30,70 percent: 3 and 7, nothing left over.
    expect(splitByWeights(10, [30, 70])).toEqual([3, 7]);
    // 7 by 1,2: 7/3 = 2.33 (r 1), 14/3 = 4.67 (r 2): the larger remainder gets the unit -> 2 and 5.
    expect(splitByWeights(7, [1, 2])).toEqual([2, 5]);
  });

  it('gives nothing when every weight is zero or missing', () => {
    expect(splitByWeights(100, [0, Number.NaN])).toEqual([0, 0]);
  });
});
