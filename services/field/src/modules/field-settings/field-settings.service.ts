import type { commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import type { FieldDatabase } from '../../database';
import { FieldWorkError } from '../shared/field-work.errors';
import { type FieldSettingsValues, fieldSettingsOf, validateFieldSettings } from './field-settings';

// Tenant-wide rules are the admin's, like the tenant's own settings; reps hold field.* but not this.
export const FIELD_SETTINGS_PERMISSION = 'identity.tenant.write';

/** Reads and changes a tenant's field rules (report deadline, work start time). */
export class FieldSettingsService {
  constructor(private readonly db: FieldDatabase) {}

  get(principal: commonV1.Principal): Promise<FieldSettingsValues> {
    return fieldSettingsOf(this.db, principal.tenantId);
  }

  async update(principal: commonV1.Principal, input: Partial<FieldSettingsValues>): Promise<FieldSettingsValues> {
    requirePermission(principal, FIELD_SETTINGS_PERMISSION);
    const errors = validateFieldSettings(input);
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'field settings are invalid');
    const current = await fieldSettingsOf(this.db, principal.tenantId);
    const next = { ...current, ...definedOnly(input) };
    await this.db.fieldSettings.upsert({
      where: { tenantId: principal.tenantId },
      create: { tenantId: principal.tenantId, ...next },
      update: { ...next, updatedAt: new Date() },
    });
    return next;
  }
}

function definedOnly(input: Partial<FieldSettingsValues>): Partial<FieldSettingsValues> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
}
