import { movementFlags } from './movement-check';

const at = (iso: string) => new Date(iso);
const bund = { latitude: 31.2397, longitude: 121.4998, occurredAt: at('2026-11-20T02:00:00Z') };

describe('movementFlags', () => {
  it('flags nothing for the first fix or a walk across town', () => {
    expect(movementFlags(undefined, bund)).toEqual([]);
    // 0.1° north (11.12 km) in 30 minutes = 22.2 km/h.
    expect(movementFlags(bund, { ...bund, latitude: 31.3397, occurredAt: at('2026-11-20T02:30:00Z') })).toEqual([]);
  });

  it('flags 1.5° of latitude (166.8 km) in 30 minutes: 333.6 km/h > 200 km/h', () => {
    // 1.5 × 111.195 km = 166.79 km; / 0.5 h = 333.6 km/h.
    expect(movementFlags(bund, { ...bund, latitude: 32.7397, occurredAt: at('2026-11-20T02:30:00Z') })).toEqual([
      'IMPLAUSIBLE_SPEED',
    ]);
  });

  it('accepts 1.5° in an hour (166.8 km/h) ', () => {
    expect(movementFlags(bund, { ...bund, latitude: 32.7397, occurredAt: at('2026-11-20T03:00:00Z') })).toEqual([]);
  });

  it('flags a time before the previous fix', () => {
    expect(movementFlags(bund, { ...bund, occurredAt: at('2026-11-20T01:59:00Z') })).toEqual(['TIME_BACKWARDS']);
  });

  it('flags two distant fixes at the same instant', () => {
    expect(movementFlags(bund, { ...bund, latitude: 31.2497 })).toEqual(['IMPLAUSIBLE_SPEED']);
  });
});
