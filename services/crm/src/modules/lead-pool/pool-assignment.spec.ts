import { type AssignablePool, pickAssignee } from './pool-assignment';

const pool = (overrides: Partial<AssignablePool>): AssignablePool => ({
  assignment: 'ROUND_ROBIN',
  memberIds: ['a', 'b', 'c'],
  regionAssignees: { 华东: 'east-rep', 华南: 'south-rep' },
  roundRobinNext: 0,
  ...overrides,
});

describe('pickAssignee', () => {
  it('takes members in turn and wraps around', () => {
    let next = 0;
    const picked: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const choice = pickAssignee(pool({ roundRobinNext: next }), '');
      picked.push(choice?.ownerId ?? '-');
      next = choice?.roundRobinNext ?? next;
    }
    expect(picked).toEqual(['a', 'b', 'c', 'a', 'b']);
  });

  it('survives a member list that shrank below the stored position', () => {
    expect(pickAssignee(pool({ memberIds: ['a', 'b'], roundRobinNext: 5 }), '')).toEqual({
      ownerId: 'b',
      roundRobinNext: 0,
    });
  });

  it('maps regions, and names nobody for an unknown region, MANUAL or no members', () => {
    expect(pickAssignee(pool({ assignment: 'BY_REGION' }), ' 华南 ')?.ownerId).toBe('south-rep');
    expect(pickAssignee(pool({ assignment: 'BY_REGION' }), '西北')).toBeUndefined();
    expect(pickAssignee(pool({ assignment: 'MANUAL' }), '华东')).toBeUndefined();
    expect(pickAssignee(pool({ memberIds: [] }), '')).toBeUndefined();
  });
});
