import { parseIsoDate, validatePlanItems } from './visit-plan.validation';

const CUSTOMER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('visit plan validation', () => {
  it('keeps valid items in order, trimmed', () => {
    expect(
      validatePlanItems([
        { customerId: ` ${CUSTOMER} `, plannedTime: '09:30', purpose: 'COLLECTION', notes: ' 回款 ' },
        { customerId: CUSTOMER, plannedTime: '23:59', purpose: 'OTHER' },
      ]),
    ).toEqual({
      ok: true,
      items: [
        { customerId: CUSTOMER, plannedTime: '09:30', purpose: 'COLLECTION', notes: '回款' },
        { customerId: CUSTOMER, plannedTime: '23:59', purpose: 'OTHER', notes: '' },
      ],
    });
  });

  it('names every broken field of every item', () => {
    expect(validatePlanItems([{ customerId: 'acme', plannedTime: '24:00', purpose: '' }])).toEqual({
      ok: false,
      errors: [
        { field: 'items[0].customerId', message: 'is not a customer id' },
        { field: 'items[0].plannedTime', message: 'must be a time HH:MM' },
        {
          field: 'items[0].purpose',
          message: 'must be one of NEW_CUSTOMER, MARKET_RESEARCH, COLLECTION, SERVICE, COMPLAINT, ORDER, OTHER',
        },
      ],
    });
  });

  it('allows at most 30 visits a day', () => {
    const item = { customerId: CUSTOMER, plannedTime: '10:00', purpose: 'SERVICE' };
    expect(validatePlanItems(Array.from({ length: 30 }, () => item)).ok).toBe(true);
    expect(validatePlanItems(Array.from({ length: 31 }, () => item))).toMatchObject({
      ok: false,
      errors: [{ field: 'items', message: 'at most 30 visits a day' }],
    });
  });

  it('reads only real calendar dates', () => {
    expect(parseIsoDate('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-1-5')).toBeUndefined();
  });
});
