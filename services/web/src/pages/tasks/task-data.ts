import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';
import { DEFAULT_DUE_SOON_LEAD_MINUTES } from './task-due';

export type Task = Schemas['Task'];
export type Project = Schemas['Project'];
export type Employee = Schemas['Employee'];

/** The tenant's reminder lead time, so the lists highlight "due soon" in the window goals reminds in. */
export function useDueSoonLeadMinutes(): number {
  const settings = useQuery({
    queryKey: ['task-settings'],
    queryFn: async () => unwrap(await api.GET('/api/v1/task-settings')),
    staleTime: 5 * 60_000,
  });
  return settings.data?.dueSoonLeadMinutes ?? DEFAULT_DUE_SOON_LEAD_MINUTES;
}

/**
 * The active employees in my data scope (GET /employees answers within it): the people I may
 * assign a task to — a rep (SELF) gets only themselves, a manager their department tree.
 */
export function useAssignableEmployees() {
  return useQuery({
    queryKey: ['employees', 'assignable'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/employees', { params: { query: { status: 'active', limit: 200 } } })).items,
    staleTime: 60_000,
  });
}

/** The active projects I may see: the ones a new task may join. */
export function useActiveProjects() {
  return useQuery({
    queryKey: ['projects', 'active'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/projects', { params: { query: { status: 'active', limit: 200 } } })).items,
  });
}

/** id -> name, falling back to the start of the id for someone out of my scope. */
export function nameOf(rows: readonly { id: string; name: string }[] | undefined, id: string | null): string {
  if (!id) return '';
  return rows?.find((row) => row.id === id)?.name ?? id.slice(0, 8);
}
