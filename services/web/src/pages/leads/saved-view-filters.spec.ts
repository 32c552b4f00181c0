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
});
