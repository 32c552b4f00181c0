import type { Schemas } from '../api/client';
import { session } from '../auth/session';
import { SseParser } from './sse-parser';

export type Notification = Schemas['Notification'];
const STREAM_PATH = '/api/v1/notifications/stream';
const DEFAULT_RETRY_MS = 3000;

/**
 * Follows GET /notifications/stream with the session's bearer token (fetch, since EventSource
 * cannot send headers) and hands each notification to `onNotification`. When the stream ends
 * or fails it reconnects after the server's `retry` delay with Last-Event-ID, so nothing sent
 * meanwhile is missed. A 401 ends the session like any other call. Returns a stop function.
 */
export function followNotifications(onNotification: (notification: Notification) => void): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let retryMs = DEFAULT_RETRY_MS;

  async function connectOnce(): Promise<void> {
    const token = session.token();
    if (!token) return;
    const response = await fetch(STREAM_PATH, {
      headers: {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${token}`,
        ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      },
      signal: abort.signal,
    });
    if (response.status === 401) {
      session.expired();
      abort.abort();
      return;
    }
    if (!response.ok || !response.body) return;
    const parser = new SseParser((event) => {
      if (event.event !== 'notification') return;
      try {
        onNotification(JSON.parse(event.data) as Notification);
      } catch {
        // A malformed message is skipped; the next one still arrives.
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
        lastEventId = parser.lastEventId ?? lastEventId;
        retryMs = parser.retryMs ?? retryMs;
      }
    } finally {
      reader.releaseLock();
    }
  }

  void (async () => {
    while (!abort.signal.aborted) {
      await connectOnce().catch(() => undefined);
      if (abort.signal.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();
  return () => abort.abort();
}
