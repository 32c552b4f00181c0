import type { FieldError } from '@salesflow/platform';
import type { RequirableField } from '../pipeline/default-pipeline';

export interface StageLike {
  id: string;
  name: string;
  position: number;
  kind: string;
  requiredFields: string[];
}

export interface OpportunityFields {
  amountMinor: bigint | null;
  expectedCloseOn: Date | null;
  productLine: string;
}

const FILLED: Record<RequirableField, (o: OpportunityFields) => boolean> = {
  amount: (o) => o.amountMinor !== null && o.amountMinor > 0n,
  expectedCloseOn: (o) => o.expectedCloseOn !== null,
  productLine: (o) => o.productLine !== '',
};

/** The stage's required fields the opportunity has not filled, as field errors. */
export function missingRequiredFields(stage: StageLike, opportunity: OpportunityFields): FieldError[] {
  return stage.requiredFields
    .filter((field): field is RequirableField => field in FILLED)
    .filter((field) => !FILLED[field](opportunity))
    .map((field) => ({ field, message: `is required to enter stage ${stage.name}` }));
}

/**
 * A move is backwards when it goes to an earlier position; won and lost come last, so
 * reopening a closed opportunity is backwards too. Moving between won and lost is not.
 */
export function isBackwards(from: StageLike, to: StageLike): boolean {
  return to.position < from.position;
}

/** Everything wrong with a move, as field errors (empty when it may happen). */
export function stageMoveErrors(
  from: StageLike,
  to: StageLike,
  opportunity: OpportunityFields,
  move: { reason: string; lostReason: string },
  lostReasons: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (from.id === to.id) errors.push({ field: 'stageId', message: 'is already the current stage' });
  if (isBackwards(from, to) && move.reason.trim() === '') {
    errors.push({ field: 'reason', message: 'is required when moving back to an earlier stage' });
  }
  if (to.kind === 'LOST' && !lostReasons.includes(move.lostReason)) {
    errors.push({ field: 'lostReason', message: `must be one of: ${lostReasons.join(', ')}` });
  }
  return [...errors, ...missingRequiredFields(to, opportunity)];
}
