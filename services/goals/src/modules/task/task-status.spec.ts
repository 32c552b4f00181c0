import { canTransition, isOpen } from './task-status';

describe('task status transitions', () => {
  it.each([
    ['TODO', 'IN_PROGRESS'],
    ['TODO', 'DONE'],
    ['TODO', 'CANCELLED'],
    ['IN_PROGRESS', 'DONE'],
    ['IN_PROGRESS', 'TODO'],
    ['IN_PROGRESS', 'CANCELLED'],
    ['DONE', 'IN_PROGRESS'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['DONE', 'TODO'],
    ['DONE', 'CANCELLED'],
    ['CANCELLED', 'TODO'],
    ['CANCELLED', 'IN_PROGRESS'],
    ['CANCELLED', 'DONE'],
    ['TODO', 'TODO'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('calls only TODO and IN_PROGRESS open', () => {
    expect(['TODO', 'IN_PROGRESS', 'DONE', 'CANCELLED'].filter((s) => isOpen(s as 'TODO'))).toEqual([
      'TODO',
      'IN_PROGRESS',
    ]);
  });
});
