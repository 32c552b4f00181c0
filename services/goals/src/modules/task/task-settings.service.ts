import type { commonV1 } from '@salesflow/contracts';
import { requirePermission, ServiceError } from '@salesflow/platform';
import type { GoalsDatabase } from '../../database';
import { TASK_READ } from './task.service';

export const TASK_SETTINGS_WRITE = 'goals.settings.write';
/** goals.task.due_soon goes out this long before the due time unless the tenant says otherwise. */
export const DEFAULT_DUE_SOON_LEAD_MINUTES = 24 * 60;
const MAX_LEAD_MINUTES = 30 * 24 * 60;

export interface TaskSettingsValues {
  dueSoonLeadMinutes: number;
}

/** The tenant's task settings (the reminder lead time); no row means the defaults. */
export class TaskSettingsService {
  constructor(private readonly db: GoalsDatabase) {}

  async get(principal: commonV1.Principal): Promise<TaskSettingsValues> {
    requirePermission(principal, TASK_READ);
    const row = await this.db.taskSettings.findUnique({ where: { tenantId: principal.tenantId } });
    return { dueSoonLeadMinutes: row?.dueSoonLeadMinutes ?? DEFAULT_DUE_SOON_LEAD_MINUTES };
  }

  async update(principal: commonV1.Principal, input: Partial<TaskSettingsValues>): Promise<TaskSettingsValues> {
    requirePermission(principal, TASK_SETTINGS_WRITE);
    const lead = input.dueSoonLeadMinutes;
    if (lead === undefined || !Number.isInteger(lead) || lead < 1 || lead > MAX_LEAD_MINUTES) {
      throw ServiceError.invalid(
        [{ field: 'dueSoonLeadMinutes', message: `must be a whole number of minutes from 1 to ${MAX_LEAD_MINUTES}` }],
        'task settings are invalid',
      );
    }
    const row = await this.db.taskSettings.upsert({
      where: { tenantId: principal.tenantId },
      create: { tenantId: principal.tenantId, dueSoonLeadMinutes: lead },
      update: { dueSoonLeadMinutes: lead, updatedAt: new Date() },
    });
    return { dueSoonLeadMinutes: row.dueSoonLeadMinutes };
  }
}
