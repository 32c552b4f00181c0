import { canonicalTimeZone, tenantSettingsPatchSchema } from './tenant-settings';

function problems(input: unknown): Record<string, string> {
  const parsed = tenantSettingsPatchSchema.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('tenant settings', () => {
  it('accepts the defaults and canonicalizes zone and currency', () => {
    expect(
      tenantSettingsPatchSchema.parse({
        timeZone: 'asia/shanghai',
        currency: 'cny',
        weekStart: 1,
        leadRecycleDays: 30,
      }),
    ).toEqual({ timeZone: 'Asia/Shanghai', currency: 'CNY', weekStart: 1, leadRecycleDays: 30 });
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('names every bad field', () => {
    expect(
      problems({
        timeZone: 'Mars/Olympus',
        currency: 'YUAN',
        weekStart: 8,
        fiscalYearStartMonth: 0,
        defaultGeofenceRadiusMeters: 9,
        leadRecycleDays: 366,
      }),
    ).toEqual({
      timeZone: 'is not an IANA time zone',
      currency: 'is not an ISO 4217 currency code',
      weekStart: 'is more than 7',
      fiscalYearStartMonth: 'is less than 1',
      defaultGeofenceRadiusMeters: 'is less than 10',
      leadRecycleDays: 'is more than 365',
    });
  });

  it('keeps the bounds inclusive', () => {
    expect(problems({ defaultGeofenceRadiusMeters: 10, leadRecycleDays: 365, weekStart: 7 })).toEqual({});
    expect(problems({ defaultGeofenceRadiusMeters: 5001, leadRecycleDays: 0, weekStart: 1.5 })).toEqual({
      defaultGeofenceRadiusMeters: 'is more than 5000',
      leadRecycleDays: 'is less than 1',
      weekStart: 'is not a whole number',
    });
  });
});
