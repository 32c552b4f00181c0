import { type ServerSentEvent, SseParser } from './sse-parser.js';

function parse(...chunks: string[]): { events: ServerSentEvent[]; parser: SseParser } {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return { events, parser };
}

describe('SseParser (the notification stream read with fetch)', () => {
  it('reads the gateway stream: retry, heartbeats, id, event and data', () => {
    const { events, parser } = parse(
      'retry: 3000\n\n',
      ': heartbeat\n\n',
      'id: 1042\nevent: notification\ndata: {"id":"1042","title":"A task"}\n\n',
    );
    expect(events).toEqual([{ id: '1042', event: 'notification', data: '{"id":"1042","title":"A task"}' }]);
    expect(parser.lastEventId).toBe('1042');
    expect(parser.retryMs).toBe(3000);
  });

  it('joins an event split across chunks, even inside a line and a CRLF', () => {
    const { events } = parse('id: 7\r', '\nevent: notif', 'ication\ndata: {"a":', '1}\r\n', '\r\n');
    expect(events).toEqual([{ id: '7', event: 'notification', data: '{"a":1}' }]);
  });

  it('joins multi-line data with newlines and dispatches nothing before the blank line', () => {
    const { events } = parse('data: first\ndata: second\n');
    expect(events).toEqual([]);
    const done = parse('data: first\ndata: second\n\n');
    expect(done.events).toEqual([{ id: undefined, event: 'message', data: 'first\nsecond' }]);
  });

  it('keeps the last id for events without one and ignores unknown fields', () => {
    const { events, parser } = parse('id: 5\nevent: notification\ndata: x\n\n', 'foo: bar\nevent: error\ndata: y\n\n');
    expect(events).toEqual([
      { id: '5', event: 'notification', data: 'x' },
      { id: '5', event: 'error', data: 'y' },
    ]);
    expect(parser.lastEventId).toBe('5');
  });
});
