import type { Target } from '../../generated/prisma/client';
import { metricFromProto, scopeFromProto, targetToProto } from './target.mapper';

describe('target mapper', () => {
  it('reads proto enums as domain names, UNSPECIFIED as absent', () => {
    expect(metricFromProto(undefined)).toBeUndefined();
    expect(metricFromProto('TARGET_METRIC_UNSPECIFIED' as never)).toBeUndefined();
    expect(metricFromProto('TARGET_METRIC_GROSS_MARGIN' as never)).toBe('GROSS_MARGIN');
    // Left as is, so validation can say it is not a known metric rather than "required".
    expect(metricFromProto('UNRECOGNIZED' as never)).toBe('UNRECOGNIZED');
    expect(scopeFromProto('TARGET_SCOPE_DEPARTMENT' as never)).toBe('DEPARTMENT');
  });

  it('writes dates as ISO days, money as an int64 string and absent ids as empty', () => {
    const createdAt = new Date('2026-01-05T02:30:00.000Z');
    const row: Target = {
      id: '0190a1b2-0000-7000-8000-000000000001',
      tenantId: '0190a1b2-0000-7000-8000-0000000000aa',
      metric: 'CONTRACT_AMOUNT',
      periodStart: new Date('2026-01-01T00:00:00.000Z'),
      periodEnd: new Date('2027-01-01T00:00:00.000Z'),
      scope: 'TENANT',
      scopeId: null,
      value: 5_000_000_000n,
      parentId: null,
      version: 1,
      createdBy: '0190a1b2-0000-7000-8000-0000000000bb',
      createdAt,
      periodKind: 'YEAR',
      periodKey: '2026',
      productLine: null,
      region: 'East',
      customerSegment: null,
      scopePath: '',
      formerScopeIds: [],
      locked: true,
      achieved: 1_250_000_000n,
      completedAt: null,
      updatedAt: createdAt,
    };
    expect(targetToProto(row)).toEqual({
      id: row.id,
      tenantId: row.tenantId,
      metric: 'TARGET_METRIC_CONTRACT_AMOUNT',
      periodStart: '2026-01-01',
      periodEnd: '2027-01-01',
      scope: 'TARGET_SCOPE_TENANT',
      scopeId: '',
      value: '5000000000',
      parentId: '',
      version: '1',
      createdAt,
      periodKind: 'YEAR',
      periodKey: '2026',
      productLine: '',
      region: 'East',
      customerSegment: '',
      locked: true,
      achieved: '1250000000',
      updatedAt: createdAt,
    });
  });
});
