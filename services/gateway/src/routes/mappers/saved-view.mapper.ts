import type { crmV1 } from '@salesflow/contracts';
import { ServiceError } from '@salesflow/platform';
import {
  type CreateSavedViewBody,
  type LeadViewFilters,
  leadViewFiltersSchema,
  SAVED_VIEW_LISTS,
  type SavedViewJson,
} from '../schemas/saved-view.schemas';

export function createSavedViewRequestFromJson(body: CreateSavedViewBody): crmV1.CreateSavedViewRequest {
  return { list: body.list, name: body.name, filtersJson: JSON.stringify(body.filters) };
}

/**
 * The stored filters that the leads list still takes: a view saved before a filter value was
 * retired (say a lead source) keeps working with its other filters instead of breaking the list.
 */
function filtersOf(json: string): LeadViewFilters {
  const stored: unknown = JSON.parse(json);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (leadViewFiltersSchema.safeParse({ [key]: value }).success) kept[key] = value;
  }
  return leadViewFiltersSchema.parse(kept);
}

export function savedViewToJson(view: crmV1.SavedView): SavedViewJson {
  const list = SAVED_VIEW_LISTS.find((l) => l === view.list);
  if (!list) throw new ServiceError('INTERNAL', `crm answered with an unknown list ${view.list}`);
  return {
    id: view.id,
    list,
    name: view.name,
    filters: filtersOf(view.filtersJson),
    createdAt: view.createdAt?.toISOString() ?? null,
  };
}
