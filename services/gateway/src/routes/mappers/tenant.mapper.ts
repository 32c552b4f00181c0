import type { identityV1 } from '@salesflow/contracts';
import type { TenantJson, UpdateTenantBody } from '../schemas/tenant.schemas';

export function tenantToJson(tenant: identityV1.Tenant): TenantJson {
  const settings = tenant.settings;
  return {
    id: tenant.id,
    code: tenant.code,
    name: tenant.name,
    settings: {
      timeZone: settings?.timeZone ?? '',
      currency: settings?.currency ?? '',
      weekStart: settings?.weekStart ?? 0,
      fiscalYearStartMonth: settings?.fiscalYearStartMonth ?? 0,
      leaderboardVisibleToAll: settings?.leaderboardVisibleToAll ?? false,
      defaultGeofenceRadiusMeters: settings?.defaultGeofenceRadiusMeters ?? 0,
      leadRecycleDays: settings?.leadRecycleDays ?? 0,
    },
    version: Number(tenant.version),
    createdAt: tenant.createdAt?.toISOString() ?? null,
  };
}

/** Only what the client sent is set; proto3 `optional` keeps "left out" apart from a value. */
export function updateTenantRequestFromJson(
  expectedVersion: string,
  body: UpdateTenantBody,
): identityV1.UpdateTenantRequest {
  return {
    expectedVersion,
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.settings === undefined ? {} : { settings: definedOnly(body.settings) }),
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
