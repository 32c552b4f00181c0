import type { goalsV1 } from '@salesflow/contracts';
import type { Target } from '../../generated/prisma/client';
import { targetToProto } from './target.mapper';

export interface TargetProgressView {
  target: Target;
  achieved: bigint;
  /** achieved / value * 100, two decimals (0 for a zero target). */
  completionPercent: number;
  /** value * elapsed share of the period, rounded down. */
  expectedByNow: bigint;
  expectedPercent: number;
}

/**
 * Where the node stands at `now`: expected-by-now is linear in the period's time,
 * value * (now - start) / (end - start), 0 before the start and the whole value after the end.
 */
export function progressOf(target: Target, now: Date): TargetProgressView {
  const start = target.periodStart.getTime();
  const end = target.periodEnd.getTime();
  const elapsed = BigInt(Math.min(Math.max(now.getTime() - start, 0), end - start));
  const total = BigInt(Math.max(end - start, 1));
  const expectedByNow = (target.value * elapsed) / total;
  return {
    target,
    achieved: target.achieved,
    completionPercent: percent(target.achieved, target.value),
    expectedByNow,
    expectedPercent: percent(expectedByNow, target.value),
  };
}

/** part / whole * 100 with two decimals, exact in bigint before the last division. */
export function percent(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 10_000n) / whole) / 100;
}

export function progressToProto(view: TargetProgressView): goalsV1.TargetProgress {
  return {
    target: targetToProto(view.target),
    achieved: view.achieved.toString(),
    completionPercent: view.completionPercent,
    expectedByNow: view.expectedByNow.toString(),
    expectedPercent: view.expectedPercent,
  };
}
