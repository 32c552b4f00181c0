import type { commonV1 } from '@salesflow/contracts';
import { type FieldError, requirePermission, ServiceError } from '@salesflow/platform';
import type { GoalsDatabase, GoalsTransaction } from '../../database';
import type { GoalsSettings } from '../../generated/prisma/client';

export const GOALS_SETTINGS_WRITE = 'goals.settings.write';

/** What a tenant that never changed anything gets. */
export function defaultGoalsSettings(tenantId: string): GoalsSettings {
  return {
    tenantId,
    allowOverAllocation: false,
    behindPaceMarginPercent: 10,
    leaderboardVisibleToAll: false,
    version: 0,
    updatedAt: new Date(0),
  };
}

export interface GoalsSettingsPatch {
  expectedVersion?: number;
  allowOverAllocation?: boolean;
  behindPaceMarginPercent?: number;
  leaderboardVisibleToAll?: boolean;
}

export async function goalsSettingsOf(db: GoalsDatabase | GoalsTransaction, tenantId: string): Promise<GoalsSettings> {
  return (await db.goalsSettings.findUnique({ where: { tenantId } })) ?? defaultGoalsSettings(tenantId);
}

/** The tenant's goals rules: over-allocation, behind-pace margin, leaderboard visibility. */
export class GoalsSettingsService {
  constructor(private readonly db: GoalsDatabase) {}

  /** Every employee may read them: they explain what the target screens show. */
  get(principal: commonV1.Principal): Promise<GoalsSettings> {
    return goalsSettingsOf(this.db, principal.tenantId);
  }

  async update(principal: commonV1.Principal, patch: GoalsSettingsPatch): Promise<GoalsSettings> {
    requirePermission(principal, GOALS_SETTINGS_WRITE);
    const errors: FieldError[] = [];
    const margin = patch.behindPaceMarginPercent;
    if (margin !== undefined && (!Number.isInteger(margin) || margin < 0 || margin > 100)) {
      errors.push({ field: 'behindPaceMarginPercent', message: 'must be a whole number from 0 to 100' });
    }
    if (errors.length > 0) throw ServiceError.invalid(errors, 'goals settings are invalid');
    return this.db.$transaction(async (tx) => {
      const current = await goalsSettingsOf(tx, principal.tenantId);
      if (patch.expectedVersion && patch.expectedVersion !== current.version) {
        throw new ServiceError('CONFLICT', 'goals settings were changed by someone else', {
          reason: 'VERSION_MISMATCH',
        });
      }
      const data = {
        allowOverAllocation: patch.allowOverAllocation ?? current.allowOverAllocation,
        behindPaceMarginPercent: margin ?? current.behindPaceMarginPercent,
        leaderboardVisibleToAll: patch.leaderboardVisibleToAll ?? current.leaderboardVisibleToAll,
        version: current.version + 1,
        updatedAt: new Date(),
      };
      return tx.goalsSettings.upsert({
        where: { tenantId: principal.tenantId },
        create: { tenantId: principal.tenantId, ...data },
        update: data,
      });
    });
  }
}
