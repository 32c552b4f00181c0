/**
 * Yuan as a person types them (e.g. 128.5) to the API's integer minor units (12850 fen).
 * Rounded to the fen so that 0.1 + 0.2 style float noise never reaches the API; undefined for
 * anything that is not a finite amount, so the form's own rule reports it.
 */
export function toMinorUnits(major: number | null | undefined): number | undefined {
  if (major === null || major === undefined || !Number.isFinite(major)) return undefined;
  return Math.round(major * 100);
}
