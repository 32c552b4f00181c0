// Only the generated API types (with an explicit path: the unit-test build resolves only those).
import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];

export type LeadViewFilters = Schemas['LeadViewFilters'];
/** The leads page's tabs: my leads, or the pool's claimable ones. */
export type LeadTab = 'mine' | 'pool';

/** What the leads page filters by: the filter form's values plus what a saved view may carry. */
export interface LeadPageFilters {
  q?: string;
  status?: Schemas['LeadStatus'];
  source?: Schemas['LeadSource'];
  poolId?: string;
  ownerId?: string;
}

/**
 * The page's state as a saved view's filters: empty values left out (an emptied search box is
 * no filter), the pool tab as claimable=true.
 */
export function viewFiltersOf(tab: LeadTab, filters: LeadPageFilters): LeadViewFilters {
  const saved: LeadViewFilters = {};
  const q = filters.q?.trim();
  if (q) saved.q = q;
  if (filters.status) saved.status = filters.status;
  if (filters.source) saved.source = filters.source;
  if (filters.poolId) saved.poolId = filters.poolId;
  if (filters.ownerId) saved.ownerId = filters.ownerId;
  if (tab === 'pool') saved.claimable = true;
  return saved;
}

/** A saved view's filters as the page's tab and filters (claimable picks the pool tab). */
export function pageStateOf(saved: LeadViewFilters): { tab: LeadTab; filters: LeadPageFilters } {
  const { claimable, ...rest } = saved;
  return { tab: claimable ? 'pool' : 'mine', filters: rest };
}
