// The AsyncAPI 3 document of the Kafka contract, generated from the topic catalog and the
// protobuf descriptors: what an integrator reads instead of our code. Served by the gateway at
// /api/v1/asyncapi.json and written to docs/asyncapi.json (after a build) by
// `pnpm run docs:events` (scripts/write-event-docs.sh).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFileRegistry,
  type DescEnum,
  type DescField,
  type DescMessage,
  fromBinary,
  ScalarType,
} from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { ALL_TOPICS, type TopicSpec } from './topics';

export const ENVELOPE_MESSAGE = 'salesflow.events.v1.EventEnvelope';
const KAFKA_BINDING_VERSION = '0.5.0';

export type JsonSchema = { [key: string]: unknown };

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, unknown>;
  channels: Record<string, unknown>;
  operations: Record<string, unknown>;
  components: { messages: Record<string, unknown>; schemas: Record<string, JsonSchema> };
}

const DESCRIPTION = `The Kafka topics of Salesflow (ARCHITECTURE §2).

- One topic per aggregate, \`salesflow.<service>.<aggregate>.v<major>\`; the record key is
  \`<tenantId>:<aggregateId>\`, so every event of one aggregate lands in one partition, in order.
- The record value is a protobuf \`${ENVELOPE_MESSAGE}\` (content-type \`application/protobuf\`)
  whose \`payload\` is a \`google.protobuf.Any\` holding the message named by the event type.
  The schemas here are the protobuf JSON mapping of those messages, for consumers who decode
  the envelope with any protobuf library and want JSON.
- Headers follow the CloudEvents Kafka binding (\`ce_id\`, \`ce_type\`, \`ce_source\`,
  \`ce_specversion\`, \`ce_subject\`, \`ce_time\`, \`content-type\`) plus W3C \`traceparent\`.
- Delivery is at-least-once: deduplicate by \`ce_id\` (equal to the envelope \`id\`), and ignore
  an event whose \`aggregateVersion\` is not newer than the one you applied.
- Each aggregate also has a compacted snapshot topic \`salesflow.<service>.<aggregate>.snapshot.v1\`
  with the latest state-carrying event per key: bootstrap from it, then follow the main topic.
- A consumer that keeps failing on a record sends it to \`<consumerGroup>.dlq\` with \`dlq_*\`
  headers and goes on.
- Within a major version messages change only compatibly (\`buf breaking\`); an incompatible
  change is a new \`v2\` topic.`;

const CLOUD_EVENTS_HEADERS: JsonSchema = {
  type: 'object',
  description: 'CloudEvents Kafka protocol binding (binary mode) plus W3C trace context.',
  required: ['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'content-type'],
  properties: {
    ce_id: { type: 'string', format: 'uuid', description: 'UUIDv7, equal to the envelope id; deduplicate by it.' },
    ce_type: { type: 'string', description: 'The event type, e.g. crm.lead.created.', examples: ['crm.lead.created'] },
    ce_source: { type: 'string', description: 'The producing service.', examples: ['/salesflow/crm'] },
    ce_specversion: { type: 'string', const: '1.0' },
    ce_subject: { type: 'string', description: 'The aggregate id.' },
    ce_time: { type: 'string', format: 'date-time', description: 'When the change happened.' },
    'content-type': { type: 'string', const: 'application/protobuf' },
    traceparent: {
      type: 'string',
      description: 'W3C trace context of the request that made the change.',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    },
    tracestate: { type: 'string' },
  },
};

const DEAD_LETTER_HEADERS: JsonSchema = {
  type: 'object',
  description: 'The original headers, plus where the record came from and why it failed.',
  properties: {
    ...(CLOUD_EVENTS_HEADERS.properties as JsonSchema),
    dlq_error: { type: 'string', description: 'The last error message (at most 2,000 characters).' },
    dlq_topic: { type: 'string' },
    dlq_partition: { type: 'string' },
    dlq_offset: { type: 'string' },
    dlq_consumer_group: { type: 'string' },
  },
};

const KEY_SCHEMA: JsonSchema = {
  type: 'string',
  description: '`<tenantId>:<aggregateId>`: one aggregate, one partition, in order.',
  pattern: '^[^:]+:[^:]+$',
};

/** The descriptors of every proto, built by `pnpm generate`. */
export function loadDescriptorRegistry(path = join(__dirname, 'gen', 'descriptors.binpb')) {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)));
}

/**
 * JSON Schemas (protobuf JSON mapping) of a message and every message it reaches, keyed by
 * full name; references are `#/components/schemas/<full name>`.
 */
export function jsonSchemasOf(root: DescMessage, into: Record<string, JsonSchema> = {}): Record<string, JsonSchema> {
  const pending: DescMessage[] = [root];
  while (pending.length > 0) {
    const message = pending.pop() as DescMessage;
    if (into[message.typeName] || WELL_KNOWN[message.typeName]) continue;
    const properties: Record<string, JsonSchema> = {};
    for (const field of message.fields) {
      properties[field.jsonName] = fieldSchema(field, pending);
    }
    into[message.typeName] = {
      type: 'object',
      title: message.name,
      'x-protobuf-message': message.typeName,
      properties,
      additionalProperties: false,
    };
  }
  return into;
}

const ref = (typeName: string): JsonSchema => WELL_KNOWN[typeName] ?? { $ref: `#/components/schemas/${typeName}` };

/** Well-known types have their own JSON mapping. */
const WELL_KNOWN: Record<string, JsonSchema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?\\d+(\\.\\d+)?s$' },
  'google.protobuf.Any': {
    type: 'object',
    required: ['@type'],
    properties: { '@type': { type: 'string', examples: ['type.googleapis.com/salesflow.crm.v1.LeadCreated'] } },
    additionalProperties: true,
  },
  'google.protobuf.Struct': { type: 'object' },
  'google.protobuf.Value': {},
  'google.protobuf.Empty': { type: 'object', additionalProperties: false },
  'google.protobuf.StringValue': { type: ['string', 'null'] },
  'google.protobuf.BoolValue': { type: ['boolean', 'null'] },
  'google.protobuf.Int32Value': { type: ['integer', 'null'] },
  'google.protobuf.Int64Value': { type: ['string', 'null'], pattern: '^-?\\d+$' },
  'google.protobuf.DoubleValue': { type: ['number', 'null'] },
};

function fieldSchema(field: DescField, pending: DescMessage[]): JsonSchema {
  const described = (schema: JsonSchema): JsonSchema => {
    const comment = field.proto.name === field.jsonName ? undefined : `proto field ${field.proto.name}`;
    return comment ? { ...schema, 'x-protobuf-field': field.proto.name } : schema;
  };
  switch (field.fieldKind) {
    case 'scalar':
      return described(scalarSchema(field.scalar));
    case 'enum':
      return described(enumSchema(field.enum));
    case 'message':
      pending.push(field.message);
      return described(ref(field.message.typeName));
    case 'list': {
      let items: JsonSchema;
      if (field.listKind === 'scalar') items = scalarSchema(field.scalar);
      else if (field.listKind === 'enum') items = enumSchema(field.enum);
      else {
        pending.push(field.message);
        items = ref(field.message.typeName);
      }
      return described({ type: 'array', items });
    }
    case 'map': {
      let values: JsonSchema;
      if (field.mapKind === 'scalar') values = scalarSchema(field.scalar);
      else if (field.mapKind === 'enum') values = enumSchema(field.enum);
      else {
        pending.push(field.message);
        values = ref(field.message.typeName);
      }
      return described({ type: 'object', additionalProperties: values });
    }
  }
}

function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: 'number' };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      // The JSON mapping writes 64-bit integers as strings.
      return { type: 'string', pattern: '^-?\\d+$' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: 'string', pattern: '^\\d+$' };
    default:
      return { type: 'integer' };
  }
}

function enumSchema(desc: DescEnum): JsonSchema {
  return { type: 'string', enum: desc.values.map((v) => v.name), 'x-protobuf-enum': desc.typeName };
}

function channelId(name: string): string {
  return name.replace(/^salesflow\./, '').replace(/\./g, '-');
}

function messageId(type: string): string {
  return type.replace(/\./g, '-');
}

/** The AsyncAPI 3 document of every catalog topic, its snapshot topic and the DLQ convention. */
export function asyncApiDocument(
  topics: readonly TopicSpec[] = ALL_TOPICS,
  registry = loadDescriptorRegistry(),
): AsyncApiDocument {
  const schemas: Record<string, JsonSchema> = { CloudEventsHeaders: CLOUD_EVENTS_HEADERS };
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  const descOf = (typeName: string): DescMessage => {
    const desc = registry.getMessage(typeName);
    if (!desc) throw new Error(`the descriptor set has no message ${typeName}`);
    return desc;
  };
  jsonSchemasOf(descOf(ENVELOPE_MESSAGE), schemas);

  for (const topic of topics) {
    const channelMessages: Record<string, unknown> = {};
    const snapshotMessages: Record<string, unknown> = {};
    for (const [type, spec] of Object.entries(topic.eventTypes)) {
      jsonSchemasOf(descOf(spec.payloadMessage), schemas);
      const id = messageId(type);
      messages[id] = {
        name: type,
        title: type,
        summary: spec.description,
        contentType: 'application/protobuf',
        headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
        payload: {
          description: `A ${ENVELOPE_MESSAGE} (shown in its JSON mapping) with type "${type}" and a ${spec.payloadMessage} payload.`,
          allOf: [
            { $ref: `#/components/schemas/${ENVELOPE_MESSAGE}` },
            {
              type: 'object',
              properties: {
                type: { const: type },
                payload: {
                  allOf: [
                    { $ref: `#/components/schemas/${spec.payloadMessage}` },
                    {
                      type: 'object',
                      properties: { '@type': { const: `type.googleapis.com/${spec.payloadMessage}` } },
                    },
                  ],
                },
              },
            },
          ],
        },
        bindings: { kafka: { key: KEY_SCHEMA, bindingVersion: KAFKA_BINDING_VERSION } },
        'x-payload-message': spec.payloadMessage,
        'x-carries-state': spec.carriesState,
      };
      channelMessages[id] = { $ref: `#/components/messages/${id}` };
      if (spec.carriesState) snapshotMessages[id] = { $ref: `#/components/messages/${id}` };
    }

    const main = channelId(topic.name);
    channels[main] = {
      address: topic.name,
      title: `${topic.service} ${topic.aggregate} events`,
      description:
        `Every change of a ${topic.aggregate}, in order per key. ${topic.partitions} partitions; ` +
        'retention by time (the broker default), not compacted.' +
        (Object.keys(channelMessages).length === 0 ? ' No event types are published on it yet.' : ''),
      messages: channelMessages,
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': ['delete'] },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    const snapshot = channelId(topic.snapshotName);
    channels[snapshot] = {
      address: topic.snapshotName,
      title: `${topic.service} ${topic.aggregate} snapshots`,
      description:
        `Compacted: the latest state-carrying event per key (${topic.aggregate} id). Read it from the ` +
        'beginning to bootstrap, then follow the main topic and skip versions you already have.',
      messages: snapshotMessages,
      bindings: {
        kafka: {
          topic: topic.snapshotName,
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': ['compact'] },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    for (const [channel, ids] of [
      [main, channelMessages],
      [snapshot, snapshotMessages],
    ] as const) {
      operations[`receive-${channel}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${channel}` },
        messages: Object.keys(ids).map((id) => ({ $ref: `#/channels/${channel}/messages/${id}` })),
      };
    }
  }

  messages.deadLetter = {
    name: 'dead-letter',
    title: 'A record a consumer gave up on',
    summary: 'The original key and value, unchanged; the original headers plus dlq_* headers.',
    contentType: 'application/protobuf',
    headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
    payload: { $ref: `#/components/schemas/${ENVELOPE_MESSAGE}` },
    bindings: { kafka: { key: KEY_SCHEMA, bindingVersion: KAFKA_BINDING_VERSION } },
  };
  schemas.DeadLetterHeaders = DEAD_LETTER_HEADERS;
  channels.deadLetter = {
    address: '{consumerGroup}.dlq',
    title: 'Dead-letter topic of a consumer group',
    description: 'One partition per group; inspect, fix, and replay by hand.',
    parameters: { consumerGroup: { description: 'The Kafka consumer group id, e.g. crm.org-replica.' } },
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  };

  return {
    asyncapi: '3.0.0',
    info: { title: 'Salesflow events', version: '1.0.0', description: DESCRIPTION },
    defaultContentType: 'application/protobuf',
    servers: {
      kafka: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'The cluster of your Salesflow installation (locally 127.0.0.1:19092).',
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
}
