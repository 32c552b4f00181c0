/** Mean Earth radius (IUGG), the usual radius for haversine distances. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in metres between two points (haversine; good to ~0.5 % on Earth). */
export function haversineMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
