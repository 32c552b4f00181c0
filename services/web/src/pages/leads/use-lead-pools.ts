import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/**
 * The tenant's lead pools (线索池), for the leads page's pool filter. Only asked for when the
 * viewer may read pools (crm.pool.read): reps may not, and a 403 would only be noise.
 */
export function useLeadPools(enabled: boolean) {
  return useQuery({
    queryKey: ['lead-pools'],
    queryFn: async () => unwrap(await api.GET('/api/v1/lead-pools')).items,
    enabled,
    staleTime: 60_000,
  });
}
