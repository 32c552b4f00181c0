import { checkTicketMove, isSatisfied, nextTicketStatuses } from './ticket-flow';

describe('ticket flow', () => {
  it('follows open -> in progress -> resolved -> closed', () => {
    expect(checkTicketMove('OPEN', 'IN_PROGRESS', '')).toEqual({
      ok: true,
      move: { kind: 'started', from: 'OPEN', to: 'IN_PROGRESS' },
    });
    expect(checkTicketMove('IN_PROGRESS', 'RESOLVED', '换了主板')).toMatchObject({
      ok: true,
      move: { kind: 'resolved' },
    });
    expect(checkTicketMove('RESOLVED', 'CLOSED', '')).toMatchObject({ ok: true, move: { kind: 'closed' } });
  });

  it('resolves straight from open, but never without a resolution', () => {
    expect(checkTicketMove('OPEN', 'RESOLVED', '电话解答')).toMatchObject({ ok: true });
    expect(checkTicketMove('IN_PROGRESS', 'RESOLVED', '   ')).toEqual({
      ok: false,
      message: 'a ticket needs a resolution to be resolved',
    });
  });

  it('reopens a resolved or closed ticket to open', () => {
    expect(checkTicketMove('RESOLVED', 'OPEN', '')).toMatchObject({ ok: true, move: { kind: 'reopened' } });
    expect(checkTicketMove('CLOSED', 'OPEN', '')).toMatchObject({ ok: true, move: { kind: 'reopened' } });
  });

  it.each([
    ['OPEN', 'CLOSED'],
    ['OPEN', 'OPEN'],
    ['IN_PROGRESS', 'OPEN'],
    ['IN_PROGRESS', 'CLOSED'],
    ['RESOLVED', 'IN_PROGRESS'],
    ['CLOSED', 'RESOLVED'],
    ['CLOSED', 'CLOSED'],
  ] as const)('refuses %s -> %s, naming the allowed moves', (from, to) => {
    const check = checkTicketMove(from, to, 'x');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(`a ${from} ticket cannot move to ${to}`);
  });

  it('lists the next statuses', () => {
    expect(nextTicketStatuses('OPEN')).toEqual(['IN_PROGRESS', 'RESOLVED']);
    expect(nextTicketStatuses('CLOSED')).toEqual(['OPEN']);
  });

  it('counts 4 and 5 as satisfied', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true]);
  });
});
