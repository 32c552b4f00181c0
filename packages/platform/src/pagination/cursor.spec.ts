import { ServiceError } from '../errors/service-error';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageSize } from './cursor';

describe('cursor pagination', () => {
  it('round-trips a cursor', () => {
    const cursor = { at: '2026-11-23T08:00:00.000Z', id: '0190f1d2-aaaa-7000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses a forged or damaged cursor as invalid input', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('["not a date","x"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(ServiceError);
    }
  });

  it('clamps the page size', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(0)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(-5)).toBe(1);
    expect(pageSize(10_000)).toBe(MAX_PAGE_SIZE);
    expect(pageSize(25)).toBe(25);
  });
});
