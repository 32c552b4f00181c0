import type { identityV1 } from '@salesflow/contracts';
import type { Tenant } from '../../generated/prisma/client';

export function tenantToProto(tenant: Tenant): identityV1.Tenant {
  return {
    id: tenant.id,
    code: tenant.code,
    name: tenant.name,
    settings: {
      timeZone: tenant.timeZone,
      currency: tenant.currency,
      weekStart: tenant.weekStart,
      fiscalYearStartMonth: tenant.fiscalYearStartMonth,
      leaderboardVisibleToAll: tenant.leaderboardVisibleToAll,
      defaultGeofenceRadiusMeters: tenant.defaultGeofenceRadiusMeters,
      leadRecycleDays: tenant.leadRecycleDays,
    },
    version: String(tenant.version),
    createdAt: tenant.createdAt,
  };
}
