import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument, ENVELOPE_MESSAGE, loadDescriptorRegistry } from './asyncapi';
import { ALL_TOPICS, allEventTypes } from './topics';

describe('asyncApiDocument', () => {
  const document = asyncApiDocument(ALL_TOPICS, loadDescriptorRegistry());
  const channels = document.channels as Record<
    string,
    {
      address: string;
      messages: Record<string, unknown>;
      bindings?: { kafka: { topicConfiguration: Record<string, string[]> } };
    }
  >;
  const byAddress = new Map(Object.values(channels).map((c) => [c.address, c]));

  it('is AsyncAPI 3 with a channel for every topic and its compacted snapshot topic', () => {
    expect(document.asyncapi).toBe('3.0.0');
    for (const topic of ALL_TOPICS) {
      expect(byAddress.get(topic.name)?.bindings?.kafka.topicConfiguration['cleanup.policy']).toEqual(['delete']);
      expect(byAddress.get(topic.snapshotName)?.bindings?.kafka.topicConfiguration['cleanup.policy']).toEqual([
        'compact',
      ]);
    }
    expect(byAddress.get('{consumerGroup}.dlq')).toBeDefined();
  });

  it('has one message per event type, keyed <tenantId>:<aggregateId>, with CloudEvents headers', () => {
    const messages = document.components.messages as Record<
      string,
      { name: string; headers: unknown; bindings: { kafka: { key: { pattern: string } } }; 'x-payload-message': string }
    >;
    for (const type of allEventTypes()) {
      const message = Object.values(messages).find((m) => m.name === type.type);
      expect(message).toBeDefined();
      expect(message?.['x-payload-message']).toBe(type.payloadMessage);
      expect(message?.bindings.kafka.key.pattern).toBe('^[^:]+:[^:]+$');
      expect(byAddress.get(type.topic.name)?.messages[type.type.replace(/\./g, '-')]).toBeDefined();
      expect(document.components.schemas[type.payloadMessage]).toBeDefined();
    }
    const headers = document.components.schemas.CloudEventsHeaders as { properties: Record<string, unknown> };
    expect(Object.keys(headers.properties)).toEqual(
      expect.arrayContaining(['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'content-type', 'traceparent']),
    );
  });

  it('renders payloads in the protobuf JSON mapping: camelCase names, int64 as strings, enums by name', () => {
    const envelope = document.components.schemas[ENVELOPE_MESSAGE] as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(envelope.properties.aggregateVersion).toMatchObject({ type: 'string', pattern: '^-?\\d+$' });
    expect(envelope.properties.occurredAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(envelope.properties.payload).toMatchObject({ required: ['@type'] });

    const lead = document.components.schemas['salesflow.crm.v1.Lead'] as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(lead.properties.tenantId).toMatchObject({ type: 'string', 'x-protobuf-field': 'tenant_id' });
    expect(lead.properties.source?.enum).toEqual(expect.arrayContaining(['LEAD_SOURCE_WEB']));
  });

  it('puts only state-carrying events on snapshot channels', () => {
    for (const type of allEventTypes()) {
      const onSnapshot = byAddress.get(type.topic.snapshotName)?.messages[type.type.replace(/\./g, '-')] !== undefined;
      expect({ type: type.type, onSnapshot }).toEqual({ type: type.type, onSnapshot: type.carriesState });
    }
  });
});

describe('docs/asyncapi.json', () => {
  it('is the document the catalog generates (regenerate: pnpm run docs:events)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });
});
