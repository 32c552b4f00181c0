// The event-contract half of the compatibility check (buf breaking covers the messages' wire
// format): what a consumer of a published topic relies on must not change within its major
// version. Compares the AsyncAPI document published on main with the catalog being built:
// a topic of main must still exist with the same partition count (keys would move between
// partitions, breaking per-key order), and each of its event types must still exist with the
// same payload message. Anything else is a new major topic (`.v2`), published side by side.
// CLI (scripts/proto-breaking.sh): node packages/contracts/dist/catalog-compat.js <main's asyncapi.json>
import { readFileSync } from 'node:fs';
import { ALL_TOPICS, type TopicSpec } from './topics';

interface PublishedDocument {
  channels: Record<
    string,
    { address: string; messages?: Record<string, { $ref: string }>; bindings?: { kafka?: { partitions?: number } } }
  >;
  components: { messages: Record<string, { name: string; 'x-payload-message'?: string }> };
}

/** The breaking changes of `current` against the `published` document; empty when compatible. */
export function catalogBreakingChanges(published: PublishedDocument, current: readonly TopicSpec[]): string[] {
  const byName = new Map(current.map((topic) => [topic.name, topic]));
  const problems: string[] = [];
  for (const channel of Object.values(published.channels)) {
    const partitions = channel.bindings?.kafka?.partitions;
    // Snapshot and dead-letter channels follow their event topic; only event topics are checked.
    if (partitions === undefined || channel.address.includes('.snapshot.') || channel.address.includes('{')) continue;
    const topic = byName.get(channel.address);
    if (!topic) {
      problems.push(`topic ${channel.address} was removed`);
      continue;
    }
    if (topic.partitions !== partitions) {
      problems.push(`topic ${channel.address} changed from ${partitions} to ${topic.partitions} partitions`);
    }
    for (const ref of Object.values(channel.messages ?? {})) {
      const message = published.components.messages[ref.$ref.slice(ref.$ref.lastIndexOf('/') + 1)];
      if (!message) continue;
      const now = topic.eventTypes[message.name];
      if (!now) problems.push(`event type ${message.name} was removed from ${channel.address}`);
      else if (message['x-payload-message'] && now.payloadMessage !== message['x-payload-message']) {
        problems.push(
          `event type ${message.name} changed its payload from ${message['x-payload-message']} to ${now.payloadMessage}`,
        );
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const published = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as PublishedDocument;
  const problems = catalogBreakingChanges(published, ALL_TOPICS);
  for (const problem of problems) console.error(`breaking event-contract change: ${problem}`);
  if (problems.length > 0) {
    console.error('Publish the change on a new major topic (.v2) instead, beside the old one.');
    process.exit(1);
  }
}
