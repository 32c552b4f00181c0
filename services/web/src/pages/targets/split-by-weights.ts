// The split goals makes of a target among its parts, shown live while the weights are typed.

/**
 * Splits `total` by weights so the parts add up exactly (largest remainder, leftovers to the
 * largest fractions, the earlier part on a tie) — what goals does, shown live in the dialog.
 */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  // Six decimals, as goals reads weights; BigInt keeps fen exact above 2^53 / 10^6.
  const units = weights.map((w) => BigInt(Math.round(Math.max(0, w || 0) * 1_000_000)));
  const sum = units.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0);
  const whole = BigInt(total);
  const floors = units.map((w) => (whole * w) / sum);
  let left = whole - floors.reduce((a, b) => a + b, 0n);
  const order = units
    .map((w, index) => ({ index, remainder: (whole * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return floors.map(Number);
}
