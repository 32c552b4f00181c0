// A Server-Sent Events parser (the WHATWG event-stream format) for streams read with fetch:
// the browser's EventSource cannot send the Authorization header the gateway requires.

export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Feeds text chunks as they arrive and hands out each complete event. Lines end in \n, \r\n or
 * \r; a blank line dispatches; `:` lines are comments (heartbeats); `retry:` sets the reconnect
 * delay. A chunk may end mid-line: the rest waits for the next chunk.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private id: string | undefined;
  /** The last event id seen, for Last-Event-ID on reconnect. */
  lastEventId: string | undefined;
  /** The server's reconnect delay, when it sent one. */
  retryMs: number | undefined;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // The last piece has no line end yet (or is empty after a trailing one).
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  private dispatch(): void {
    if (this.id !== undefined) this.lastEventId = this.id;
    if (this.data.length > 0) {
      this.onEvent({ id: this.lastEventId, event: this.eventType || 'message', data: this.data.join('\n') });
    }
    this.data = [];
    this.eventType = '';
  }
}
