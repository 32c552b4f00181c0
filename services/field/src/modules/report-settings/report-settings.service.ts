import type { commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import type { FieldDatabase } from '../../database';
import { FieldWorkError } from '../shared/field-work.errors';
import { type ReportSettingsValues, reportSettingsOf, validateReportSettings } from './report-settings';

// Tenant-wide rules are the admin's, like the tenant's own settings; reps hold field.* but not this.
export const REPORT_SETTINGS_PERMISSION = 'identity.tenant.write';

/** Reads and changes a tenant's field rules (report deadline, work start time). */
export class ReportSettingsService {
  constructor(private readonly db: FieldDatabase) {}

  get(principal: commonV1.Principal): Promise<ReportSettingsValues> {
    return reportSettingsOf(this.db, principal.tenantId);
  }

  async update(principal: commonV1.Principal, input: Partial<ReportSettingsValues>): Promise<ReportSettingsValues> {
    requirePermission(principal, REPORT_SETTINGS_PERMISSION);
    const errors = validateReportSettings(input);
    if (errors.length > 0) throw FieldWorkError.invalid(errors, 'field settings are invalid');
    const current = await reportSettingsOf(this.db, principal.tenantId);
    const next = { ...current, ...definedOnly(input) };
    await this.db.reportSettings.upsert({
      where: { tenantId: principal.tenantId },
      create: { tenantId: principal.tenantId, ...next },
      update: { ...next, updatedAt: new Date() },
    });
    return next;
  }
}

function definedOnly(input: Partial<ReportSettingsValues>): Partial<ReportSettingsValues> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
}
