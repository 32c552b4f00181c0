import { pageStateOf, viewFiltersOf } from './saved-view-filters.js';

describe('saved view filters of the leads page', () => {
  it('keeps the filters that are set, trims the search and saves the pool tab as claimable', () => {
    expect(viewFiltersOf('pool', { q: '  杭州 ', status: 'new', source: undefined })).toEqual({
      q: '杭州',
      status: 'new',
      claimable: true,
    });
    expect(viewFiltersOf('mine', { q: '   ', source: 'exhibition' })).toEqual({ source: 'exhibition' });
    expect(viewFiltersOf('mine', {})).toEqual({});
  });

  it('applies a view: claimable picks the pool tab, the rest become the filters', () => {
    expect(pageStateOf({ claimable: true, status: 'contacted' })).toEqual({
      tab: 'pool',
      filters: { status: 'contacted' },
    });
    expect(pageStateOf({ q: '西湖', claimable: false })).toEqual({ tab: 'mine', filters: { q: '西湖' } });
    expect(pageStateOf({})).toEqual({ tab: 'mine', filters: {} });
  });

  it('carries the pool and owner boxes both ways', () => {
    const poolId = '0b9e3c1a-5f7d-4a2e-9c61-3d8f2b7a1e40';
    const ownerId = '7c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
    expect(viewFiltersOf('mine', { poolId, ownerId, status: undefined })).toEqual({ poolId, ownerId });
    expect(pageStateOf({ poolId, ownerId })).toEqual({ tab: 'mine', filters: { poolId, ownerId } });
    // A cleared box (antd gives undefined) is no filter.
    expect(viewFiltersOf('mine', { poolId: undefined, ownerId: undefined })).toEqual({});
  });
});
