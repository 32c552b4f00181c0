import { readFileSync } from 'node:fs';
import { EVENTS_PAGE, TOPICS_END, TOPICS_START, topicsMarkdown, withGeneratedTopics } from './events-doc';
import { ALL_TOPICS, TOPICS } from './topics';

describe('topicsMarkdown', () => {
  const markdown = topicsMarkdown();

  it('has a section for every topic, naming its snapshot topic', () => {
    for (const topic of ALL_TOPICS) {
      expect(markdown).toContain(`### \`${topic.name}\``);
      expect(markdown).toContain(`\`${topic.snapshotName}\``);
    }
  });

  it('lists each event type with its payload message and whether it goes to the snapshot', () => {
    expect(markdown).toContain('| `crm.lead.created` | `LeadCreated` | yes |');
    expect(markdown).toContain('| `crm.handover.completed` | `HandoverCompleted` | no |');
  });

  it('says so for a topic without event types', () => {
    const empty = { ...TOPICS.crmLead, eventTypes: {} };
    expect(topicsMarkdown([empty])).toContain('No event types yet');
  });
});

describe('withGeneratedTopics', () => {
  it('replaces only what lies between the markers', () => {
    const page = `intro\n${TOPICS_START}\nstale\n${TOPICS_END}\noutro\n`;
    const result = withGeneratedTopics(page, [TOPICS.crmActivity]);
    expect(result.startsWith('intro\n')).toBe(true);
    expect(result.endsWith('\noutro\n')).toBe(true);
    expect(result).not.toContain('stale');
    expect(result).toContain('`crm.activity.created`');
  });

  it('refuses a page without markers', () => {
    expect(() => withGeneratedTopics('no markers')).toThrow('no topics markers');
  });
});

describe('docs/events.md', () => {
  it('holds the topics the catalog generates (regenerate: pnpm run docs:events)', () => {
    const page = readFileSync(EVENTS_PAGE, 'utf8');
    expect(page).toBe(withGeneratedTopics(page));
  });
});
