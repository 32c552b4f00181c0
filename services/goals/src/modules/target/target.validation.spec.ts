import { type NewTargetInput, parseIsoDate, validateNewTarget } from './target.validation';

const DEPARTMENT_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** The DOMAIN §1 example: the company's 2026 contract target, 50,000,000 CNY in fen. */
const companyYear: NewTargetInput = {
  metric: 'CONTRACT_AMOUNT',
  periodStart: '2026-01-01',
  periodEnd: '2027-01-01',
  scope: 'TENANT',
  value: '5000000000',
};

function errorsOf(input: NewTargetInput) {
  const result = validateNewTarget(input);
  return result.ok ? [] : result.errors;
}

describe('validateNewTarget', () => {
  it('accepts the company annual target and normalises it', () => {
    expect(validateNewTarget(companyYear)).toEqual({
      ok: true,
      target: {
        metric: 'CONTRACT_AMOUNT',
        periodStart: new Date('2026-01-01T00:00:00.000Z'),
        periodEnd: new Date('2027-01-01T00:00:00.000Z'),
        scope: 'TENANT',
        scopeId: null,
        value: 5_000_000_000n,
        parentId: null,
      },
    });
  });

  it('reports every missing field at once', () => {
    expect(errorsOf({})).toEqual([
      { field: 'metric', message: 'is required' },
      { field: 'periodStart', message: 'is required' },
      { field: 'periodEnd', message: 'is required' },
      { field: 'scope', message: 'is required' },
      { field: 'value', message: 'is required' },
    ]);
  });

  it('rejects a metric it does not know', () => {
    expect(errorsOf({ ...companyYear, metric: 'UNRECOGNIZED' })).toEqual([
      {
        field: 'metric',
        message:
          'must be one of CONTRACT_AMOUNT, PAYMENT_AMOUNT, GROSS_MARGIN, NEW_CUSTOMERS, VISITS, EFFECTIVE_VISITS, NEW_OUTLETS',
      },
    ]);
  });

  describe('period', () => {
    it('treats the end day as exclusive: one day is start .. start + 1', () => {
      expect(errorsOf({ ...companyYear, periodStart: '2026-03-01', periodEnd: '2026-03-02' })).toEqual([]);
    });

    it.each([
      ['an empty period', '2026-03-01', '2026-03-01'],
      ['an end before the start', '2026-12-31', '2026-01-01'],
    ])('rejects %s', (_, periodStart, periodEnd) => {
      expect(errorsOf({ ...companyYear, periodStart, periodEnd })).toEqual([
        { field: 'periodEnd', message: 'must be after periodStart (the end day is exclusive)' },
      ]);
    });

    it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-2-1', '01/01/2026', '2026-01-01T00:00:00Z'])(
      'rejects %s as a start day',
      (periodStart) => {
        expect(errorsOf({ ...companyYear, periodStart })).toEqual([
          { field: 'periodStart', message: 'is not a date (YYYY-MM-DD)' },
        ]);
      },
    );

    it('knows leap days', () => {
      expect(parseIsoDate('2028-02-29')).toEqual(new Date(Date.UTC(2028, 1, 29)));
      expect(parseIsoDate('2026-02-29')).toBe('invalid');
    });

    it('does not compare periods when one end is unreadable', () => {
      expect(errorsOf({ ...companyYear, periodStart: 'soon', periodEnd: '2020-01-01' })).toEqual([
        { field: 'periodStart', message: 'is not a date (YYYY-MM-DD)' },
      ]);
    });
  });

  describe('scope', () => {
    it('refuses a scope id on a tenant target', () => {
      expect(errorsOf({ ...companyYear, scopeId: DEPARTMENT_ID })).toEqual([
        { field: 'scopeId', message: 'must be empty for the TENANT scope' },
      ]);
    });

    it('treats a blank scope id as none', () => {
      expect(errorsOf({ ...companyYear, scopeId: '   ' })).toEqual([]);
    });

    it('needs the department of a department target', () => {
      expect(errorsOf({ ...companyYear, scope: 'DEPARTMENT' })).toEqual([
        { field: 'scopeId', message: 'is required for the DEPARTMENT scope' },
      ]);
    });

    it('needs an employee id for an employee target', () => {
      expect(errorsOf({ ...companyYear, scope: 'EMPLOYEE', scopeId: 'zhang.wei' })).toEqual([
        { field: 'scopeId', message: 'is not an employee id' },
      ]);
    });

    it('accepts a department target', () => {
      const result = validateNewTarget({ ...companyYear, scope: 'DEPARTMENT', scopeId: DEPARTMENT_ID });
      expect(result.ok && result.target.scopeId).toBe(DEPARTMENT_ID);
    });

    it('rejects an unknown scope', () => {
      expect(errorsOf({ ...companyYear, scope: 'REGION' })).toEqual([
        { field: 'scope', message: 'must be one of TENANT, DEPARTMENT, EMPLOYEE' },
      ]);
    });
  });

  describe('value', () => {
    it.each([
      ['zero', 0, 0n],
      ['a count as a number', 120, 120n],
      ['int64 max as a string', '9223372036854775807', 9_223_372_036_854_775_807n],
      ['a bigint', 4_170_000_00n, 417_000_000n],
    ])('accepts %s', (_, value, expected) => {
      const result = validateNewTarget({ ...companyYear, value });
      expect(result.ok && result.target.value).toBe(expected);
    });

    it.each([
      [-1, 'must be zero or more'],
      ['-5000', 'must be zero or more'],
      [1.5, 'must be a whole number'],
      ['1.5', 'must be a whole number'],
      ['5e9', 'must be a whole number'],
      ['abc', 'must be a whole number'],
      ['9223372036854775808', 'must be at most 9223372036854775807'],
      [2 ** 53, 'is too large for an exact number; send it as a string'],
      ['', 'is required'],
    ])('rejects %p', (value, message) => {
      expect(errorsOf({ ...companyYear, value })).toEqual([{ field: 'value', message }]);
    });
  });

  it('rejects a parent id that is not an id', () => {
    expect(errorsOf({ ...companyYear, parentId: 'parent' })).toEqual([
      { field: 'parentId', message: 'is not a target id' },
    ]);
  });
});
