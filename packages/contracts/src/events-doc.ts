// The "Topics" section of docs/events.md, generated from the topic catalog so that the page an
// integrator reads lists exactly the topics, keys and event types the services publish.
// After a build, `pnpm run docs:events` rewrites the section between the markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, type TopicSpec } from './topics';

export const TOPICS_START = '<!-- topics:start (generated from packages/contracts/src/topics.ts; do not edit) -->';
export const TOPICS_END = '<!-- topics:end -->';

function shortName(payloadMessage: string): string {
  return payloadMessage.slice(payloadMessage.lastIndexOf('.') + 1);
}

function topicSection(topic: TopicSpec): string {
  const types = Object.entries(topic.eventTypes);
  const lines = [
    `### \`${topic.name}\``,
    '',
    `Key \`<tenantId>:<${topic.aggregate}Id>\` unless an event type says otherwise; ${topic.partitions} partitions; ` +
      `snapshot topic \`${topic.snapshotName}\` (compacted).`,
    '',
  ];
  if (types.length === 0) {
    lines.push('No event types yet: the topic is created at start-up; its service does not publish on it yet.');
    return lines.join('\n');
  }
  lines.push('| event type | payload | in snapshot | meaning |', '| --- | --- | --- | --- |');
  for (const [type, spec] of types) {
    const meaning = spec.description.replace(/\|/g, '\\|');
    lines.push(
      `| \`${type}\` | \`${shortName(spec.payloadMessage)}\` | ${spec.carriesState ? 'yes' : 'no'} | ${meaning} |`,
    );
  }
  return lines.join('\n');
}

/** The generated block, markers included. */
export function topicsMarkdown(topics: readonly TopicSpec[] = ALL_TOPICS): string {
  return [TOPICS_START, '', ...topics.map(topicSection).flatMap((s) => [s, '']), TOPICS_END].join('\n');
}

/** `page` with its block between the markers replaced by a freshly generated one. */
export function withGeneratedTopics(page: string, topics: readonly TopicSpec[] = ALL_TOPICS): string {
  const start = page.indexOf(TOPICS_START);
  const end = page.indexOf(TOPICS_END);
  if (start < 0 || end < start) throw new Error('docs/events.md has no topics markers');
  return page.slice(0, start) + topicsMarkdown(topics) + page.slice(end + TOPICS_END.length);
}

export const EVENTS_PAGE = join(__dirname, '..', '..', '..', 'docs', 'events.md');

if (require.main === module) {
  writeFileSync(EVENTS_PAGE, withGeneratedTopics(readFileSync(EVENTS_PAGE, 'utf8')));
}
