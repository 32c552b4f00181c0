import { nestByParent } from './nest-by-parent.js';

describe('nesting target completion nodes', () => {
  it('puts children under their parents and keeps orphans as roots', () => {
    const nested = nestByParent([
      { targetId: 'company', parentId: null },
      { targetId: 'east', parentId: 'company' },
      { targetId: 'rep', parentId: 'east' },
      { targetId: 'west', parentId: 'company' },
      // Its parent is outside the reader's scope.
      { targetId: 'stray', parentId: 'unseen' },
    ]);
    expect(nested.map((n) => n.targetId)).toEqual(['company', 'stray']);
    expect(nested[0]?.children?.map((n) => n.targetId)).toEqual(['east', 'west']);
    expect(nested[0]?.children?.[0]?.children?.map((n) => n.targetId)).toEqual(['rep']);
    expect(nested[1]?.children).toBeUndefined();
  });
});
