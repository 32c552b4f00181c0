import { inputToTargetValue, targetValueToInput } from './target-format';

describe('target values between the form and the API', () => {
  it('types money targets in yuan and sends fen', () => {
    // ¥1,000,000.00 = 100,000,000 fen.
    expect(targetValueToInput('CONTRACT_AMOUNT', 100_000_000)).toBe(1_000_000);
    expect(inputToTargetValue('CONTRACT_AMOUNT', 1_000_000)).toBe(100_000_000);
    // 0.29 yuan is 29 fen, not 28.999…
    expect(inputToTargetValue('PAYMENT_AMOUNT', 0.29)).toBe(29);
  });

  it('types counted targets as they are', () => {
    expect(targetValueToInput('VISITS', 120)).toBe(120);
    expect(inputToTargetValue('NEW_CUSTOMERS', 12)).toBe(12);
  });
});
