/** Failures in a row that lock an account; each further batch of this many locks it again. */
export const LOCKOUT_THRESHOLD = 5;
export const FIRST_LOCK_SECONDS = 60;
export const MAX_LOCK_SECONDS = 3600;

/**
 * How long the account locks after its `failedCount`-th consecutive failure: 0 unless the count
 * completes a batch of five; 1 min after the 5th, doubling with each further batch (2 min after
 * the 10th, 4 after the 15th ...) up to 1 h.
 */
export function lockSecondsAfter(failedCount: number): number {
  if (failedCount < LOCKOUT_THRESHOLD || failedCount % LOCKOUT_THRESHOLD !== 0) return 0;
  const batch = failedCount / LOCKOUT_THRESHOLD;
  // Capped before exponentiation so a huge count cannot overflow to Infinity.
  return Math.min(FIRST_LOCK_SECONDS * 2 ** Math.min(batch - 1, 12), MAX_LOCK_SECONDS);
}

/** Whole seconds until `lockedUntil`, at least 1 while it is ahead; 0 when not locked. */
export function retryAfterSeconds(lockedUntil: Date | null, now: Date): number {
  if (!lockedUntil || lockedUntil.getTime() <= now.getTime()) return 0;
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}
