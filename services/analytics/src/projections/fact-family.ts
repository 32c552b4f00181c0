import type { DomainEvent } from '@salesflow/platform';
import type { PoolClient } from 'pg';
import type { Contribution } from './rollup';

/** What a fact family's fold may look up while reading events (owner -> department path). */
export interface FoldContext {
  /** The owner's department path in the org replica now (frozen into facts that lack attribution). */
  departmentPathOf(tenantId: string, employeeId: string): string;
  /** The calendar day of an instant in the tenant's reporting time zone. */
  dayOf(instant: Date): string;
}

/**
 * One event family projected into one fact table: how rows load and save, how an event
 * folds into the latest state of its fact, and what a state contributes to the rollups.
 */
export interface FactFamily<S> {
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** The fact id an event is about, or undefined when the event is not a fact of this family. */
  factIdOf(event: DomainEvent): string | undefined;
  /** Owners whose department path the fold may need (resolved in one query per batch). */
  ownersOf?(event: DomainEvent): string[];
  load(client: PoolClient, ids: readonly string[]): Promise<Map<string, S>>;
  /** The state after the event, or the previous state when the event is stale or irrelevant. */
  fold(previous: S | undefined, event: DomainEvent, context: FoldContext): S | undefined;
  contributions(state: S): Contribution[];
  save(client: PoolClient, states: readonly S[]): Promise<void>;
}
