import { ServiceError } from '@salesflow/platform';
import { checkVersion, normalizePhone, parseIsoDate, passwordProblem } from './validation';

describe('normalizePhone', () => {
  it('keeps a leading + and the digits only', () => {
    expect(normalizePhone(' +86 138-0013-8000 ')).toBe('+8613800138000');
    expect(normalizePhone('(021) 6234 5678')).toBe('02162345678');
    expect(normalizePhone('+')).toBe('');
  });
});

describe('passwordProblem', () => {
  it('wants 8 characters with letters and digits', () => {
    expect(passwordProblem('abc1234')).toBe('is shorter than 8 characters');
    expect(passwordProblem('abcdefgh')).toBe('needs at least one letter and one digit');
    expect(passwordProblem('12345678')).toBe('needs at least one letter and one digit');
    expect(passwordProblem('密码很长很长1')).toBe('is shorter than 8 characters');
    expect(passwordProblem('密码很长很长很1')).toBeUndefined();
    expect(passwordProblem('abcdefg1')).toBeUndefined();
  });
});

describe('checkVersion', () => {
  it('skips "0" and empty, accepts the current version, refuses another as CONFLICT', () => {
    expect(() => checkVersion('0', 3, 'x')).not.toThrow();
    expect(() => checkVersion('', 3, 'x')).not.toThrow();
    expect(() => checkVersion('3', 3, 'x')).not.toThrow();
    try {
      checkVersion('2', 3, 'tenant');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('CONFLICT');
      expect((error as ServiceError).details.reason).toBe('VERSION_MISMATCH');
    }
  });
});

describe('parseIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(parseIsoDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-2-3')).toBeUndefined();
  });
});
