import { durationMinutes, qualifiesWithoutFollowUp } from './visit-rules';

describe('visit rules', () => {
  it('counts whole minutes: 9 min 59 s is 9', () => {
    expect(durationMinutes(new Date('2026-11-20T02:00:00Z'), new Date('2026-11-20T02:09:59Z'))).toBe(9);
    expect(durationMinutes(new Date('2026-11-20T02:00:00Z'), new Date('2026-11-20T02:10:00Z'))).toBe(10);
  });

  it('needs both the geofence and the duration before a follow-up can make a visit effective', () => {
    expect(qualifiesWithoutFollowUp({ insideGeofence: true, longEnough: true })).toBe(true);
    expect(qualifiesWithoutFollowUp({ insideGeofence: false, longEnough: true })).toBe(false);
    expect(qualifiesWithoutFollowUp({ insideGeofence: true, longEnough: false })).toBe(false);
  });
});
