import { haversineMeters } from './haversine';

describe('haversineMeters', () => {
  it('along a meridian is R × Δφ', () => {
    // 0.001° north of the Bund: 6,371,008.8 m × 0.001 × π/180 = 6,371,008.8 × 1.745329e-5 = 111.195 m.
    expect(
      haversineMeters({ latitude: 31.2397, longitude: 121.4998 }, { latitude: 31.2407, longitude: 121.4998 }),
    ).toBeCloseTo(111.195, 2);
  });

  it('along a parallel shrinks by cos φ', () => {
    // 0.01° east at 31.2397° N: R × cos(31.2397°) × 0.01 × π/180 = 6,371,008.8 × 0.855040 × 1.745329e-4
    // = 950.72 m (the haversine arc differs from the parallel by far less than a millimetre here).
    expect(
      haversineMeters({ latitude: 31.2397, longitude: 121.4998 }, { latitude: 31.2397, longitude: 121.5098 }),
    ).toBeCloseTo(950.72, 1);
  });

  it('is zero for the same point and symmetric', () => {
    const a = { latitude: 22.5431, longitude: 114.0579 };
    const b = { latitude: 23.1291, longitude: 113.2644 };
    expect(haversineMeters(a, a)).toBe(0);
    expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 6);
  });
});
