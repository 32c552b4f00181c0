import type { crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import type { FactFamily, FoldContext } from '../fact-family';
import { factTable } from '../fact-table';
import { attributionFields, isStale, keyOf } from '../family-helpers';

export interface RatingFact {
  ratingId: string;
  tenantId: string;
  version: number;
  ownerId: string;
  departmentPath: string;
  customerId: string;
  region: string;
  segment: string;
  ratedOn: string;
  score: number;
}

const table = factTable<RatingFact>('rating_facts', [
  { column: 'rating_id', field: 'ratingId', kind: 'text' },
  { column: 'tenant_id', field: 'tenantId', kind: 'uuid' },
  { column: 'version', field: 'version', kind: 'bigint' },
  { column: 'owner_id', field: 'ownerId', kind: 'text' },
  { column: 'department_path', field: 'departmentPath', kind: 'text' },
  { column: 'customer_id', field: 'customerId', kind: 'text' },
  { column: 'region', field: 'region', kind: 'text' },
  { column: 'segment', field: 'segment', kind: 'text' },
  { column: 'rated_on', field: 'ratedOn', kind: 'date' },
  { column: 'score', field: 'score', kind: 'int' },
]);

/** A satisfied rating is a score of 4 or 5 (DOMAIN §3: satisfied ratings / all ratings). */
export const SATISFIED_MIN_SCORE = 4;

/**
 * Satisfaction ratings: a ticket's rating (keyed by the ticket, a re-rating replaces it) and
 * standalone surveys (keyed by the survey). Ticket events without a rating are not facts.
 */
export const ratingFamily: FactFamily<RatingFact> = {
  name: 'rating',
  eventTypes: ['crm.ticket.rated', 'crm.satisfaction.recorded'],
  factIdOf(event) {
    if (event.type === 'crm.satisfaction.recorded') return (event.payload as crmV1.SatisfactionRecorded).survey?.id;
    const ticket = (event.payload as crmV1.TicketChanged).ticket;
    return ticket && ticket.satisfactionRating > 0 ? ticket.id : undefined;
  },
  ownersOf(event) {
    if (event.type === 'crm.satisfaction.recorded') {
      const p = event.payload as crmV1.SatisfactionRecorded;
      return [p.attribution?.ownerId || p.survey?.recordedBy || ''];
    }
    const p = event.payload as crmV1.TicketChanged;
    return [p.attribution?.ownerId || p.ticket?.assigneeId || ''];
  },
  load: table.load,
  save: table.save,
  fold(previous, event: DomainEvent<crmV1.TicketChanged | crmV1.SatisfactionRecorded>, context: FoldContext) {
    const attribution = event.payload.attribution;
    if ('survey' in event.payload) {
      const survey = event.payload.survey;
      if (!survey || previous) return previous;
      const fields = attributionFields(attribution, survey.recordedBy);
      return {
        ratingId: survey.id,
        tenantId: event.tenantId,
        version: 1,
        ...fields,
        departmentPath: fields.departmentPath || context.departmentPathOf(event.tenantId, fields.ownerId),
        customerId: fields.customerId || survey.customerId,
        ratedOn: context.dayOf(survey.surveyedAt ?? event.occurredAt),
        score: survey.score,
      };
    }
    const ticket = (event.payload as crmV1.TicketChanged).ticket;
    if (!ticket || ticket.satisfactionRating <= 0 || isStale(previous, ticket.version)) return previous;
    const fields = attributionFields(attribution, ticket.assigneeId);
    return {
      ratingId: ticket.id,
      tenantId: event.tenantId,
      version: Number(ticket.version),
      ...fields,
      departmentPath: fields.departmentPath || context.departmentPathOf(event.tenantId, fields.ownerId),
      customerId: fields.customerId || ticket.customerId,
      ratedOn: context.dayOf(ticket.updatedAt ?? event.occurredAt),
      score: ticket.satisfactionRating,
    };
  },
  contributions(fact) {
    return [
      {
        key: keyOf(fact.tenantId, fact.ratedOn, fact),
        measures: { ratings: 1, satisfied_ratings: fact.score >= SATISFIED_MIN_SCORE ? 1 : 0 },
      },
    ];
  },
};
