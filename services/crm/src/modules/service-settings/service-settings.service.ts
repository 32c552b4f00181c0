import type { commonV1, crmV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { ServiceSettings } from '../../generated/prisma/client';
import { checkVersion, parseOrThrow } from '../shared/validation';
import { DEFAULT_DORMANCY_DAYS, DEFAULT_RESPONSE_HOURS, type ResponseHours } from '../ticket/ticket-sla';

export interface ServiceSettingsUpdate {
  expectedVersion?: string;
  criticalHours?: number;
  highHours?: number;
  mediumHours?: number;
  lowHours?: number;
  dormancyDays?: number;
}

/** A year at most: a longer response time is a typo, not a service level. */
const hours = z.number().int('must be a whole number').min(1, 'must be at least 1').max(8760, 'must be at most 8760');
const updateSchema = z.object({
  expectedVersion: z.string().optional(),
  criticalHours: hours.optional(),
  highHours: hours.optional(),
  mediumHours: hours.optional(),
  lowHours: hours.optional(),
  dormancyDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(3650).optional(),
});

/** What a tenant without a row gets (version 0: never saved). */
function defaults(tenantId: string): ServiceSettings {
  return {
    tenantId,
    criticalHours: DEFAULT_RESPONSE_HOURS.CRITICAL,
    highHours: DEFAULT_RESPONSE_HOURS.HIGH,
    mediumHours: DEFAULT_RESPONSE_HOURS.MEDIUM,
    lowHours: DEFAULT_RESPONSE_HOURS.LOW,
    dormancyDays: DEFAULT_DORMANCY_DAYS,
    version: 0,
    updatedAt: new Date(0),
  };
}

export function serviceSettingsToProto(settings: ServiceSettings): crmV1.ServiceSettings {
  return {
    criticalHours: settings.criticalHours,
    highHours: settings.highHours,
    mediumHours: settings.mediumHours,
    lowHours: settings.lowHours,
    dormancyDays: settings.dormancyDays,
    version: String(settings.version),
    updatedAt: settings.version === 0 ? undefined : settings.updatedAt,
  };
}

export function responseHoursOf(settings: ServiceSettings): ResponseHours {
  return {
    CRITICAL: settings.criticalHours,
    HIGH: settings.highHours,
    MEDIUM: settings.mediumHours,
    LOW: settings.lowHours,
  };
}

/** Per-tenant service settings (`/service-settings`): response time per severity, dormancy period. */
export class ServiceSettingsService {
  constructor(private readonly db: CrmDatabase) {}

  async get(principal: commonV1.Principal): Promise<ServiceSettings> {
    requirePermission(principal, 'crm.ticket.read');
    return this.of(principal.tenantId);
  }

  /** The tenant's settings, or the defaults when it never saved any. */
  async of(tenantId: string, tx: CrmTransaction | CrmDatabase = this.db): Promise<ServiceSettings> {
    return (await tx.serviceSettings.findUnique({ where: { tenantId } })) ?? defaults(tenantId);
  }

  async update(principal: commonV1.Principal, input: ServiceSettingsUpdate): Promise<ServiceSettings> {
    requirePermission(principal, 'crm.settings.write');
    const data = parseOrThrow(updateSchema, input, 'service settings');
    const { expectedVersion, ...changes } = data;
    return this.db.$transaction(async (tx) => {
      // Serializes two first saves of one tenant (no row to lock yet).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`service_settings:${principal.tenantId}`}))`;
      const current = await this.of(principal.tenantId, tx);
      checkVersion(expectedVersion, current.version, 'service settings');
      const next = { ...current, ...changes };
      if (Object.values(changes).length === 0 && current.version > 0) return current;
      const saved = await tx.serviceSettings.upsert({
        where: { tenantId: principal.tenantId },
        create: { ...next, version: 1, updatedAt: new Date() },
        update: { ...changes, version: { increment: 1 }, updatedAt: new Date() },
      });
      return saved;
    });
  }
}
