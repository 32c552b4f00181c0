// Splitting an integer by weights so that the parts sum EXACTLY to it (Hamilton's method).

/** Weights arrive as numbers or decimal strings; six decimals is finer than any percentage. */
const WEIGHT_SCALE = 1_000_000n;

/** A weight as an exact integer in millionths; undefined when it is not a finite number >= 0. */
export function weightToUnits(raw: number | string): bigint | undefined {
  const text = typeof raw === 'number' ? (Number.isFinite(raw) ? raw.toFixed(6) : '') : raw.trim();
  const m = /^(\d+)(?:\.(\d{1,6})\d*)?$/.exec(text);
  if (!m) return undefined;
  return BigInt(m[1] ?? '0') * WEIGHT_SCALE + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/**
 * Splits `total` in proportion to `weights`: each part first gets the floor of its exact share,
 * then the units left over go one each to the parts with the largest fractional remainders;
 * equal remainders go to the earlier part, so the same input always places them the same way.
 * The weights must not all be zero.
 */
export function splitByWeights(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum <= 0n) throw new Error('weights must not all be zero');
  const floors = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * w) % sum }));
  let left = total - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const parts = [...floors];
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}
