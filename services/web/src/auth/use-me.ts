import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Who is signed in: name, roles, department and permissions (GET /api/v1/me). */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: async () => unwrap(await api.GET('/api/v1/me')), staleTime: 60_000 });
}
