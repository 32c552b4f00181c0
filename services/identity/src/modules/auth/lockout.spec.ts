import { lockSecondsAfter, retryAfterSeconds } from './lockout';

describe('lockSecondsAfter', () => {
  it('does not lock before the fifth failure nor between batches', () => {
    for (const n of [0, 1, 2, 3, 4, 6, 7, 9, 11, 14]) expect(lockSecondsAfter(n)).toBe(0);
  });

  it('locks 1 min after 5 failures and doubles per batch of five: 2, 4, 8, 16, 32 min, then 1 h', () => {
    expect(lockSecondsAfter(5)).toBe(60);
    expect(lockSecondsAfter(10)).toBe(120);
    expect(lockSecondsAfter(15)).toBe(240);
    expect(lockSecondsAfter(20)).toBe(480);
    expect(lockSecondsAfter(25)).toBe(960);
    expect(lockSecondsAfter(30)).toBe(1920);
    expect(lockSecondsAfter(35)).toBe(3600); // 3840 capped
    expect(lockSecondsAfter(5000)).toBe(3600);
  });
});

describe('retryAfterSeconds', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  it('rounds up what is left and is 0 when not locked', () => {
    expect(retryAfterSeconds(null, now)).toBe(0);
    expect(retryAfterSeconds(new Date('2026-01-01T00:00:00.000Z'), now)).toBe(0);
    expect(retryAfterSeconds(new Date('2026-01-01T00:00:59.001Z'), now)).toBe(60);
    expect(retryAfterSeconds(new Date('2026-01-01T00:00:00.200Z'), now)).toBe(1);
  });
});
