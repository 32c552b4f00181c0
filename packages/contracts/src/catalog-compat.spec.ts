import { asyncApiDocument, loadDescriptorRegistry } from './asyncapi';
import { catalogBreakingChanges } from './catalog-compat';
import { ALL_TOPICS, type EventTypeSpec, TOPICS, type TopicSpec } from './topics';

describe('catalogBreakingChanges', () => {
  const published = asyncApiDocument(ALL_TOPICS, loadDescriptorRegistry()) as unknown as Parameters<
    typeof catalogBreakingChanges
  >[0];
  const updated = TOPICS.crmLead.eventTypes['crm.lead.updated'] as EventTypeSpec;
  const withLead = (lead: TopicSpec) => ALL_TOPICS.map((t) => (t.name === lead.name ? lead : t));

  it('accepts the same catalog, and added topics and event types', () => {
    expect(catalogBreakingChanges(published, ALL_TOPICS)).toEqual([]);
    const grown = withLead({
      ...TOPICS.crmLead,
      eventTypes: { ...TOPICS.crmLead.eventTypes, 'crm.lead.archived': updated },
    });
    expect(catalogBreakingChanges(published, [...grown, { ...TOPICS.crmLead, name: 'salesflow.crm.lead.v2' }])).toEqual(
      [],
    );
  });

  it('refuses a removed topic, a removed event type, another payload and another partition count', () => {
    const { 'crm.lead.recycled': _removed, ...rest } = TOPICS.crmLead.eventTypes;
    expect(
      catalogBreakingChanges(
        published,
        ALL_TOPICS.filter((t) => t.name !== TOPICS.crmContact.name),
      ),
    ).toEqual(['topic salesflow.crm.contact.v1 was removed']);
    expect(catalogBreakingChanges(published, withLead({ ...TOPICS.crmLead, eventTypes: rest }))).toEqual([
      'event type crm.lead.recycled was removed from salesflow.crm.lead.v1',
    ]);
    expect(
      catalogBreakingChanges(
        published,
        withLead({
          ...TOPICS.crmLead,
          eventTypes: {
            ...TOPICS.crmLead.eventTypes,
            'crm.lead.created': updated,
          },
        }),
      ),
    ).toEqual([
      'event type crm.lead.created changed its payload from salesflow.crm.v1.LeadCreated to salesflow.crm.v1.LeadUpdated',
    ]);
    expect(catalogBreakingChanges(published, withLead({ ...TOPICS.crmLead, partitions: 6 }))).toEqual([
      'topic salesflow.crm.lead.v1 changed from 3 to 6 partitions',
    ]);
  });
});
