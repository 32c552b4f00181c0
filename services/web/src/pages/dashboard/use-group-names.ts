import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';

/**
 * Names for the ids analytics groups by (employees and departments), from the same cached lists
 * the targets page reads; an id nobody could name stays as it is rather than vanish.
 */
export function useGroupNames(): (id: string | null | undefined) => string {
  const departments = useQuery({
    queryKey: ['departments', 'flat'],
    queryFn: async () => unwrap(await api.GET('/api/v1/departments', { params: { query: { view: 'flat' } } })),
    staleTime: 300_000,
  });
  const employees = useQuery({
    queryKey: ['employees', 'all'],
    queryFn: async () => unwrap(await api.GET('/api/v1/employees', { params: { query: { limit: 200 } } })),
    staleTime: 300_000,
  });
  return useCallback(
    (id) => {
      if (!id) return '';
      const departmentList = departments.data && departments.data.view === 'flat' ? departments.data.items : [];
      return (
        employees.data?.items.find((e) => e.id === id)?.name ?? departmentList.find((d) => d.id === id)?.name ?? id
      );
    },
    [departments.data, employees.data],
  );
}

/** The departments a wide-scope person may filter the dashboard by. */
export function useDepartmentOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['departments', 'flat'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/departments', { params: { query: { view: 'flat' } } })),
    staleTime: 300_000,
    select: (data) => (data.view === 'flat' ? data.items.map((d) => ({ value: d.id, label: d.name })) : []),
  });
}
