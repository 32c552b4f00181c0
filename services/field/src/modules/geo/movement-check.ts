import { type GeoPoint, haversineMeters } from './haversine';

/** Faster than any car between two customers: a spoofed position or a wrong clock. */
export const MAX_PLAUSIBLE_SPEED_KMH = 200;

export type MovementFlag = 'IMPLAUSIBLE_SPEED' | 'TIME_BACKWARDS';

export interface Fix extends GeoPoint {
  occurredAt: Date;
}

/**
 * Flags (never refuses) a fix that cannot follow the rep's previous one: earlier than it, or
 * reached faster than MAX_PLAUSIBLE_SPEED_KMH. A phone offline for a while may send late, so a
 * refusal would lose real work; a manager looks at the flag instead.
 */
export function movementFlags(previous: Fix | undefined, next: Fix): MovementFlag[] {
  if (!previous) return [];
  const flags: MovementFlag[] = [];
  const hours = (next.occurredAt.getTime() - previous.occurredAt.getTime()) / 3_600_000;
  if (hours < 0) flags.push('TIME_BACKWARDS');
  const km = haversineMeters(previous, next) / 1000;
  // Two fixes at the same instant are plausible only at (almost) the same place: 100 m of GPS noise.
  const tooFast = hours === 0 ? km > 0.1 : km / Math.abs(hours) > MAX_PLAUSIBLE_SPEED_KMH;
  if (tooFast) flags.push('IMPLAUSIBLE_SPEED');
  return flags;
}
