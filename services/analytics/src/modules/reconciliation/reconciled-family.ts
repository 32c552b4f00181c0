import type { commonV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { RollupMeasure } from '../../projections/rollup';

/** A source's record as reconciliation compares and repairs it. */
export interface SourceRecord<R> {
  id: string;
  version: number;
  /** The day the KPIs count it on ('' when on none, e.g. a task without a due time). */
  day: string;
  /** What it adds to the family's measures; nothing when the KPIs do not count it (reversed, rejected). */
  measures: Partial<Record<RollupMeasure, number>>;
  ownerId: string;
  customerId: string;
  state: R;
}

/**
 * Where the projection keeps the family's facts, in SQL: the repair reads each fact's version
 * (a newer event must never be undone) and its frozen attribution (kept on the re-projection).
 */
export interface FactColumns {
  table: string;
  id: string;
  day: string;
  /** A predicate true for facts the KPIs count (e.g. `status = 'SIGNED'`). */
  counted: string;
  owner: string;
  /** Whether the table freezes customer, region and segment (else they are empty). */
  attributed: boolean;
}

/**
 * One reconciled event family: which rollup measures it feeds, where its facts live, how a
 * source record counts, and the event that projects a record's current state again.
 */
export interface ReconciledFamily<R> {
  /** e.g. 'payments', in logs and reports. */
  readonly name: string;
  /** The service that is the source of truth, e.g. 'crm'. */
  readonly source: string;
  /** The daily_rollups columns compared per day (a count and a sum, or two counts). */
  readonly measures: readonly RollupMeasure[];
  readonly facts: FactColumns;
  recordOf(state: R): SourceRecord<R>;
  /** The event that carries the record's state, attributed as the fact froze it (or as the owner is now). */
  eventOf(record: SourceRecord<R>, tenantId: string, attribution: commonV1.Attribution): DomainEvent;
}

/** What reconciliation reads from the source service, as the tenant's system reader. */
export interface SourceReader<R> {
  /** Every record whose day may lie in [from, to], counted or not (extra ones are filtered out by day). */
  list(tenantId: string, from: string, to: string): Promise<R[]>;
  /** One record as the source holds it now; undefined when it does not know it (or cannot read one). */
  get(tenantId: string, id: string): Promise<R | undefined>;
}

/** The event a repair projects: the record's id and version, marked as reconciliation's (no actor). */
export function repairEvent<R>(
  family: string,
  record: SourceRecord<R>,
  tenantId: string,
  type: string,
  payload: unknown,
): DomainEvent {
  return {
    id: `reconcile:${family}:${record.id}:${record.version}`,
    type,
    tenantId,
    aggregateId: record.id,
    aggregateVersion: record.version,
    occurredAt: new Date(),
    actorId: '',
    payload,
  };
}
