import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, requirePermission, ServiceError } from '@salesflow/platform';
import type { FieldDatabase, FieldTransaction } from '../../database';
import type { FieldSettings } from '../../generated/prisma/client';
import { isUuid } from '../check-in/check-in.validation';

export const SETTINGS_WRITE = 'field.settings.write';
export const VISIT_READ = 'field.visit.read';

/** What a tenant gets until a manager changes it. */
export const DEFAULT_GEOFENCE_RADIUS_METERS = 200;
export const DEFAULT_MIN_EFFECTIVE_VISIT_MINUTES = 10;
const MAX_RADIUS_METERS = 50_000;
const MAX_MINUTES = 24 * 60;

type Reader = Pick<FieldTransaction, 'fieldSettings' | 'customerGeofence'>;

/** Tenant defaults for the geofence and the effective-visit rule, and per-customer radii. */
export class FieldSettingsService {
  constructor(private readonly db: FieldDatabase) {}

  async get(principal: commonV1.Principal): Promise<FieldSettings> {
    requirePermission(principal, VISIT_READ);
    return settingsOf(this.db, principal.tenantId);
  }

  async update(
    principal: commonV1.Principal,
    input: { geofenceRadiusMeters?: number; minEffectiveVisitMinutes?: number },
  ): Promise<FieldSettings> {
    requirePermission(principal, SETTINGS_WRITE);
    const errors: FieldError[] = [];
    if (input.geofenceRadiusMeters !== undefined)
      checkRadius(input.geofenceRadiusMeters, 'geofenceRadiusMeters', errors);
    const minutes = input.minEffectiveVisitMinutes;
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES)) {
      errors.push({ field: 'minEffectiveVisitMinutes', message: `must be a whole number from 0 to ${MAX_MINUTES}` });
    }
    if (errors.length > 0) throw ServiceError.invalid(errors, 'field settings are invalid');
    const data = {
      ...(input.geofenceRadiusMeters !== undefined ? { geofenceRadiusMeters: input.geofenceRadiusMeters } : {}),
      ...(minutes !== undefined ? { minEffectiveVisitMinutes: minutes } : {}),
    };
    return this.db.fieldSettings.upsert({
      where: { tenantId: principal.tenantId },
      create: { tenantId: principal.tenantId, ...data },
      update: { ...data, version: { increment: 1 }, updatedAt: new Date() },
    });
  }

  /** A radius of 0 removes the override, so the tenant default applies again. */
  async setCustomerGeofence(
    principal: commonV1.Principal,
    customerId: string,
    radiusMeters: number,
  ): Promise<{ customerId: string; radiusMeters: number }> {
    requirePermission(principal, SETTINGS_WRITE);
    const errors: FieldError[] = [];
    if (!isUuid(customerId)) errors.push({ field: 'customerId', message: 'is not a customer id' });
    if (radiusMeters !== 0) checkRadius(radiusMeters, 'radiusMeters', errors);
    if (errors.length > 0) throw ServiceError.invalid(errors, 'geofence is invalid');
    const tenantId = principal.tenantId;
    if (radiusMeters === 0) {
      await this.db.customerGeofence.deleteMany({ where: { tenantId, customerId } });
      const settings = await settingsOf(this.db, tenantId);
      return { customerId, radiusMeters: settings.geofenceRadiusMeters };
    }
    await this.db.customerGeofence.upsert({
      where: { tenantId_customerId: { tenantId, customerId } },
      create: { tenantId, customerId, radiusMeters },
      update: { radiusMeters, updatedAt: new Date() },
    });
    return { customerId, radiusMeters };
  }
}

export async function settingsOf(db: Reader, tenantId: string): Promise<FieldSettings> {
  const stored = await db.fieldSettings.findUnique({ where: { tenantId } });
  return (
    stored ?? {
      tenantId,
      geofenceRadiusMeters: DEFAULT_GEOFENCE_RADIUS_METERS,
      minEffectiveVisitMinutes: DEFAULT_MIN_EFFECTIVE_VISIT_MINUTES,
      version: 0,
      updatedAt: new Date(0),
    }
  );
}

/** The customer's own radius, else the tenant's. */
export async function geofenceRadiusOf(db: Reader, tenantId: string, customerId: string): Promise<number> {
  const override = await db.customerGeofence.findUnique({ where: { tenantId_customerId: { tenantId, customerId } } });
  return override?.radiusMeters ?? (await settingsOf(db, tenantId)).geofenceRadiusMeters;
}

function checkRadius(value: number, field: string, errors: FieldError[]): void {
  if (!Number.isFinite(value) || value <= 0 || value > MAX_RADIUS_METERS) {
    errors.push({ field, message: `must be more than 0 and at most ${MAX_RADIUS_METERS} metres` });
  }
}
