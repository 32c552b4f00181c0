import { DEFAULT_RESPONSE_HOURS, dueAtFor, isOverdue } from './ticket-sla';

describe('ticket SLA', () => {
  const opened = new Date('2026-12-01T09:00:00.000Z');

  it('adds the severity response time on the wall clock', () => {
    // CRITICAL 4 h: 09:00 + 4 h = 13:00 the same day.
    expect(dueAtFor(opened, 'CRITICAL', DEFAULT_RESPONSE_HOURS).toISOString()).toBe('2026-12-01T13:00:00.000Z');
    // HIGH 24 h: the next day at 09:00.
    expect(dueAtFor(opened, 'HIGH', DEFAULT_RESPONSE_HOURS).toISOString()).toBe('2026-12-02T09:00:00.000Z');
    // MEDIUM 72 h = 3 days: 4 Dec 09:00.
    expect(dueAtFor(opened, 'MEDIUM', DEFAULT_RESPONSE_HOURS).toISOString()).toBe('2026-12-04T09:00:00.000Z');
    // LOW 168 h = 7 days: 8 Dec 09:00.
    expect(dueAtFor(opened, 'LOW', DEFAULT_RESPONSE_HOURS).toISOString()).toBe('2026-12-08T09:00:00.000Z');
  });

  it("uses the tenant's hours", () => {
    // 2 h for CRITICAL: 11:00.
    const hours = { ...DEFAULT_RESPONSE_HOURS, CRITICAL: 2 };
    expect(dueAtFor(opened, 'CRITICAL', hours).toISOString()).toBe('2026-12-01T11:00:00.000Z');
  });

  it('is overdue only while unresolved and past the due time', () => {
    const dueAt = new Date('2026-12-01T13:00:00.000Z');
    const after = new Date('2026-12-01T13:00:00.001Z');
    expect(isOverdue({ status: 'OPEN', dueAt }, after)).toBe(true);
    expect(isOverdue({ status: 'IN_PROGRESS', dueAt }, after)).toBe(true);
    // Exactly at the due time it is still on time.
    expect(isOverdue({ status: 'OPEN', dueAt }, dueAt)).toBe(false);
    expect(isOverdue({ status: 'RESOLVED', dueAt }, after)).toBe(false);
    expect(isOverdue({ status: 'CLOSED', dueAt }, after)).toBe(false);
  });
});
