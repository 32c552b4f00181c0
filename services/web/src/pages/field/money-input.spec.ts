import { toMinorUnits } from './money-input.js';

describe('toMinorUnits', () => {
  it('turns yuan into fen', () => {
    expect(toMinorUnits(128)).toBe(12800);
    expect(toMinorUnits(128.5)).toBe(12850);
    expect(toMinorUnits(0.01)).toBe(1);
  });

  it('rounds away float noise to the nearest fen', () => {
    // 19.99 * 100 is 1998.9999999999998 in binary floating point.
    expect(toMinorUnits(19.99)).toBe(1999);
    expect(toMinorUnits(0.1 + 0.2)).toBe(30);
  });

  it('gives nothing for an empty or non-finite amount', () => {
    expect(toMinorUnits(undefined)).toBeUndefined();
    expect(toMinorUnits(null)).toBeUndefined();
    expect(toMinorUnits(Number.NaN)).toBeUndefined();
    expect(toMinorUnits(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
