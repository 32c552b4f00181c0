import { type NewCheckInInput, validateNewCheckIn } from './check-in.validation';

const NOW = new Date('2026-11-20T02:00:00.000Z'); // 10:00 in Shanghai
const CUSTOMER_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** At the Bund, Shanghai, with a phone's usual GPS accuracy. */
const atTheBund: NewCheckInInput = {
  kind: 'CHECK_IN',
  latitude: 31.2397,
  longitude: 121.4998,
  accuracyMeters: 12.5,
};

function errorsOf(input: NewCheckInInput) {
  const result = validateNewCheckIn(input, NOW);
  return result.ok ? [] : result.errors;
}

describe('validateNewCheckIn', () => {
  it('accepts a check-in and stamps it now when no time is given', () => {
    expect(validateNewCheckIn({ ...atTheBund, customerId: ` ${CUSTOMER_ID} `, notes: ' 需求沟通 ' }, NOW)).toEqual({
      ok: true,
      checkIn: {
        kind: 'CHECK_IN',
        occurredAt: NOW,
        latitude: 31.2397,
        longitude: 121.4998,
        accuracyMeters: 12.5,
        customerId: CUSTOMER_ID,
        notes: '需求沟通',
        planItemId: null,
      },
    });
  });

  it('reports every missing field at once', () => {
    expect(errorsOf({})).toEqual([
      { field: 'kind', message: 'is required' },
      { field: 'latitude', message: 'is required' },
      { field: 'longitude', message: 'is required' },
      { field: 'accuracyMeters', message: 'is required' },
    ]);
  });

  it('rejects a kind it does not know', () => {
    expect(errorsOf({ ...atTheBund, kind: 'UNRECOGNIZED' })).toEqual([
      { field: 'kind', message: 'must be one of CHECK_IN, CHECK_OUT' },
    ]);
  });

  it.each([
    ['the poles', 90, 180],
    ['the other ends', -90, -180],
    ['Null Island', 0, 0],
  ])('accepts coordinates at %s', (_, latitude, longitude) => {
    expect(errorsOf({ ...atTheBund, latitude, longitude })).toEqual([]);
  });

  it.each([
    [90.0001, 121.5, 'latitude', 'must be between -90 and 90'],
    [-91, 121.5, 'latitude', 'must be between -90 and 90'],
    [31.2, 180.5, 'longitude', 'must be between -180 and 180'],
    [31.2, -200, 'longitude', 'must be between -180 and 180'],
    [Number.NaN, 121.5, 'latitude', 'is not a number'],
    [31.2, Number.POSITIVE_INFINITY, 'longitude', 'is not a number'],
  ])('rejects latitude %p, longitude %p', (latitude, longitude, field, message) => {
    expect(errorsOf({ ...atTheBund, latitude, longitude })).toEqual([{ field, message }]);
  });

  it('accepts a perfect accuracy of 0 m and rejects a negative one', () => {
    expect(errorsOf({ ...atTheBund, accuracyMeters: 0 })).toEqual([]);
    expect(errorsOf({ ...atTheBund, accuracyMeters: -0.5 })).toEqual([
      { field: 'accuracyMeters', message: 'must be zero or more' },
    ]);
  });

  describe('occurredAt', () => {
    it('allows a device clock up to exactly 5 minutes fast', () => {
      expect(errorsOf({ ...atTheBund, occurredAt: new Date('2026-11-20T02:05:00.000Z') })).toEqual([]);
    });

    it('refuses a time 5 minutes and 1 ms ahead', () => {
      expect(errorsOf({ ...atTheBund, occurredAt: new Date('2026-11-20T02:05:00.001Z') })).toEqual([
        { field: 'occurredAt', message: 'must not be more than 5 minutes in the future' },
      ]);
    });

    it('accepts a time in the past (a check-in sent once the phone is back online)', () => {
      expect(errorsOf({ ...atTheBund, occurredAt: new Date('2026-11-19T08:00:00.000Z') })).toEqual([]);
    });

    it('refuses an invalid date', () => {
      expect(errorsOf({ ...atTheBund, occurredAt: new Date('not a time') })).toEqual([
        { field: 'occurredAt', message: 'is not a time' },
      ]);
    });
  });

  it('rejects a customer id that is not an id and overlong notes', () => {
    expect(errorsOf({ ...atTheBund, customerId: 'acme', notes: '签'.repeat(2001) })).toEqual([
      { field: 'customerId', message: 'is not a customer id' },
      { field: 'notes', message: 'is longer than 2000 characters' },
    ]);
  });

  it('treats an empty customer id as none', () => {
    const result = validateNewCheckIn({ ...atTheBund, customerId: '' }, NOW);
    expect(result.ok && result.checkIn.customerId).toBeNull();
  });
});
