import { commonV1, identityV1 } from '@salesflow/contracts';
import { createServiceClient } from '@salesflow/platform';
import { type CalendarSettings, DEFAULT_CALENDAR } from '../period/period-calendar';

/** What goals needs from the tenant's settings (owned by identity). */
export interface TenantCalendar extends CalendarSettings {
  timeZone: string;
  /** Identity's tenant setting: everyone may see sibling leaderboards (goals settings may also allow it). */
  leaderboardVisibleToAll: boolean;
}

/** Where a tenant's calendar comes from; tests give a fixed one (identity is the edge). */
export interface TenantCalendarSource {
  calendarOf(tenantId: string): Promise<TenantCalendar>;
}

export function fixedTenantCalendar(calendar: Partial<TenantCalendar> = {}): TenantCalendarSource {
  const value = { ...DEFAULT_CALENDAR, timeZone: 'Asia/Shanghai', leaderboardVisibleToAll: false, ...calendar };
  return { calendarOf: async () => value };
}

/**
 * Asks identity's GetTenant (as the tenant itself: GetTenant needs no permission) and keeps
 * the answer per tenant for `ttlMs`, so attribution does not call identity per event. A
 * failing call is not cached: the next caller tries again.
 */
export class IdentityTenantCalendar implements TenantCalendarSource {
  private readonly cache = new Map<string, { calendar: TenantCalendar; expiresAt: number }>();
  private readonly client: ReturnType<typeof createServiceClient<typeof identityV1.IdentityServiceService>>;

  constructor(
    address: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.client = createServiceClient(identityV1.IdentityServiceService, address, {
      deadlineMs: 3_000,
      idempotentMethods: ['getTenant'],
    });
  }

  async calendarOf(tenantId: string): Promise<TenantCalendar> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.expiresAt > this.now()) return cached.calendar;
    const principal = commonV1.Principal.fromPartial({ tenantId, dataScope: commonV1.DataScope.DATA_SCOPE_TENANT });
    const { tenant } = await this.client.getTenant({}, { principal });
    const settings = tenant?.settings;
    const calendar: TenantCalendar = {
      fiscalYearStartMonth: inRange(settings?.fiscalYearStartMonth, 1, 12) ?? DEFAULT_CALENDAR.fiscalYearStartMonth,
      weekStart: inRange(settings?.weekStart, 1, 7) ?? DEFAULT_CALENDAR.weekStart,
      timeZone: settings?.timeZone || 'Asia/Shanghai',
      leaderboardVisibleToAll: settings?.leaderboardVisibleToAll ?? false,
    };
    this.cache.set(tenantId, { calendar, expiresAt: this.now() + this.ttlMs });
    return calendar;
  }

  close(): void {
    this.client.close();
  }
}

function inRange(value: number | undefined, min: number, max: number): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}
