import { inputToTargetValue, targetValueToInput } from './target-value.js';

describe('target values between the form and the API', () => {
  it('types money targets in yuan and sends fen', () => {
    // ¥1,000,000.00 = 100,000,000 fen.
    expect(targetValueToInput(100_000_000, true)).toBe(1_000_000);
    expect(inputToTargetValue(1_000_000, true)).toBe(100_000_000);
    // 0.29 yuan is 29 fen, not 28.999…
    expect(inputToTargetValue(0.29, true)).toBe(29);
  });

  it('types counted targets as they are', () => {
    expect(targetValueToInput(120, false)).toBe(120);
    expect(inputToTargetValue(12, false)).toBe(12);
  });
});
