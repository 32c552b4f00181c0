import type { CheckIn } from '../../generated/prisma/client';
import { checkInToProto, kindFromProto } from './check-in.mapper';

describe('check-in mapper', () => {
  it('reads proto kinds as domain names, UNSPECIFIED as absent', () => {
    expect(kindFromProto(undefined)).toBeUndefined();
    expect(kindFromProto('CHECK_IN_KIND_UNSPECIFIED' as never)).toBeUndefined();
    expect(kindFromProto('CHECK_IN_KIND_CHECK_OUT' as never)).toBe('CHECK_OUT');
    expect(kindFromProto('UNRECOGNIZED' as never)).toBe('UNRECOGNIZED');
  });

  it('writes an absent customer as empty and the version as an int64 string', () => {
    const occurredAt = new Date('2026-11-20T01:45:00.000Z');
    const row: CheckIn = {
      id: '0190a1b2-0000-7000-8000-000000000001',
      tenantId: '0190a1b2-0000-7000-8000-0000000000aa',
      employeeId: '0190a1b2-0000-7000-8000-0000000000bb',
      kind: 'CHECK_IN',
      occurredAt,
      latitude: 22.5431,
      longitude: 114.0579,
      accuracyMeters: 8,
      customerId: null,
      notes: '',
      version: 1,
      createdAt: occurredAt,
      distanceMeters: null,
      insideGeofence: false,
      geofenceRadiusMeters: 0,
      planItemId: null,
      flags: [],
    };
    expect(checkInToProto(row)).toEqual({
      id: row.id,
      tenantId: row.tenantId,
      employeeId: row.employeeId,
      kind: 'CHECK_IN_KIND_CHECK_IN',
      occurredAt,
      latitude: 22.5431,
      longitude: 114.0579,
      accuracyMeters: 8,
      customerId: '',
      notes: '',
      version: '1',
      insideGeofence: false,
      planItemId: '',
      flags: [],
      photoIds: [],
      geofenceRadiusMeters: 0,
    });
  });
});
